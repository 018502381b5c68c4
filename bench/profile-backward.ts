/**
 * npx tsx bench/profile-backward.ts [-- --runs 3 --out bench/profile-backward.json --model inception|teachable|densenet201|resnet50]
 *
 * Where a backward pass's time goes, kernel by kernel: Inception V3 (or a model of a Teachable
 * Machine export's size, MobileNetV2 α = 0.35, or a torchvision model's torch.onnx.export made by
 * bench/pytorch-cpu.ts, each loaded through the worker's own path) on tfjs's wasm backend in Node
 * (SIMD, one thread: the kernels the app runs), with the app's gradient registrations. Records one
 * forward pass as the worker does, then profiles backward passes over it under each rule (tf.profile:
 * each kernel's wall time), and writes the per-kernel totals of the median pass with the forward
 * pass's, so backward / forward is read from the same run.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { asFiles, layersModelFiles, teachableMetadata, teachableMobileNetV2 } from '../test-support/own-models.ts';
import { loadGraphModelFromDir } from '../test-support/load-in-node.ts';
import { loadModel } from '../src/worker/model/load-model.ts';
import { RULES } from '../src/shared/methods.ts';
import { useRule } from '../src/worker/gradients/gradient-rules.ts';
import { recordNet } from '../src/worker/methods/net.ts';
import { registerSaliencyKernels } from '../src/worker/gradients/register-kernels.ts';
import { exportBytes, PYTORCH_BENCH_MODELS, type PyTorchBenchModel } from './pytorch-cpu.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' }, out: { type: 'string', default: 'bench/profile-backward.json' }, model: { type: 'string', default: 'inception' } } });
const RUNS = Number(args.runs);

await tf.setBackend('wasm');
registerSaliencyKernels();
const pytorchModel = PYTORCH_BENCH_MODELS.find((name) => name === args.model);
const { model, logitsNode, size, classes } = args.model === 'teachable' ? await teachable()
  : pytorchModel ? await pytorchExport(pytorchModel)
  : { model: await loadGraphModelFromDir('public/model'), logitsNode: 'logits', size: 299, classes: 1001 };
const logits = (x: tf.Tensor4D) => model.execute(x, logitsNode) as tf.Tensor2D;
const input = tf.randomUniform([1, size, size, 3], -1, 1, 'float32', 7) as tf.Tensor4D;

async function teachable() {
  return loaded(asFiles(await layersModelFiles(teachableMobileNetV2(), teachableMetadata())));
}

/** The export npm run bench:onnx made (bench/pytorch-cpu.ts). */
async function pytorchExport(name: PyTorchBenchModel) {
  return loaded([new File([exportBytes(name)], `${name}.onnx`)]);
}

async function loaded(files: File[]) {
  const { model, nodes, descriptor } = await loadModel({ kind: 'files', files }, () => undefined);
  return { model, logitsNode: nodes.logits, size: descriptor.input.height, classes: descriptor.classCount };
}

type Totals = Record<string, { ms: number; calls: number }>;
const totalsOf = (kernels: Awaited<ReturnType<typeof tf.profile>>['kernels']) => {
  const totals: Totals = {};
  for (const k of kernels) {
    const entry = (totals[k.name] ??= { ms: 0, calls: 0 });
    entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    entry.calls++;
  }
  return totals;
};
const sum = (t: Totals) => Object.values(t).reduce((s, k) => s + k.ms, 0);
const median = <T>(xs: T[], key: (x: T) => number) => [...xs].sort((a, b) => key(a) - key(b))[xs.length >> 1]!;

interface Pass { method: string; wallMs: number; totals: Totals }
const forwards: { wallMs: number; totals: Totals }[] = [];
const backwards: Pass[] = [];
for (let run = 0; run <= RUNS; run++) {
  let tape!: ReturnType<typeof recordNet>;
  const started = performance.now();
  // tf.profile hands back one object that the next profile overwrites: read it at once.
  const forwardTotals = totalsOf((await tf.profile(() => {
    tape = recordNet(logits, input);
  })).kernels);
  await tape.output.data();
  const forwardMs = performance.now() - started;
  for (const method of RULES) {
    useRule(method);
    const dy = tf.oneHot(tf.tensor1d([Math.min(250, classes - 1)], 'int32'), classes).asType('float32');
    const start = performance.now();
    let gradient!: tf.Tensor;
    const profile = await tf.profile(() => {
      gradient = tape.backward(dy);
    });
    await gradient.data();
    const wallMs = performance.now() - start;
    tf.dispose([gradient, dy]);
    // The first run warms kernels and caches (flipped filters); it is not counted.
    if (run > 0) backwards.push({ method, wallMs, totals: totalsOf(profile.kernels) });
  }
  tape.dispose();
  if (run > 0) forwards.push({ wallMs: forwardMs, totals: forwardTotals });
  console.log(`run ${run}: forward ${forwardMs.toFixed(0)} ms, backward ${backwards.slice(-3).map((b) => b.wallMs.toFixed(0)).join(' / ')} ms`);
}

const forward = median(forwards, (f) => f.wallMs);
const perMethod = Object.fromEntries(RULES.map((method) => {
  const pass = median(backwards.filter((b) => b.method === method), (b) => b.wallMs);
  const kernels = Object.entries(pass.totals).sort(([, a], [, b]) => b.ms - a.ms)
    .map(([name, { ms, calls }]) => ({ name, ms: Math.round(ms * 10) / 10, calls, share: Math.round((1000 * ms) / sum(pass.totals)) / 1000 }));
  return [method, { wallMs: Math.round(pass.wallMs), kernelMs: Math.round(sum(pass.totals)), perForward: Math.round((100 * pass.wallMs) / forward.wallMs) / 100, kernels }];
}));
const report = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length },
  model: args.model,
  runtime: `Node ${process.version}, tfjs ${tf.version.tfjs}, wasm (SIMD, 1 thread)`,
  runs: RUNS,
  forward: { wallMs: Math.round(forward.wallMs), kernels: Object.entries(forward.totals).sort(([, a], [, b]) => b.ms - a.ms).slice(0, 8).map(([name, { ms, calls }]) => ({ name, ms: Math.round(ms), calls })) },
  backward: perMethod,
};
writeFileSync(args.out, JSON.stringify(report, null, 1) + '\n');
console.log(`forward ${report.forward.wallMs} ms`);
for (const [method, pass] of Object.entries(perMethod)) {
  console.log(`\n${method}: ${pass.wallMs} ms (${pass.perForward}x forward), kernels ${pass.kernelMs} ms`);
  for (const k of pass.kernels.slice(0, 14)) console.log(`  ${k.name.padEnd(28)} ${String(k.ms).padStart(7)} ms  ${String(k.calls).padStart(4)} calls  ${(100 * k.share).toFixed(1)} %`);
}

/**
 * npx tsx bench/batching.ts [-- --runs 4 --out bench/results-batching.json]
 *
 * What batching buys the methods made of many passes, on tfjs's wasm backend in Node (SIMD, one
 * thread) with the real Inception V3: a forward pass (occlusion, the faithfulness curves) over 1, 2,
 * 4 and 8 inputs at once, and a forward and a vanilla backward pass (Integrated Gradients' step, with
 * the app's gradients) over 1, 2 and 4; the median time per input of `runs` runs after one warm-up.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadGraphModelFromDir } from '../test-support/load-in-node.ts';
import { useRule } from '../src/worker/gradients/gradient-rules.ts';
import { recordNet } from '../src/worker/methods/net.ts';
import { registerSaliencyKernels } from '../src/worker/gradients/register-kernels.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '4' }, out: { type: 'string', default: 'bench/results-batching.json' } } });
const RUNS = Number(args.runs);

await tf.setBackend('wasm');
registerSaliencyKernels();
const model = await loadGraphModelFromDir('public/model');
const net = (x: tf.Tensor4D) => model.execute(x, 'logits') as tf.Tensor2D;

async function perInput(batch: number, pass: (x: tf.Tensor4D) => Promise<void>): Promise<number> {
  const x = tf.randomUniform([batch, 299, 299, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const start = performance.now();
    await pass(x);
    if (run > 0) times.push(performance.now() - start);
  }
  x.dispose();
  times.sort((a, b) => a - b);
  return Math.round(times[times.length >> 1]! / batch);
}

const forward = async (x: tf.Tensor4D) => {
  const logits = net(x);
  await logits.data();
  logits.dispose();
};
useRule('vanilla');
const forwardAndBackward = async (x: tf.Tensor4D) => {
  const tape = recordNet(net, x);
  const seed = tf.tidy(() => tf.oneHot(tf.fill([x.shape[0]], 208, 'int32') as tf.Tensor1D, 1001).asType('float32'));
  const gradient = tape.backward(seed);
  await gradient.data();
  tf.dispose([gradient, seed]);
  tape.dispose();
};

const forwardMs: Record<number, number> = {};
for (const batch of [1, 2, 4, 8]) forwardMs[batch] = await perInput(batch, forward);
const gradientStepMs: Record<number, number> = {};
for (const batch of [1, 2, 4]) gradientStepMs[batch] = await perInput(batch, forwardAndBackward);
const ratios = (ms: Record<number, number>) => Object.fromEntries(Object.entries(ms).map(([b, t]) => [b, Math.round((100 * t) / ms[1]!) / 100]));
const report = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length },
  setup: `tfjs ${tf.version.tfjs} wasm in Node ${process.version} (SIMD, one thread), Inception V3 299×299; median ms per input of ${RUNS} runs`,
  forwardMsPerInput: forwardMs,
  forwardPerInputVsOne: ratios(forwardMs),
  forwardAndVanillaBackwardMsPerInput: gradientStepMs,
  forwardAndVanillaBackwardVsOne: ratios(gradientStepMs),
};
writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify(report, null, 2));

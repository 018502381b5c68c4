/**
 * npm run bench:onnx [-- --runs 5 --models densenet201,resnet50]
 * PyTorch models in the page, timed in Node on this machine (tfjs's wasm backend, one thread, as the
 * worker runs it without cross-origin isolation): torchvision's DenseNet-201 and ResNet-50 with
 * seeded random weights, exported by torch.onnx.export (test-support/onnx_reference.py --bench);
 * the file's decoding (onnx-proto) and translation into the TF.js graph; the model ready (the worker's
 * load: read, translate, load, audit; then its first image's forward pass and three maps); and a new image:
 * its forward pass and the three maps (vanilla, deconvnet, guided) on random inputs, median of the
 * runs. PyTorch-CPU's three maps (a forward and a backward pass each, float32, 1 and 2 threads) are timed
 * in the same run on the same machine, and the ratio written beside them (bench/results-onnx.json).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { stats } from './stats.ts';
import { exportAndTimePyTorch, exportBytes, PYTORCH_BENCH_MODELS } from './pytorch-cpu.ts';
import { loadModel, netOf } from '../src/worker/model/load-model.ts';
import { readOnnx } from '../src/worker/model/onnx/read-onnx.ts';
import { onnxToGraphModel } from '../src/worker/model/onnx/to-graph-model.ts';
import { saliencyMaps } from '../src/worker/methods/saliency.ts';
import { registerSaliencyKernels } from '../src/worker/gradients/register-kernels.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' }, models: { type: 'string', default: PYTORCH_BENCH_MODELS.join(',') }, out: { type: 'string', default: 'bench/results-onnx.json' } } });
const runs = Number(args.runs);
const models = args.models.split(',');
const pytorchTimes = exportAndTimePyTorch(models);
registerSaliencyKernels();
await tf.setBackend('wasm');

const time = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => {
  const start = performance.now();
  const value = await f();
  return [value, performance.now() - start];
};

const results: Record<string, unknown> = {};
for (const name of models) {
  const bytes = exportBytes(name);
  const decode: number[] = [];
  const translate: number[] = [];
  for (let i = 0; i < 3; i++) {
    const [model, decodeMs] = await time(() => readOnnx(bytes));
    const [, translateMs] = await time(() => onnxToGraphModel(model));
    decode.push(decodeMs);
    translate.push(translateMs);
  }
  const [loaded, loadMs] = await time(() => loadModel({ kind: 'files', files: [new File([bytes], `${name}.onnx`)] }, () => undefined));
  const [h, w] = [loaded.descriptor.input.height, loaded.descriptor.input.width];
  const oneImage = async (seed: number) => {
    const x = tf.randomNormal([1, h, w, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
    const [classIndex, forwardMs] = await time(async () => (await tf.tidy(() => (loaded.model.execute(x, loaded.nodes.logits) as tf.Tensor).argMax(1)).data())[0]!);
    const [, mapsMs] = await time(async () => { for await (const map of saliencyMaps(netOf(loaded), x, classIndex, ['vanilla', 'deconvnet', 'guided'])) void map; });
    x.dispose();
    return { forwardMs, mapsMs };
  };
  const [, firstImageMs] = await time(() => oneImage(0));
  const images = [];
  for (let i = 1; i <= runs; i++) images.push(await oneImage(i));
  const pytorch = pytorchTimes[name]!;
  const newImage = stats(images.map((r) => r.forwardMs + r.mapsMs));
  results[name] = {
    fileMB: Math.round(bytes.length / 2 ** 20),
    nodes: readOnnx(bytes).nodes.length,
    decodeMs: stats(decode),
    translateMs: stats(translate),
    readyMs: Math.round(loadMs + firstImageMs),
    loadMs: Math.round(loadMs),
    firstImageMs: Math.round(firstImageMs),
    newImage: { forwardMs: stats(images.map((r) => r.forwardMs)), threeMapsMs: stats(images.map((r) => r.mapsMs)), totalMs: newImage },
    // The machine is shared: the least disturbed run of each (min) is the fairer pair when the medians scatter.
    pytorchCpu: Object.fromEntries(Object.entries(pytorch.threads).map(([threads, t]) => {
      const maps = stats(t.threeMapsMs);
      return [`${threads} thread${threads === '1' ? '' : 's'}`, { forwardMs: stats(t.forwardMs), threeMapsMs: maps, ratio: Number((newImage.median / maps.median).toFixed(2)), ratioOfFastest: Number((newImage.min / maps.min).toFixed(2)) }];
    })),
    torch: pytorch.torch,
  };
  loaded.model.dispose();
  console.log(name, JSON.stringify(results[name]));
}
writeFileSync(args.out, JSON.stringify({ machine: `${os.cpus()[0]?.model}, ${os.cpus().length} cores`, node: process.version, backend: 'wasm (Node, 1 thread)', runs, results }, null, 2) + '\n');

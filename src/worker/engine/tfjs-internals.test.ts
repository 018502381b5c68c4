import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, expect, it } from 'vitest';
import { loadGraphModelFromDir } from '../../../test-support/load-in-node.ts';
import { recordTape, shareIdentityDataOnWasm, splitWithoutCopiesOnWasm, swapWeights } from './tfjs-internals.ts';

/** The tfjs internals the app leans on: if an upgrade changes them, these fail first. */
beforeAll(async () => {
  await tf.setBackend('wasm');
  shareIdentityDataOnWasm();
  splitWithoutCopiesOnWasm();
});

it('recordTape sees the kernels of a pass as tf.grad records them, saved inputs included', () => {
  const x = tf.tensor1d([-1, 2]);
  const { result, nodes } = recordTape(() => tf.relu(x));
  const relu = nodes.find((n) => n.kernelName === 'Relu')!;
  expect(relu.inputs.x).toBe(x);
  expect(relu.outputs).toEqual([result]);
  expect([...relu.saved![0]!.dataSync()]).toEqual([-1, 2]);
  tf.dispose([x, result, ...nodes.flatMap((n) => n.saved ?? [])]);
});

it('on wasm, Identity shares its input\'s data and frees it with the last reference', () => {
  const before = tf.memory().numDataBuffers;
  const x = tf.tensor1d([1, 2, 3]);
  const copy = tf.clone(x);
  expect(copy.dataId).toBe(x.dataId);
  x.dispose();
  expect([...copy.dataSync()]).toEqual([1, 2, 3]);
  copy.dispose();
  expect(tf.memory().numDataBuffers).toBe(before);
});

it('so a filter saved by a recorded conv is the weight\'s own data, the same on every pass', () => {
  const filter = tf.ones([1, 1, 2, 2]) as tf.Tensor4D;
  const x = tf.ones([1, 2, 2, 2]) as tf.Tensor4D;
  const ids = [0, 1].map(() => {
    const { result, nodes } = recordTape(() => tf.conv2d(x, filter, 1, 'same'));
    const id = nodes.find((n) => n.kernelName === 'Conv2D')!.saved![1]!.dataId;
    tf.dispose([result, ...nodes.flatMap((n) => n.saved ?? [])]);
    return id;
  });
  expect(ids).toEqual([filter.dataId, filter.dataId]);
  tf.dispose([filter, x]);
});

it('on wasm, SplitV is the one that copies from the heap, and its parts are the slices on every axis, in every dtype', () => {
  expect(tf.getKernel(tf.SplitV, 'wasm')!.kernelFunc.name).toBe('splitFromHeap');
  const before = tf.memory().numDataBuffers;
  const shape = [2, 3, 4, 5];
  // Values that say where they came from: the flat index.
  const values = Array.from({ length: 120 }, (_, i) => i);
  for (const dtype of ['float32', 'int32', 'bool'] as const) {
    const x = tf.tensor(values.map((v) => (dtype === 'bool' ? v % 3 === 0 : v)) as number[] & boolean[], shape, dtype);
    for (let axis = 0; axis < 4; axis++) {
      const sizes = axis === 0 ? [1, 1] : [1, shape[axis]! - 1];
      const parts = tf.split(x, sizes, axis);
      let begin = 0;
      parts.forEach((part, i) => {
        const size = shape.map((d, a) => (a === axis ? sizes[i]! : d));
        const slice = tf.slice(x, shape.map((_, a) => (a === axis ? begin : 0)), size);
        expect(part.dtype).toBe(dtype);
        expect(part.shape).toEqual(size);
        expect([...part.dataSync()]).toEqual([...slice.dataSync()]);
        slice.dispose();
        begin += sizes[i]!;
      });
      tf.dispose(parts);
    }
    x.dispose();
  }
  expect(tf.memory().numDataBuffers).toBe(before);
});

it('a graph model\'s weights swap in place: execute() uses and keeps the new ones, and swapping back restores the model exactly', async () => {
  const model = await loadGraphModelFromDir('public/model');
  const name = 'InceptionV3/Logits/Conv2d_1c_1x1/BiasAdd/filter';
  const bias = model.weights['InceptionV3/Logits/Conv2d_1c_1x1/BiasAdd/bias']![0]!;
  const input = tf.randomUniform([1, 299, 299, 3], -1, 1, 'float32', 7);
  const logits = () => tf.tidy(() => (model.execute(input, 'logits') as tf.Tensor).dataSync().slice());
  const before = logits();
  const zeros = tf.zeros(model.weights[name]![0]!.shape);
  const replaced = swapWeights(model, new Map([[name, zeros]]));
  expect(logits()).toEqual(await bias.data());
  expect(zeros.isDisposed).toBe(false);
  expect(logits()).toEqual(await bias.data());
  swapWeights(model, replaced);
  expect(logits()).toEqual(before);
  expect(() => swapWeights(model, new Map([['no such weight', zeros]]))).toThrow('no weight named');
  tf.dispose([zeros, input]);
  model.dispose();
});

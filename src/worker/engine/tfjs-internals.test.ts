import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, expect, it } from 'vitest';
import { loadGraphModelFromDir } from '../../../test-support/load-in-node.ts';
import { recordTape, shareIdentityDataOnWasm, swapWeights } from './tfjs-internals.ts';

/** The tfjs internals the app leans on: if an upgrade changes them, these fail first. */
beforeAll(async () => {
  await tf.setBackend('wasm');
  shareIdentityDataOnWasm();
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

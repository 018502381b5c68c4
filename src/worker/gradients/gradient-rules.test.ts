import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureRelu, registerRuleGradients, takeCapturedRelu, takeRewriteCount, useRule } from './gradient-rules.ts';
import type { Rule } from '../../shared/methods.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerRuleGradients();
});

/** d/dx of sum(activation(x) * dy): the rule's output for incoming gradient dy. */
function ruleOutput(method: Rule, activation: (x: tf.Tensor) => tf.Tensor, x: number[], dy: number[]): number[] {
  useRule(method);
  const out = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(activation(t), tf.tensor(dy))))(tf.tensor(x)).dataSync());
  return [...out].map((v) => v + 0); // -0 -> 0: a masked negative gradient is still zero

}

describe('truth tables', () => {
  // Every x against every dy, including x = 0, x = 6 and dy = 0.
  const xs = [-1, 0, 0.5, 6, 7];
  const dys = [-2, 0, 3];
  const x = xs.flatMap((v) => dys.map(() => v));
  const dy = xs.flatMap(() => dys);
  // Rows: x = -1, 0, 0.5, 6, 7; columns: dy = -2, 0, 3. Written by hand from the rules.
  const relu = {
    vanilla: [0, 0, 0, /**/ 0, 0, 0, /**/ -2, 0, 3, /**/ -2, 0, 3, /**/ -2, 0, 3],
    deconvnet: [0, 0, 3, /**/ 0, 0, 3, /**/ 0, 0, 3, /**/ 0, 0, 3, /**/ 0, 0, 3],
    guided: [0, 0, 0, /**/ 0, 0, 0, /**/ 0, 0, 3, /**/ 0, 0, 3, /**/ 0, 0, 3],
  };
  const relu6 = {
    vanilla: [0, 0, 0, /**/ 0, 0, 0, /**/ -2, 0, 3, /**/ -2, 0, 3, /**/ 0, 0, 0],
    deconvnet: [0, 0, 3, /**/ 0, 0, 3, /**/ 0, 0, 3, /**/ 0, 0, 3, /**/ 0, 0, 3],
    guided: [0, 0, 0, /**/ 0, 0, 0, /**/ 0, 0, 3, /**/ 0, 0, 3, /**/ 0, 0, 0],
  };
  for (const method of ['vanilla', 'deconvnet', 'guided'] as const) {
    it(`Relu, ${method}`, () => expect(ruleOutput(method, tf.relu, x, dy)).toEqual(relu[method]));
    it(`Relu6, ${method}`, () => expect(ruleOutput(method, tf.relu6, x, dy)).toEqual(relu6[method]));
  }
});

/**
 * Captum's own guided backprop / deconvnet fixture (FACTS): conv 1->2 channels with 3x3 kernels of
 * ones, biases -50 and -75, ReLU, fully connected 8->4 with rows [+1 x5, -1 x3], ReLU; input
 * arange(16) as 4x4; target 0. PyTorch flattens channel-major (c, h, w); NHWC flattens (h, w, c).
 */
describe('the hand-computed conv net fixture', () => {
  const fcRow = [1, 1, 1, 1, 1, -1, -1, -1]; // indexed c * 4 + h * 2 + w
  const nhwcRow = [0, 1, 2, 3].flatMap((hw) => [0, 1].map((c) => fcRow[c * 4 + hw]!));
  const fc = tf.tensor2d([0, 1, 2, 3].flatMap(() => nhwcRow), [4, 8]).transpose(); // [8, 4]
  const filter = tf.ones([3, 3, 1, 2]) as tf.Tensor4D;
  const bias = tf.tensor1d([-50, -75]);
  const input = tf.range(0, 16).reshape([1, 4, 4, 1]) as tf.Tensor4D;

  const net = (fused: boolean) => (x: tf.Tensor4D) => {
    const conv = fused
      ? tf.fused.conv2d({ x, filter, strides: 1, pad: 'valid', bias, activation: 'relu' })
      : tf.relu(tf.add(tf.conv2d(x, filter, 1, 'valid'), bias));
    return tf.relu(tf.matMul(conv.reshape([-1, 8]), fc));
  };
  const saliency = (method: Rule, fused = false) => {
    useRule(method);
    const grad = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.slice(net(fused)(x as tf.Tensor4D), [0, 0], [1, 1])))(input).reshape([4, 4]).arraySync());
    return (grad as number[][]).map((row) => row.map((v) => v + 0));
  };

  it('guided backprop', () => {
    expect(saliency('guided')).toEqual([[0, 1, 1, 1], [1, 3, 3, 2], [1, 3, 3, 2], [1, 2, 2, 1]]);
  });
  it('deconvnet', () => {
    expect(saliency('deconvnet')).toEqual([[2, 3, 3, 1], [3, 5, 5, 2], [3, 5, 5, 2], [1, 2, 2, 1]]);
  });
  it('vanilla (by hand: only the window at (0, 1) keeps a net gradient of 1)', () => {
    expect(saliency('vanilla')).toEqual([[0, 1, 1, 1], [0, 1, 1, 1], [0, 1, 1, 1], [0, 0, 0, 0]]);
  });
  it('a fused conv + ReLU under tf.grad reaches the registered rules (2 ReLUs a pass)', () => {
    takeRewriteCount();
    expect(saliency('guided', true)).toEqual([[0, 1, 1, 1], [1, 3, 3, 2], [1, 3, 3, 2], [1, 2, 2, 1]]);
    expect(saliency('deconvnet', true)).toEqual([[2, 3, 3, 1], [3, 5, 5, 2], [3, 5, 5, 2], [1, 2, 2, 1]]);
    expect(takeRewriteCount()).toBe(4);
  });
});

describe('capturing a ReLU for the teaching diagram', () => {
  it('keeps the ReLU nearest the input, with the gradient that reached it (worked by hand)', () => {
    // y = sum(relu(3 relu(t) - 1) * [5, 7]) at t = [1, -2]: the second ReLU's input is [2, -1], so the
    // vanilla rule passes [5, 0]; times 3, the first ReLU receives dy = [15, 0] at its input x = t.
    const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.sub(tf.mul(tf.relu(t), 3), 1)), tf.tensor4d([5, 7], [1, 1, 2, 1])));
    useRule('vanilla');
    captureRelu();
    tf.tidy(() => tf.grad(f)(tf.tensor4d([1, -2], [1, 1, 2, 1])));
    const captured = takeCapturedRelu()!;
    expect([...captured.x.dataSync()]).toEqual([1, -2]);
    expect([...captured.dy.dataSync()]).toEqual([15, 0]);
    tf.dispose([captured.x, captured.dy]);
    expect(takeCapturedRelu()).toBeUndefined();
    // Capturing stopped with the take: the next pass keeps nothing.
    tf.tidy(() => tf.grad(f)(tf.tensor4d([1, -2], [1, 1, 2, 1])));
    expect(takeCapturedRelu()).toBeUndefined();
  });
});

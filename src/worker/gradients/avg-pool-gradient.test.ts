import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactAvgPoolGradient, registerExactAvgPoolGradient } from './avg-pool-gradient.ts';
import { registerRuleGradients, useRule } from './gradient-rules.ts';
import { inceptionLikeNet, seededValues } from '../../../test-support/test-nets.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Central finite differences of f at x, in float64 arithmetic on float32 evaluations. */
function finiteDifference(f: (x: tf.Tensor) => tf.Scalar, x: Float32Array, shape: [number, number, number, number], eps: number, indices: number[]) {
  return indices.map((i) => {
    const at = (delta: number) => {
      const moved = Float32Array.from(x);
      moved[i]! += delta;
      return tf.tidy(() => f(tf.tensor4d(moved, shape)).dataSync()[0]!);
    };
    return (at(eps) - at(-eps)) / (2 * eps);
  });
}

describe('AvgPool gradient', () => {
  const cases = [
    { name: '3x3 stride 1 SAME (Inception mixed blocks)', shape: [1, 5, 6, 3], filter: 3, stride: 1, pad: 'same' },
    { name: '3x3 stride 2 SAME', shape: [1, 7, 6, 2], filter: 3, stride: 2, pad: 'same' },
    { name: '8x8 VALID (Inception head)', shape: [1, 8, 8, 4], filter: 8, stride: 2, pad: 'valid' },
  ] as const;

  for (const c of cases) {
    it(`equals finite differences of the forward: ${c.name}`, () => {
      const shape = [...c.shape] as [number, number, number, number];
      const size = shape.reduce((a, b) => a * b, 1);
      const x = seededValues(size, 3);
      const weightsShape = tf.tidy(() => tf.avgPool(tf.zeros(shape) as tf.Tensor4D, c.filter, c.stride, c.pad).shape);
      const weights = tf.tensor(seededValues(weightsShape.reduce((a, b) => a * b, 1), 9), weightsShape);
      const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(t as tf.Tensor4D, c.filter, c.stride, c.pad), weights)) as tf.Scalar;
      const exact = tf.tidy(() => {
        const dy = tf.mul(tf.onesLike(weights), weights) as tf.Tensor4D;
        return exactAvgPoolGradient(dy, tf.tensor4d(x, shape), { filterSize: c.filter, strides: c.stride, pad: c.pad }).dataSync();
      });
      const all = [...Array(size).keys()];
      const numeric = finiteDifference(f, x, shape, 1e-2, all);
      all.forEach((i) => expect(exact[i]).toBeCloseTo(numeric[i]!, 3));
    });
  }

  it("differs from tfjs's stock gradient at SAME borders (the bug it fixes)", () => {
    const x = tf.tensor4d(seededValues(30, 1), [1, 5, 6, 1]);
    const f = (t: tf.Tensor) => tf.sum(tf.avgPool(t as tf.Tensor4D, 3, 1, 'same'));
    const stock = tf.tidy(() => tf.grad(f)(x).dataSync());
    registerExactAvgPoolGradient();
    const exact = tf.tidy(() => tf.grad(f)(x).dataSync());
    // Corner cell: its own window has 4 valid cells, its neighbours' 6 and 6 and 4 -> 1/4 + 2/6 + 1/4 ... by hand:
    // windows containing (0,0): centred at (0,0) [4 cells], (0,1) [6], (1,0) [6], (1,1) [9].
    expect(exact[0]).toBeCloseTo(1 / 4 + 1 / 6 + 1 / 6 + 1 / 9, 5);
    expect(stock[0]).toBeCloseTo(4 / 9, 5);
  });
});

describe('the whole gradient path, vanilla rule', () => {
  it('equals finite differences through conv, ReLU, max and average pools, concat and reshape', () => {
    registerRuleGradients();
    registerExactAvgPoolGradient();
    useRule('vanilla');
    const net = inceptionLikeNet(4);
    const shape: [number, number, number, number] = [1, 11, 13, 3];
    const x = seededValues(11 * 13 * 3, 5);
    const f = (t: tf.Tensor) => tf.sum(tf.slice(net(t as tf.Tensor4D), [0, 1], [1, 1])) as tf.Scalar;
    const analytic = tf.tidy(() => tf.grad(f)(tf.tensor4d(x, shape)).dataSync());
    const indices = [...Array(x.length).keys()].filter((i) => i % 7 === 0);
    const numeric = finiteDifference(f, x, shape, 1e-3, indices);
    const scale = Math.max(...analytic.map(Math.abs));
    const errors = indices.map((i, k) => Math.abs(analytic[i]! - numeric[k]!) / scale);
    // float32 evaluations: allow 1 % of the map's range; a ReLU kink inside +-eps may break one point.
    expect(errors.filter((e) => e > 1e-2).length).toBeLessThanOrEqual(1);
  });
});

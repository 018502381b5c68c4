// test-support: nets, model generators and loaders for the unit tests, e2e specs and bench; the build never
// sees this folder (src/import-rules.test.ts fails if a product module imports it).
import * as tf from '@tensorflow/tfjs';

/** Deterministic pseudo-random numbers in [-1, 1) for test weights (a 32-bit LCG). */
export function seededValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

const random = (shape: number[], seed: number, scale = 1) =>
  tf.mul(tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape), scale);

/**
 * A small net with every op Inception V3 puts on the gradient's path: fused conv + ReLU (valid and
 * same, stride 1 and 2), max pool, the 3x3 stride-1 SAME average pool of the mixed blocks, concat,
 * a VALID average pool, a linear 1x1 conv and a reshape to logits. withAvgPool: false drops the
 * average pools (whose stock tfjs gradient is wrong at borders).
 */
export function inceptionLikeNet(classes: number, withAvgPool = true): (x: tf.Tensor4D) => tf.Tensor2D {
  const w1 = random([3, 3, 3, 8], 1, 0.5) as tf.Tensor4D;
  const b1 = random([8], 2, 0.1) as tf.Tensor1D;
  const w2 = random([1, 1, 8, 6], 3, 0.5) as tf.Tensor4D;
  const b2 = random([6], 4, 0.1) as tf.Tensor1D;
  const w3 = random([1, 3, 8, 6], 5, 0.5) as tf.Tensor4D;
  const b3 = random([6], 6, 0.1) as tf.Tensor1D;
  const wLogits = random([1, 1, 14, classes], 7, 0.5) as tf.Tensor4D;
  const bLogits = random([classes], 8, 0.1) as tf.Tensor1D;
  return (x) => {
    const stem = tf.fused.conv2d({ x, filter: w1, strides: 2, pad: 'valid', bias: b1, activation: 'relu' });
    const pooled = tf.maxPool(stem, 3, 1, 'same');
    const branchA = tf.fused.conv2d({ x: pooled, filter: w2, strides: 1, pad: 'same', bias: b2, activation: 'relu' });
    const branchB = tf.fused.conv2d({ x: withAvgPool ? tf.avgPool(pooled, 3, 1, 'same') : pooled, filter: w3, strides: 1, pad: 'same', bias: b3, activation: 'relu' });
    const mixed = tf.concat([branchA, branchB, tf.slice(pooled, [0, 0, 0, 0], [-1, -1, -1, 2])], 3);
    const [, h, w] = mixed.shape;
    const global = withAvgPool ? tf.avgPool(mixed, [h!, w!], 1, 'valid') : tf.maxPool(mixed, [h!, w!], 1, 'valid');
    const logits = tf.add(tf.conv2d(global, wLogits, 1, 'valid'), bLogits);
    return tf.reshape(logits, [-1, classes]) as tf.Tensor2D;
  };
}

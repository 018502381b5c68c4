import * as tf from '@tensorflow/tfjs';
import type { Method } from '../shared/methods.ts';
import { takeRewriteCount, useRules } from './gradient-rules.ts';

/** Anything that maps a batch of inputs [B, H, W, 3] to logits [B, classes]. */
export type LogitsFn = (input: tf.Tensor4D) => tf.Tensor2D;

export interface SaliencyResult {
  /** d logit[class] / d input for each method, [H, W, 3] float32. */
  gradients: Record<Method, Float32Array>;
  /** ReLU gradients rewritten in one backward pass. */
  reluRewritesPerPass: number;
}

/**
 * The gradient of one class's logit (pre-softmax) w.r.t. the input, under each method's ReLU rule.
 * batched: one pass over a batch of copies, rule by batch index; else one pass per method.
 */
export async function computeSaliency(
  logits: LogitsFn, input: tf.Tensor4D, classIndex: number, methods: readonly Method[], batched: boolean,
): Promise<SaliencyResult> {
  const pixels = input.size;
  takeRewriteCount();
  const gradients = {} as Record<Method, Float32Array>;
  if (batched) {
    const all = await gradientOf(logits, input, classIndex, methods);
    methods.forEach((method, i) => (gradients[method] = all.slice(i * pixels, (i + 1) * pixels)));
  } else {
    for (const method of methods) gradients[method] = await gradientOf(logits, input, classIndex, [method]);
  }
  const passes = batched ? 1 : methods.length;
  return { gradients, reluRewritesPerPass: takeRewriteCount() / passes };
}

async function gradientOf(logits: LogitsFn, input: tf.Tensor4D, classIndex: number, methods: readonly Method[]) {
  useRules(methods);
  const gradient = tf.tidy(() => {
    const batch = methods.length === 1 ? input : tf.tile(input, [methods.length, 1, 1, 1]);
    // Select the logit by a slice: tf.gather's gradient needs UnsortedSegmentSum (FACTS).
    const classLogit = (x: tf.Tensor) => tf.sum(tf.slice(logits(x as tf.Tensor4D), [0, classIndex], [-1, 1]));
    return tf.grad(classLogit)(batch);
  });
  try {
    return (await gradient.data()) as Float32Array;
  } finally {
    gradient.dispose();
  }
}

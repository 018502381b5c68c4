import * as tf from '@tensorflow/tfjs';
import type { Method } from '../shared/methods.ts';
import type { Passes } from '../shared/protocol.ts';
import { registerExactAvgPoolGradient } from './avg-pool-gradient.ts';
import { registerForwardConvGradient } from './conv-input-gradient.ts';
import { recordForward, type ForwardTape } from './forward-tape.ts';
import { registerRuleGradients, takeRewriteCount, useRules } from './gradient-rules.ts';
import { registerFirstMaxPoolGradient } from './max-pool-gradient.ts';
import { shareIdentityDataOnWasm } from './tfjs-internals.ts';

/**
 * Every kernel and gradient the maps need, registered once before any pass: the three ReLU rules,
 * the exact AvgPool and first-maximum MaxPool gradients, conv input gradients as forward convs, and
 * an Identity that shares data on wasm (so a recorded pass copies nothing).
 */
export function registerSaliencyKernels(): void {
  registerRuleGradients();
  registerExactAvgPoolGradient();
  registerForwardConvGradient();
  registerFirstMaxPoolGradient();
  shareIdentityDataOnWasm();
}

/** Anything that maps a batch of inputs [B, H, W, 3] to logits [B, classes]. */
export type LogitsFn = (input: tf.Tensor4D) => tf.Tensor2D;

/** A forward pass of the logits over the input, recorded for the backward passes (and for classifying). */
export const recordLogits = (logits: LogitsFn, input: tf.Tensor4D): ForwardTape => recordForward((x) => logits(x as tf.Tensor4D), input);

export interface SaliencyMap {
  method: Method;
  classIndex: number;
  /** d logit[class] / d input under the method's ReLU rule, [H, W, 3] float32. */
  gradient: Float32Array;
  /** ReLU gradients rewritten in the backward pass that made it. */
  reluRewrites: number;
}

/**
 * The gradient of each class's logit (pre-softmax) w.r.t. the input under each method's ReLU rule,
 * class by class, each map yielded as soon as it is ready. Passes:
 *   shared    one forward pass, then one backward pass per method over it
 *   separate  one forward and one backward pass per method (what tf.grad does)
 *   batched   one pass over a batch of copies, the rule chosen by batch index
 * All three give the same maps; a second class (compare view) reuses the shared forward pass too.
 * `recorded`, a forward pass of `logits` over `input` already made (to classify the image), serves
 * the shared passes; the generator owns it and frees it, like anything it records, when it ends or
 * its consumer stops early (a newer job).
 */
export async function* saliencyMaps(
  logits: LogitsFn, input: tf.Tensor4D, classes: number | readonly number[], methods: readonly Method[], passes: Passes, recorded?: ForwardTape,
): AsyncGenerator<SaliencyMap> {
  const classList = typeof classes === 'number' ? [classes] : classes;
  if (passes === 'batched') {
    recorded?.dispose();
    for (const classIndex of classList) yield* batchedMaps(logits, input, classIndex, methods);
    return;
  }
  const record = () => recordLogits(logits, input);
  let tape = recorded ?? (passes === 'shared' ? record() : undefined);
  try {
    for (const classIndex of classList) {
      for (const method of methods) {
        tape ??= record();
        useRules([method]);
        takeRewriteCount();
        // The seed: d logit[class] / d logits, one-hot.
        const dy = tf.tidy(() => tf.oneHot(tf.tensor1d([classIndex], 'int32'), tape!.output.shape[1]!).asType('float32'));
        const gradient = tape.backward(dy);
        dy.dispose();
        const reluRewrites = takeRewriteCount();
        if (passes === 'separate') {
          tape.dispose();
          tape = undefined;
        }
        yield { method, classIndex, gradient: await download(gradient), reluRewrites };
      }
    }
  } finally {
    tape?.dispose();
  }
}

/** One pass over a batch of copies of the input, the rule chosen by batch index. */
async function* batchedMaps(logits: LogitsFn, input: tf.Tensor4D, classIndex: number, methods: readonly Method[]): AsyncGenerator<SaliencyMap> {
  // Select the logit by a slice: tf.gather's gradient needs UnsortedSegmentSum (FACTS).
  const classLogit = (x: tf.Tensor) => tf.sum(tf.slice(logits(x as tf.Tensor4D), [0, classIndex], [-1, 1]));
  const pixels = input.size;
  useRules(methods);
  takeRewriteCount();
  const all = await download(tf.tidy(() => tf.grad(classLogit)(tf.tile(input, [methods.length, 1, 1, 1]))));
  const reluRewrites = takeRewriteCount();
  for (const [i, method] of methods.entries()) yield { method, classIndex, gradient: all.slice(i * pixels, (i + 1) * pixels), reluRewrites };
}

/** All maps at once, for tests and callers that do not stream. */
export async function computeSaliency(
  logits: LogitsFn, input: tf.Tensor4D, classIndex: number, methods: readonly Method[], passes: Passes = 'shared',
): Promise<{ gradients: Record<Method, Float32Array>; reluRewritesPerPass: number }> {
  const gradients = {} as Record<Method, Float32Array>;
  let reluRewritesPerPass = 0;
  for await (const map of saliencyMaps(logits, input, classIndex, methods, passes)) {
    gradients[map.method] = map.gradient;
    reluRewritesPerPass = map.reluRewrites;
  }
  return { gradients, reluRewritesPerPass };
}

async function download(tensor: tf.Tensor): Promise<Float32Array> {
  try {
    return (await tensor.data()) as Float32Array;
  } finally {
    tensor.dispose();
  }
}

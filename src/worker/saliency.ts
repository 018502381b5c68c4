import * as tf from '@tensorflow/tfjs';
import type { Method } from '../shared/methods.ts';
import { registerExactAvgPoolGradient } from './avg-pool-gradient.ts';
import { registerForwardConvGradient } from './conv-input-gradient.ts';
import { recordForward, type ForwardTape } from './forward-tape.ts';
import { registerRuleGradients, takeRewriteCount, useRule } from './gradient-rules.ts';
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
 * class by class, each map yielded as soon as it is ready: one forward pass, then one backward pass
 * per method (and per class, for the compare view) over it. Running a forward pass per map, or one
 * pass over a batch of three, gave the same maps and was never faster (README, Speed), so those
 * modes are gone. `recorded`, a forward pass of `logits` over `input` already made (to classify the
 * image), is used when given; the generator owns it and frees it, like anything it records, when it
 * ends or its consumer stops early (a newer job).
 */
export async function* saliencyMaps(
  logits: LogitsFn, input: tf.Tensor4D, classes: number | readonly number[], methods: readonly Method[], recorded?: ForwardTape,
): AsyncGenerator<SaliencyMap> {
  const classList = typeof classes === 'number' ? [classes] : classes;
  const tape = recorded ?? recordLogits(logits, input);
  try {
    for (const classIndex of classList) {
      for (const method of methods) {
        useRule(method);
        takeRewriteCount();
        // The seed: d logit[class] / d logits, one-hot.
        const dy = tf.tidy(() => tf.oneHot(tf.tensor1d([classIndex], 'int32'), tape.output.shape[1]!).asType('float32'));
        const gradient = tape.backward(dy);
        dy.dispose();
        yield { method, classIndex, gradient: await download(gradient), reluRewrites: takeRewriteCount() };
      }
    }
  } finally {
    tape.dispose();
  }
}

/** All maps at once, for tests and callers that do not stream. */
export async function computeSaliency(
  logits: LogitsFn, input: tf.Tensor4D, classIndex: number, methods: readonly Method[],
): Promise<{ gradients: Record<Method, Float32Array>; reluRewritesPerPass: number }> {
  const gradients = {} as Record<Method, Float32Array>;
  let reluRewritesPerPass = 0;
  for await (const map of saliencyMaps(logits, input, classIndex, methods)) {
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

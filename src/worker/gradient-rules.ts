import * as tf from '@tensorflow/tfjs';
import { METHOD_RULES, type Method } from '../shared/methods.ts';
import { replaceGradient } from './replace-gradient.ts';

/**
 * The three saliency rules as ReLU gradients, registered over tfjs's own with tf.registerGradient.
 * With dy the incoming gradient and x the ReLU's forward input:
 *   vanilla    dy * [x > 0]            (Relu6: dy * [0 < x <= 6], tfjs's own rule)
 *   deconvnet  max(dy, 0)              (x ignored)
 *   guided     max(dy, 0) * [x > 0]    (Relu6: max(dy, 0) * [0 < x <= 6])
 * The engine looks gradients up while it records the tape (during the forward pass inside tf.grad),
 * so they are registered once, before any pass; which rule applies is read when the backward pass
 * runs, per batch item, so one pass over a batch of three can compute all three maps.
 */

/** Activations whose gradients these rules do not define: a model using them gets refused. */
export const UNSUPPORTED_ACTIVATIONS = ['Elu', 'Selu', 'LeakyRelu', 'Prelu', 'Sigmoid', 'Tanh', 'Softplus', 'Swish', 'HardSwish', 'Mish', 'Gelu'];

let batchMethods: readonly Method[] = ['vanilla'];
let rewrites = 0;

/** The last ReLU reached while capturing (the one nearest the input), for the teaching diagram. */
let captured: { x: tf.Tensor; dy: tf.Tensor } | undefined;
let capturing = false;

/** Keep the forward input and incoming gradient of the ReLUs the next backward pass reaches. */
export function captureRelu(): void {
  capturing = true;
}

/** What was captured (the caller disposes it); capturing stops. */
export function takeCapturedRelu(): { x: tf.Tensor; dy: tf.Tensor } | undefined {
  const taken = captured;
  captured = undefined;
  capturing = false;
  return taken;
}

/** Rule for each batch item of the passes that follow (one entry: the same rule for any batch). */
export function useRules(methods: readonly Method[]): void {
  batchMethods = methods;
}

/** ReLU gradients computed with these rules since the last call. */
export function takeRewriteCount(): number {
  const count = rewrites;
  rewrites = 0;
  return count;
}

/** The forward mask of a ReLU or ReLU6, as float 0/1. */
function forwardMask(x: tf.Tensor, upper?: number): tf.Tensor {
  const positive = tf.step(x);
  return upper === undefined ? positive : tf.mul(positive, tf.cast(tf.lessEqual(x, upper), 'float32'));
}

/** Per-batch-item 0/1 coefficients shaped to broadcast against x. */
function perItem(values: boolean[], rank: number): tf.Tensor {
  return tf.tensor(values.map(Number), [values.length, ...Array<number>(rank - 1).fill(1)]);
}

export function ruleGradient(dy: tf.Tensor, x: tf.Tensor, upper?: number): tf.Tensor {
  rewrites++;
  if (capturing && x.rank === 4) {
    if (captured) tf.dispose([captured.x, captured.dy]);
    // Clones share the data; keep() takes them out of the backward pass's tidy.
    captured = { x: tf.keep(tf.clone(x)), dy: tf.keep(tf.clone(dy)) };
  }
  const methods = batchMethods;
  const flags = methods.map((m) => METHOD_RULES[m]);
  if (methods.length > 1 && x.shape[0] !== methods.length) {
    throw new Error(`rules set for a batch of ${methods.length}, but the pass has batch ${x.shape[0]}`);
  }
  const same = flags.every((f) => f.forwardMask === flags[0]!.forwardMask && f.positiveGradient === flags[0]!.positiveGradient);
  if (same) {
    const { forwardMask: masked, positiveGradient } = flags[0]!;
    const g = positiveGradient ? tf.relu(dy) : dy;
    return masked ? tf.mul(g, forwardMask(x, upper)) : g;
  }
  // Mixed batch: blend with 0/1 coefficients, g = (c ? relu(dy) : dy) * (m ? mask : 1).
  const c = perItem(flags.map((f) => f.positiveGradient), x.rank);
  const m = perItem(flags.map((f) => f.forwardMask), x.rank);
  const g = tf.add(tf.mul(c, tf.relu(dy)), tf.mul(tf.sub(1, c), dy));
  const mask = tf.add(tf.mul(m, forwardMask(x, upper)), tf.sub(1, m));
  return tf.mul(g, mask);
}

export function registerRuleGradients(): void {
  replaceGradient({
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => ruleGradient(dy as tf.Tensor, saved[0]!) }),
  });
  replaceGradient({
    kernelName: tf.Relu6,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => ruleGradient(dy as tf.Tensor, saved[0]!, 6) }),
  });
}

// The gradients room: the ReLU rules and the exact gradients of the ops a map flows through, and the recorded
// forward pass they walk (forward-tape.ts). Imports engine/ and shared/.
import * as tf from '@tensorflow/tfjs';
import { RULE_FLAGS, type Rule } from '../../shared/methods.ts';
import { replaceGradient } from './replace-gradient.ts';

/**
 * The three saliency rules as ReLU gradients, registered over tfjs's own with tf.registerGradient.
 * With dy the incoming gradient and x the ReLU's forward input:
 *   vanilla    dy * [x > 0]            (Relu6: dy * [0 < x <= 6], tfjs's own rule)
 *   deconvnet  max(dy, 0)              (x ignored)
 *   guided     max(dy, 0) * [x > 0]    (Relu6: max(dy, 0) * [0 < x <= 6])
 * The engine looks gradients up while it records the tape (during the forward pass inside tf.grad),
 * so they are registered once, before any pass; which rule applies is read when the backward pass
 * runs, so the three rules' backward passes can walk one recorded forward pass.
 */

let rule: Rule = 'vanilla';
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

/** The rule of the backward passes that follow. */
export function useRule(next: Rule): void {
  rule = next;
}

/** ReLU gradients computed with these rules since the last call. */
export function takeRewriteCount(): number {
  const count = rewrites;
  rewrites = 0;
  return count;
}

/**
 * The forward mask of a ReLU or ReLU6, as float 0/1: [x > 0], or [0 < x <= 6] as [x > 0] − [x > 6].
 * Two steps and a subtraction, not a LessEqual: tfjs-wasm's comparisons take twice as long, and
 * LessEqual was 38 % of a backward pass through MobileNetV2's 35 ReLU6s.
 */
function forwardMask(x: tf.Tensor, upper?: number): tf.Tensor {
  const positive = tf.step(x);
  return upper === undefined ? positive : tf.sub(positive, tf.step(tf.sub(x, upper)));
}

export function ruleGradient(dy: tf.Tensor, x: tf.Tensor, upper?: number): tf.Tensor {
  rewrites++;
  if (capturing && x.rank === 4) {
    if (captured) tf.dispose([captured.x, captured.dy]);
    // Clones share the data; keep() takes them out of the backward pass's tidy.
    captured = { x: tf.keep(tf.clone(x)), dy: tf.keep(tf.clone(dy)) };
  }
  const { forwardMask: masked, positiveGradient } = RULE_FLAGS[rule];
  const g = positiveGradient ? tf.relu(dy) : dy;
  return masked ? tf.mul(g, forwardMask(x, upper)) : g;
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

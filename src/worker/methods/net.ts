// The methods room's floor: the network as the maps see it, its recorded forward pass, a backward pass by a rule,
// a map read back, and the map types. Every method file imports it; it imports no method. Imports gradients/, model/ and shared/.
import * as tf from '@tensorflow/tfjs';
import type { Method, Rule } from '../../shared/methods.ts';
import type { MapSettings } from '../../shared/map-settings.ts';
import type { Completeness, MapProgress, MapShape } from '../../shared/protocol.ts';
import type { ReluSample } from '../../shared/relu-sample.ts';
import { recordForward, type ForwardTape } from '../gradients/forward-tape.ts';
import { useRule } from '../gradients/gradient-rules.ts';
import type { Net } from '../model/load-model.ts';

/** The model room makes a net of a loaded model; the methods take it from this floor. */
export type { Net };

export interface MapValues {
  values: Float32Array;
  shape: MapShape;
}

export interface SaliencyMap extends MapValues {
  method: Method;
  classIndex: number;
  /** The class's place in the list asked for: 0, or 1 for the compare view's second class; 2, the contrast of the two. */
  row: number;
  /** The contrast row's second class: its map is of logit[classIndex] − logit[versus]. */
  versus?: number;
  /** Grad-CAM's map at the feature map's own resolution, before upsampling. */
  coarse?: MapValues;
  /** ReLU gradients rewritten in the backward pass that made it (backward passes only). */
  reluRewrites?: number;
  /** A map made of many passes (SmoothGrad's samples, IG's steps, occlusion's rows of patches), as far as it has come. */
  progress?: MapProgress;
  /** Integrated Gradients: the attributions' sum against the logit's rise from the baseline. */
  completeness?: Completeness;
  /** A window of the ReLU nearest the input in the pass that made it, when asked (the teaching diagram). */
  reluSample?: ReluSample;
}

/** What a family of maps made of many passes is given: the net, the image, the classes, and what the image's own pass already told. */
export interface MapContext {
  net: Net;
  /** The model input [1, H, W, C]; its owner frees it. */
  input: tf.Tensor4D;
  /** The classes asked for, in rows (0, then the compare view's second). */
  classes: readonly number[];
  /** The logits of `input`, read from the forward pass the image was classified by. */
  imageLogits: Float32Array;
  settings: MapSettings;
  /** max − min of the values the model takes (SmoothGrad's σ is a fraction of it). */
  inputRange: number;
}

/** A family of maps made of many passes: the methods of its kind among those asked, each yielded as it grows. */
export type ManyPassMaps = (context: MapContext, methods: readonly Method[]) => AsyncGenerator<SaliencyMap>;

/** A forward pass of the net over the input, recorded for the backward passes (and for classifying); its tap is the feature map. */
export const recordNet = (net: Net, input: tf.Tensor4D): ForwardTape => recordForward((x) => {
  const out = net(x as tf.Tensor4D);
  return out instanceof tf.Tensor ? out : [out.logits, out.features];
}, input);

/** A forward pass over an input made for it alone (a noisy or scaled copy of the image), freed once recorded. */
export function recordNetOn(net: Net, make: () => tf.Tensor4D): ForwardTape {
  const input = tf.tidy(make);
  try {
    return recordNet(net, input);
  } finally {
    input.dispose();
  }
}

/** What a backward pass starts from: a class's logit, or a contrast, one class's logit minus another's ("A rather than B"). */
export type Target = number | { classIndex: number; versus: number };

/** One backward pass by a rule from the target's score: the gradient at the input and, if asked, at the tape's taps. */
export function backwardPass(tape: ForwardTape, rule: Rule, target: Target, withTaps = false): { input: tf.Tensor; taps: tf.Tensor[] } {
  useRule(rule);
  const seed = scoreSeed(target, tape.output);
  try {
    return withTaps ? tape.backwardWithTaps(seed) : { input: tape.backward(seed), taps: [] };
  } finally {
    seed.dispose();
  }
}

/** The gradients by a rule of the target's score at the tape's taps alone: the walk stops there. */
export function tapGradients(tape: ForwardTape, rule: Rule, target: Target): tf.Tensor[] {
  useRule(rule);
  const seed = scoreSeed(target, tape.output);
  try {
    return tape.backwardToTaps(seed);
  } finally {
    seed.dispose();
  }
}

/** d score / d logits: one-hot at the class, minus one-hot at the class it is contrasted with. */
const scoreSeed = (target: Target, logits: tf.Tensor): tf.Tensor => tf.tidy(() => {
  const oneHot = (c: number) => tf.oneHot(tf.tensor1d([c], 'int32'), logits.shape[1]!).asType('float32');
  return typeof target === 'number' ? oneHot(target) : tf.sub(oneHot(target.classIndex), oneHot(target.versus));
});

/** A map's values read back, its tensor freed; [H, W, C] (a rank-2 map gets one channel). */
export async function download(tensor: tf.Tensor): Promise<MapValues> {
  try {
    const shape = (tensor.rank === 2 ? [...tensor.shape, 1] : tensor.shape.slice(-3)) as MapShape;
    return { values: (await tensor.data()) as Float32Array, shape };
  } finally {
    tensor.dispose();
  }
}

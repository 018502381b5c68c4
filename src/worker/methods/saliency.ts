// The methods room: each family of maps (the rules, Grad-CAM, SmoothGrad, the sanity cascade) computed from
// gradients/. Imports gradients/, engine/, model/ and shared/.
import * as tf from '@tensorflow/tfjs';
import { ingredients, METHOD_INFO, SETTINGS_DEFAULTS, withIngredients, type Computation, type Method, type Rule, type MapSettings } from '../../shared/methods.ts';
import { registerExactAvgPoolGradient } from '../gradients/avg-pool-gradient.ts';
import { registerForwardConvGradient } from '../gradients/conv-input-gradient.ts';
import { recordForward, type ForwardTape } from '../gradients/forward-tape.ts';
import type { Completeness } from '../../shared/protocol.ts';
import { gradCam } from './grad-cam.ts';
import { integratedGradients } from './integrated-gradients.ts';
import { occlusion } from './occlusion.ts';
import { registerRuleGradients, takeRewriteCount, useRule } from '../gradients/gradient-rules.ts';
import { registerFirstMaxPoolGradient } from '../gradients/max-pool-gradient.ts';
import { shareIdentityDataOnWasm } from '../engine/tfjs-internals.ts';

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

/**
 * A network as the maps see it: inputs [B, H, W, 3] to logits [B, classes], and, for Grad-CAM, the
 * last feature map before the global pool [B, h, w, K] (a net that returns logits alone has no Grad-CAM).
 */
export type Net = (input: tf.Tensor4D) => tf.Tensor2D | { logits: tf.Tensor2D; features: tf.Tensor4D };

/** A forward pass of the net over the input, recorded for the backward passes (and for classifying); its tap is the feature map. */
export const recordNet = (net: Net, input: tf.Tensor4D): ForwardTape => recordForward((x) => {
  const out = net(x as tf.Tensor4D);
  return out instanceof tf.Tensor ? out : [out.logits, out.features];
}, input);

export interface MapValues {
  values: Float32Array;
  /** [H, W, channels]. */
  shape: [number, number, number];
}

export interface SaliencyMap extends MapValues {
  method: Method;
  classIndex: number;
  /** The class's place in the list asked for: 0, or 1 for the compare view's second class. */
  row: number;
  /** Grad-CAM's map at the feature map's own resolution, before upsampling. */
  coarse?: MapValues;
  /** ReLU gradients rewritten in the backward pass that made it (backward passes only). */
  reluRewrites?: number;
  /** A map made of many passes (SmoothGrad's samples, IG's steps, occlusion's rows of patches), as far as it has come. */
  progress?: { done: number; total: number };
  /** Integrated Gradients: the attributions' sum against the logit's rise from the baseline. */
  completeness?: Completeness;
}

export interface SaliencyOptions {
  /** A forward pass of `net` over `input` already made (to classify the image); the generator owns it. */
  recorded?: ForwardTape;
  /** The settings of the methods made of many passes (defaults: SETTINGS_DEFAULTS). */
  settings?: MapSettings;
  /** max − min of the values the model takes: SmoothGrad's σ is a fraction of it. */
  inputRange?: number;
}

/**
 * The maps of each class asked for, each yielded as soon as it is ready, as METHOD_INFO says to
 * compute them: one forward pass, one backward pass per rule (and class) over it, Grad-CAM from the
 * vanilla pass's feature map and its gradient (no extra pass), products of those, then the maps
 * made of many passes, each yielded as it grows: SmoothGrad's running means (a noisy sample at a
 * time), Integrated Gradients (a step at a time), occlusion (a row of patches at a time). Running a forward pass per map, or one pass over a
 * batch of three, gave the same maps and was never faster (docs/speed.md), so those modes are gone.
 * The generator frees everything it holds when it ends or its consumer stops early (a newer job).
 */
export async function* saliencyMaps(
  net: Net, input: tf.Tensor4D, classes: number | readonly number[], methods: readonly Method[], options: SaliencyOptions = {},
): AsyncGenerator<SaliencyMap> {
  const classList = typeof classes === 'number' ? [classes] : classes;
  const computed = withIngredients(methods);
  const shown = new Set(methods);
  const how = (m: Method): Computation => METHOD_INFO[m].computed;
  const usedLater = new Set(computed.flatMap(ingredients));
  /** Backward passes whose feature-map gradient Grad-CAM reads. */
  const camSources = new Set(computed.flatMap((m) => { const c = how(m); return c.kind === 'cam' ? [c.from] : []; }));
  const tape = options.recorded ?? recordNet(net, input);
  const [height, width] = input.shape.slice(1) as [number, number];
  try {
    for (const [row, classIndex] of classList.entries()) {
      const done = new Map<Method, MapValues>();
      let camInputs: { features: tf.Tensor4D; gradient: tf.Tensor4D } | undefined;
      try {
        for (const method of computed) {
          const computation = how(method);
          let map: Omit<SaliencyMap, 'method' | 'classIndex' | 'row'>;
          if (computation.kind === 'backward') {
            takeRewriteCount();
            const withTaps = camSources.has(method);
            if (withTaps && !tape.taps[0]) throw new Error('this model has no feature map for Grad-CAM');
            const walked = backwardPass(tape, computation.rule, classIndex, withTaps);
            if (withTaps) camInputs = { features: tape.taps[0] as tf.Tensor4D, gradient: walked.taps[0] as tf.Tensor4D };
            map = { ...(await download(walked.input)), reluRewrites: takeRewriteCount() };
          } else if (computation.kind === 'cam') {
            const cam = gradCam(camInputs!.features, camInputs!.gradient, [height, width]);
            map = { ...(await download(cam.upsampled)), coarse: await download(cam.coarse) };
          } else if (computation.kind === 'product') {
            map = multiplyMaps(done.get(computation.of[0])!, done.get(computation.of[1])!);
          } else {
            continue; // SmoothGrad: after every class's other maps
          }
          done.set(method, map);
          // The consumer may transfer what it gets (the worker does): a map still needed as an ingredient goes out as a copy.
          const values = usedLater.has(method) ? map.values.slice() : map.values;
          if (shown.has(method)) yield { method, classIndex, row, ...map, values };
        }
      } finally {
        camInputs?.gradient.dispose();
      }
    }
  } finally {
    tape.dispose();
  }
  const smoothRules = computed.flatMap((m) => { const c = how(m); return c.kind === 'smooth' ? [[m, c.rule] as const] : []; });
  if (smoothRules.length > 0) yield* smoothGrad(net, input, classList, smoothRules, options);
  const { steps, patch, stride } = options.settings ?? SETTINGS_DEFAULTS;
  if (computed.some((m) => how(m).kind === 'integrated')) yield* integratedGradients(net, input, classList, steps);
  if (computed.some((m) => how(m).kind === 'occlusion')) yield* occlusion(net, input, classList, patch, stride);
}

/**
 * SmoothGrad (Smilkov et al. 2017): the mean of a rule's maps over copies of the input with
 * Gaussian noise of σ = noise × input range, each sample's noise drawn from the seed (the same seed
 * gives the same maps on any backend: tfjs draws seeded noise in JavaScript). The running mean is
 * yielded after each sample; means are summed in float64, so σ = 0 gives the plain map exactly.
 */
async function* smoothGrad(
  net: Net, input: tf.Tensor4D, classList: readonly number[], rules: readonly (readonly [Method, Rule])[], options: SaliencyOptions,
): AsyncGenerator<SaliencyMap> {
  const { samples, noise, seed } = options.settings ?? SETTINGS_DEFAULTS;
  const sigma = noise * (options.inputRange ?? 2);
  const sums = new Map<string, Float64Array>();
  for (let sample = 0; sample < samples; sample++) {
    const tape = recordNetOn(net, () => (sigma > 0 ? tf.add(input, tf.randomNormal(input.shape, 0, sigma, 'float32', seed * 65_536 + sample)) : tf.clone(input)) as tf.Tensor4D);
    try {
      for (const [row, classIndex] of classList.entries()) {
        for (const [method, rule] of rules) {
          const { values, shape } = await download(backwardPass(tape, rule, classIndex).input);
          const key = `${row} ${method}`;
          const sum = sums.get(key) ?? new Float64Array(values.length);
          sums.set(key, sum);
          for (let i = 0; i < values.length; i++) sum[i]! += values[i]!;
          const mean = Float32Array.from(sum, (v) => v / (sample + 1));
          yield { method, classIndex, row, values: mean, shape, progress: { done: sample + 1, total: samples } };
        }
      }
    } finally {
      tape.dispose();
    }
  }
}

/** A forward pass over an input made for it alone (a noisy or scaled copy of the image), freed once recorded. */
export function recordNetOn(net: Net, make: () => tf.Tensor4D): ForwardTape {
  const input = tf.tidy(make);
  try {
    return recordNet(net, input);
  } finally {
    input.dispose();
  }
}

/** One backward pass by a rule from d logit[class]: the gradient at the input and, if asked, at the tape's taps. */
export function backwardPass(tape: ForwardTape, rule: Rule, classIndex: number, withTaps = false): { input: tf.Tensor; taps: tf.Tensor[] } {
  useRule(rule);
  const seed = oneHotSeed(classIndex, tape.output);
  try {
    return withTaps ? tape.backwardWithTaps(seed) : { input: tape.backward(seed), taps: [] };
  } finally {
    seed.dispose();
  }
}

/** d logit[class] / d logits: one-hot. */
const oneHotSeed = (classIndex: number, logits: tf.Tensor): tf.Tensor =>
  tf.tidy(() => tf.oneHot(tf.tensor1d([classIndex], 'int32'), logits.shape[1]!).asType('float32'));

/** a × b per pixel and channel; b may have one channel, used for every channel of a. */
export function multiplyMaps(a: MapValues, b: MapValues): MapValues {
  const [h, w, channels] = a.shape;
  const bChannels = b.shape[2];
  const values = new Float32Array(a.values.length);
  for (let p = 0; p < h * w; p++) {
    for (let c = 0; c < channels; c++) values[p * channels + c] = a.values[p * channels + c]! * b.values[p * bChannels + (bChannels === 1 ? 0 : c)]!;
  }
  return { values, shape: a.shape };
}

/** All maps of one class at once, for tests and callers that do not stream. */
export async function computeSaliency(
  net: Net, input: tf.Tensor4D, classIndex: number, methods: readonly Method[], options: SaliencyOptions = {},
): Promise<{ gradients: Record<Method, Float32Array>; maps: Record<Method, SaliencyMap>; reluRewritesPerPass: number }> {
  // Keyed by the methods asked for (SmoothGrad: the last, full mean).
  const maps = {} as Record<Method, SaliencyMap>;
  let reluRewritesPerPass = 0;
  for await (const map of saliencyMaps(net, input, classIndex, methods, options)) {
    maps[map.method] = map;
    if (map.reluRewrites !== undefined) reluRewritesPerPass = map.reluRewrites;
  }
  const gradients = Object.fromEntries(Object.entries(maps).map(([m, map]) => [m, map.values])) as Record<Method, Float32Array>;
  return { gradients, maps, reluRewritesPerPass };
}

export async function download(tensor: tf.Tensor): Promise<MapValues> {
  try {
    const shape = (tensor.rank === 2 ? [...tensor.shape, 1] : tensor.shape.slice(-3)) as [number, number, number];
    return { values: (await tensor.data()) as Float32Array, shape };
  } finally {
    tensor.dispose();
  }
}

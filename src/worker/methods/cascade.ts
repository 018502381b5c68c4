import * as tf from '@tensorflow/tfjs';
import type { Method } from '../../shared/methods.ts';
import { spearman } from '../../shared/rank-correlation.ts';
import { reduceChannels } from '../../shared/render.ts';
import type { CascadeStep, WeightInit } from '../model/cascade-steps.ts';
import { forgetFilterCuts } from '../gradients/conv-input-gradient.ts';
import { saliencyMaps } from './saliency.ts';
import { type MapValues, type Net } from './net.ts';
import { swapWeights } from '../engine/tfjs-internals.ts';

export interface CascadeMap extends MapValues {
  /** 0: the trained model; k: the first k layers of the cascade randomized. */
  step: number;
  method: Method;
  /** Spearman's rank correlation between this map's |values| and the trained model's (1 at step 0). */
  correlation: number;
}

/**
 * The sanity check (Adebayo et al. 2018): the maps of the trained model, then again after each
 * step randomizes one more layer, from the logits down to the first convolution. The model is the
 * one the app uses, its weights swapped in place; when the generator ends or its consumer stops
 * (a newer job), the trained weights go back, exactly, and the random ones are freed. `methods` are
 * those recomputed at each step (shared/methods.ts's cascadeMethods: none made of many passes).
 */
export async function* sanityCascade(
  model: tf.GraphModel, net: Net, input: tf.Tensor4D, classIndex: number, methods: readonly Method[], steps: readonly CascadeStep[], seed: number,
): AsyncGenerator<CascadeMap> {
  const trainedMagnitudes = new Map<Method, Float32Array>();
  const trained = new Map<string, tf.Tensor>();
  const random: tf.Tensor[] = [];
  try {
    for (let step = 0; step <= steps.length; step++) {
      if (step > 0) {
        const { weights, inits } = steps[step - 1]!;
        const fresh = new Map(weights.map((name, k) => [name, freshWeight(model.weights[name]![0]!.shape, inits[name]!, seedOf(seed, step, k))]));
        random.push(...fresh.values());
        for (const [name, tensor] of swapWeights(model, fresh)) trained.set(name, tensor);
      }
      for await (const map of saliencyMaps(net, input, classIndex, methods)) {
        const magnitude = reduceChannels(map.values, 'magnitude', map.shape[2]);
        if (step === 0) trainedMagnitudes.set(map.method, magnitude);
        const correlation = step === 0 ? 1 : spearman(trainedMagnitudes.get(map.method)!, magnitude);
        yield { step, method: map.method, values: map.values, shape: map.shape, correlation };
      }
    }
  } finally {
    swapWeights(model, trained);
    for (const tensor of random) forgetFilterCuts(tensor);
    tf.dispose(random);
  }
}

/**
 * A weight as a fresh network would start (WeightInit): filters and matrices from a truncated normal
 * scaled by their fan-in (He et al.: σ = √(2 / fan-in); fan-in = every dimension but the last, or a
 * depthwise filter's window), a folded BatchNorm's scale ones, biases and offsets zero.
 */
function freshWeight(shape: number[], init: WeightInit, seed: number): tf.Tensor {
  if (init === 'zeros') return tf.zeros(shape);
  if (init === 'ones') return tf.ones(shape);
  const fanIn = shape.slice(0, init === 'depthwise' ? 2 : -1).reduce((a, b) => a * b, 1);
  return tf.truncatedNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed);
}

/** One seed per weight of each step (tfjs draws seeded numbers in JavaScript: the same on every backend); never 0, which tfjs takes as unseeded. */
const seedOf = (seed: number, step: number, weight: number) => seed * 65_536 + step * 1024 + weight + 1;

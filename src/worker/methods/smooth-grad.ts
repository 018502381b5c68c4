import * as tf from '@tensorflow/tfjs';
import { METHOD_INFO } from '../../shared/methods.ts';
import { backwardPass, download, recordNetOn, type ManyPassMaps } from './net.ts';

/**
 * SmoothGrad (Smilkov et al. 2017): the mean of a rule's maps over copies of the input with
 * Gaussian noise of σ = noise × input range, each sample's noise drawn from the seed (the same seed
 * gives the same maps on any backend: tfjs draws seeded noise in JavaScript). The running mean is
 * yielded after each sample; means are summed in float64, so σ = 0 gives the plain map exactly.
 */
export const smoothGrad: ManyPassMaps = async function* ({ net, input, classes, settings, inputRange }, methods) {
  const { samples, noise, seed } = settings;
  const sigma = noise * inputRange;
  const rules = methods.flatMap((method) => { const c = METHOD_INFO[method].computed; return c.kind === 'smooth' ? [[method, c.rule] as const] : []; });
  const sums = new Map<string, Float64Array>();
  for (let sample = 0; sample < samples; sample++) {
    const tape = recordNetOn(net, () => (sigma > 0 ? tf.add(input, tf.randomNormal(input.shape, 0, sigma, 'float32', noiseSeed(seed, sample))) : tf.clone(input)) as tf.Tensor4D);
    try {
      for (const [row, classIndex] of classes.entries()) {
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
};

/** One seed per sample, never 0: tfjs takes a seed of 0 as none and draws unseeded noise. */
const noiseSeed = (seed: number, sample: number) => seed * 65_536 + sample + 1;

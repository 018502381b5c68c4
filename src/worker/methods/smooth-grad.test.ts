import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { saliencyMaps } from './saliency.ts';
import { type Net } from './net.ts';
import { registerSaliencyKernels } from '../gradients/register-kernels.ts';
import { computeSaliency } from '../../../test-support/compute-saliency.ts';
import { SETTINGS_DEFAULTS } from '../../shared/map-settings.ts';
import { inceptionLikeNet, seededValues } from '../../../test-support/test-nets.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerSaliencyKernels();
});

const shape = [1, 15, 13, 3] as const;
const image = () => tf.tensor4d(seededValues(15 * 13 * 3, 31), [...shape]);
const smooth = (samples: number, noise: number, seed = 1) => ({ settings: { ...SETTINGS_DEFAULTS, samples, noise, seed }, inputRange: 2 });

describe('SmoothGrad', () => {
  it('with σ = 0 equals the plain map of each rule exactly', async () => {
    const net = inceptionLikeNet(5);
    const input = image();
    const { gradients } = await computeSaliency(net, input, 2, ['vanilla', 'deconvnet', 'guided', 'smooth-vanilla', 'smooth-deconvnet', 'smooth-guided'], smooth(4, 0));
    expect(gradients['smooth-vanilla']).toEqual(gradients.vanilla);
    expect(gradients['smooth-deconvnet']).toEqual(gradients.deconvnet);
    expect(gradients['smooth-guided']).toEqual(gradients.guided);
    input.dispose();
  });

  it('is the mean of the maps at input + noise: the same seed gives the same map, another seed another', async () => {
    const net = inceptionLikeNet(5);
    const input = image();
    const run = async (seed: number) => (await computeSaliency(net, input, 2, ['smooth-vanilla'], smooth(4, 0.15, seed))).gradients['smooth-vanilla'];
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    // Seed 0 is a seed like any other (tfjs draws unseeded noise for a seed of 0).
    expect(await run(0)).toEqual(await run(0));
    const plain = (await computeSaliency(net, input, 2, ['vanilla'])).gradients.vanilla;
    expect(a).not.toEqual(plain);
    input.dispose();
  });

  it('yields the running mean after each sample, "k of N"', async () => {
    const net = inceptionLikeNet(5);
    const input = image();
    const seen: string[] = [];
    for await (const map of saliencyMaps(net, input, [2, 3], ['smooth-vanilla', 'smooth-guided'], smooth(3, 0.1))) {
      seen.push(`${map.row}:${map.method}:${map.progress!.done}/${map.progress!.total}`);
    }
    expect(seen).toEqual([1, 2, 3].flatMap((k) => [`0:smooth-vanilla:${k}/3`, `0:smooth-guided:${k}/3`, `1:smooth-vanilla:${k}/3`, `1:smooth-guided:${k}/3`]));
    input.dispose();
  });

  it('a consumer that stops between samples (a newer job) runs no further forward pass and leaves no tensor behind', async () => {
    const inner = inceptionLikeNet(5);
    let forwardPasses = 0;
    const net: Net = (x) => (forwardPasses++, inner(x));
    const input = image();
    const before = tf.memory().numTensors;
    for await (const map of saliencyMaps(net, input, 2, ['vanilla', 'smooth-vanilla'], smooth(16, 0.15))) {
      if (map.progress?.done === 2) break;
    }
    // The plain pass, then two noisy samples.
    expect(forwardPasses).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
  });
});

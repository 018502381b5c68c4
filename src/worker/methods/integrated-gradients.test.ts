import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRule } from '../gradients/gradient-rules.ts';
import { integratedGradients, spreadOrder } from './integrated-gradients.ts';
import { type SaliencyMap } from './net.ts';
import { registerSaliencyKernels } from '../gradients/register-kernels.ts';
import { computeSaliency, mapContext } from '../../../test-support/compute-saliency.ts';
import { inceptionLikeNet, seededValues } from '../../../test-support/test-nets.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerSaliencyKernels();
});

const shape = [1, 15, 13, 3] as const;
const size = 15 * 13 * 3;

async function last(maps: AsyncGenerator<SaliencyMap>): Promise<SaliencyMap[]> {
  const all: SaliencyMap[] = [];
  for await (const map of maps) all.push(map);
  return all;
}

describe('Integrated Gradients', () => {
  it('visits each midpoint once, spread along the path (bit-reversed order)', () => {
    expect(spreadOrder(8)).toEqual([0, 4, 2, 6, 1, 5, 3, 7]);
    for (const n of [4, 5, 32, 100]) expect([...spreadOrder(n)].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
    // After half the steps of 32, every quarter of the path has its share.
    const half = spreadOrder(32).slice(0, 16);
    for (let q = 0; q < 4; q++) expect(half.filter((j) => Math.floor(j / 8) === q)).toHaveLength(4);
  });

  it('of a linear model is exactly x ⊙ w for any steps, and completeness holds to float precision', async () => {
    // logits = flatten(x) W + b: the gradient is W's column, whatever α.
    const weights = tf.tensor2d(seededValues(size * 3, 41), [size, 3]);
    const bias = tf.tensor1d([0.5, -1, 2]);
    const net = (x: tf.Tensor4D) => tf.add(tf.matMul(tf.reshape(x, [x.shape[0], size]), weights), bias) as tf.Tensor2D;
    const x = tf.tensor4d(seededValues(size, 42), [...shape]);
    const column = tf.tidy(() => tf.slice(weights, [0, 1], [size, 1]).reshape([size]).dataSync());
    const image = x.dataSync();
    for (const steps of [4, 7]) {
      const maps = await last(integratedGradients(await mapContext(net, x, [1], { steps: steps }), ['integrated-gradients']));
      expect(maps.map((m) => m.progress)).toEqual(Array.from({ length: steps }, (_, i) => ({ done: i + 1, total: steps })));
      const final = maps.at(-1)!;
      final.values.forEach((v, i) => expect(v).toBeCloseTo(image[i]! * column[i]!, 6));
      const { sum, baseline, image: atImage } = final.completeness!;
      expect(baseline).toBeCloseTo(-1, 6);
      expect(sum).toBeCloseTo(atImage - baseline, 4);
    }
    tf.dispose([weights, bias, x]);
  });

  it('equals the formula computed independently with tf.grad on a nonlinear net, for two classes', async () => {
    const net = inceptionLikeNet(4);
    const x = tf.tensor4d(seededValues(size, 43), [...shape]);
    const steps = 16;
    const maps = await last(integratedGradients(await mapContext(net, x, [2, 3], { steps: steps }), ['integrated-gradients']));
    useRule('vanilla');
    for (const [row, classIndex] of [2, 3].entries()) {
      // x ⊙ (1/N) sum_j grad F(α_j x), α_j = (j + ½)/N, through tfjs's own tape.
      const reference = tf.tidy(() => {
        const grad = tf.grad((input: tf.Tensor) => tf.slice(net(input as tf.Tensor4D), [0, classIndex], [1, 1]).sum());
        let total = tf.zerosLike(x) as tf.Tensor;
        for (let j = 0; j < steps; j++) total = tf.add(total, grad(tf.mul(x, (j + 0.5) / steps)));
        return tf.mul(x, tf.div(total, steps)).dataSync();
      });
      const final = maps.filter((m) => m.row === row).at(-1)!;
      expect(final.classIndex).toBe(classIndex);
      const scale = Math.max(...reference.map(Math.abs));
      final.values.forEach((v, i) => expect(Math.abs(v - reference[i]!)).toBeLessThan(1e-5 * scale));
    }
    x.dispose();
  });

  it('comes closer to completeness with more steps (a Riemann sum over a piecewise-linear path)', async () => {
    const net = inceptionLikeNet(4);
    const x = tf.tensor4d(seededValues(size, 43), [...shape]);
    const gap = async (steps: number) => {
      const { sum, baseline, image } = (await last(integratedGradients(await mapContext(net, x, [2], { steps: steps }), ['integrated-gradients']))).at(-1)!.completeness!;
      return Math.abs(sum - (image - baseline)) / Math.abs(image - baseline);
    };
    const [coarse, fine] = [await gap(8), await gap(256)];
    console.log(`completeness gap: ${coarse} with 8 steps, ${fine} with 256`);
    expect(fine).toBeLessThan(coarse);
    expect(fine).toBeLessThan(0.05);
    x.dispose();
  });

  it('is a row of the saliency maps, after the others, with its progress', async () => {
    const net = inceptionLikeNet(4);
    const x = tf.tensor4d(seededValues(size, 44), [...shape]);
    const before = tf.memory().numTensors;
    const { maps } = await computeSaliency(net, x, 1, ['vanilla', 'integrated-gradients'], { settings: { samples: 4, noise: 0, seed: 1, steps: 8, patch: 8, stride: 8, channels: 8 } });
    expect(maps['integrated-gradients'].progress).toEqual({ done: 8, total: 8 });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

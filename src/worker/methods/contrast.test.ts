import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerSaliencyKernels } from '../gradients/register-kernels.ts';
import type { SaliencyMap } from './net.ts';
import { saliencyMaps } from './saliency.ts';
import { camReference } from '../../../test-support/cam-reference.ts';
import { seededValues } from '../../../test-support/test-nets.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerSaliencyKernels();
});

describe('why A rather than B (the contrast row)', () => {
  it('is the maps of logit A − logit B: the vanilla gradient is A\'s minus B\'s, Grad-CAM weighs A by the difference of the gradients; no Eigen-CAM', async () => {
    const filter = tf.tensor4d(seededValues(3 * 3 * 3 * 4, 81), [3, 3, 3, 4]);
    const head = tf.tensor2d(seededValues(4 * 3, 82), [4, 3]);
    const featuresOf = (x: tf.Tensor4D) => tf.relu(tf.conv2d(x, filter, 2, 'same')) as tf.Tensor4D;
    const net = (x: tf.Tensor4D) => {
      const features = featuresOf(x);
      return { logits: tf.matMul(tf.relu(tf.mean(features, [1, 2])), head) as tf.Tensor2D, features };
    };
    const input = tf.tensor4d(seededValues(6 * 8 * 3, 83), [1, 6, 8, 3]);
    const maps: SaliencyMap[] = [];
    for await (const map of saliencyMaps(net, input, [2, 0], ['vanilla', 'gradcam', 'eigencam'], { contrast: true })) maps.push(map);
    const at = (row: number, method: string) => maps.find((m) => m.row === row && m.method === method)!;
    expect(maps.filter((m) => m.row === 2).map((m) => m.method)).toEqual(['vanilla', 'gradcam']);
    expect(at(2, 'vanilla')).toMatchObject({ classIndex: 2, versus: 0 });
    const [a, b, difference] = [at(0, 'vanilla').values, at(1, 'vanilla').values, at(2, 'vanilla').values];
    const scale = Math.max(...difference.map(Math.abs));
    expect(scale).toBeGreaterThan(0);
    difference.forEach((v, i) => expect(Math.abs(v - (a[i]! - b[i]!))).toBeLessThan(1e-6 * scale));

    const A = featuresOf(input);
    const score = (features: tf.Tensor) => tf.matMul(tf.relu(tf.mean(features, [1, 2])), head);
    const g = tf.grad((f: tf.Tensor) => tf.sub(tf.slice(score(f), [0, 2], [1, 1]), tf.slice(score(f), [0, 0], [1, 1])).sum())(A);
    const [, h, w, k] = A.shape;
    const expected = camReference('grad-cam', A.dataSync(), g.dataSync(), [h, w, k]);
    const camScale = Math.max(...expected);
    expect(camScale).toBeGreaterThan(0);
    [...at(2, 'gradcam').coarse!.values].forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5 * camScale));
    tf.dispose([filter, head, input, A, g]);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradCam } from './grad-cam.ts';
import type { Method } from '../../shared/methods.ts';
import type { SaliencyMap } from './net.ts';
import { saliencyMaps } from './saliency.ts';
import { registerSaliencyKernels } from '../gradients/register-kernels.ts';
import { computeSaliency } from '../../../test-support/compute-saliency.ts';
import { seededValues } from '../../../test-support/test-nets.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerSaliencyKernels();
});

describe('Grad-CAM', () => {
  it('weights each channel by its mean gradient, drops negatives, upsamples with half-pixel centres (hand-computed)', () => {
    // A: channel 0 [[1, 2], [3, 4]], channel 1 [[0, 1], [1, 0]]; dA: channel 0 all 0.5, channel 1 [[-1, -1], [-1, -3]].
    const features = tf.tensor4d([1, 0, 2, 1, 3, 1, 4, 0], [1, 2, 2, 2]);
    const gradient = tf.tensor4d([0.5, -1, 0.5, -1, 0.5, -1, 0.5, -3], [1, 2, 2, 2]);
    // w = (0.5, -1.5); 0.5 A0 - 1.5 A1 = [[0.5, -0.5], [0, 2]]; ReLU: [[0.5, 0], [0, 2]].
    const { coarse, upsampled } = gradCam(features, gradient, [4, 4]);
    expect([...coarse.dataSync()]).toEqual([0.5, 0, 0, 2]);
    // 2 -> 4 with half-pixel centres: samples at -0.25, 0.25, 0.75, 1.25, clamped at the edges:
    // [v0, 0.75 v0 + 0.25 v1, 0.25 v0 + 0.75 v1, v1] along each axis.
    expect(upsampled.shape).toEqual([4, 4, 1]);
    const expected = [
      0.5, 0.375, 0.125, 0,
      0.375, 0.40625, 0.46875, 0.5,
      0.125, 0.46875, 1.15625, 1.5,
      0, 0.5, 1.5, 2,
    ];
    [...upsampled.dataSync()].forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    tf.dispose([features, gradient, coarse, upsampled]);
  });

  it('on a small net, equals ReLU(sum_k W[k, c] / (h w) A_k), the hand-derived gradient of a global mean and a linear head', async () => {
    // x [1, 6, 5, 3] -> A = ReLU(conv3x3 stride 2) [1, 3, 3, 4] -> mean over space -> logits = mean @ W [4, 3].
    const filter = tf.tensor4d(seededValues(3 * 3 * 3 * 4, 21), [3, 3, 3, 4]);
    const head = tf.tensor2d(seededValues(4 * 3, 22), [4, 3]);
    const net = (x: tf.Tensor4D) => {
      const features = tf.relu(tf.conv2d(x, filter, 2, 'same')) as tf.Tensor4D;
      return { logits: tf.matMul(tf.mean(features, [1, 2]), head) as tf.Tensor2D, features };
    };
    const input = tf.tensor4d(seededValues(6 * 5 * 3, 23), [1, 6, 5, 3]);
    const classIndex = 1;
    const { maps } = await computeSaliency(net, input, classIndex, ['gradcam', 'guided', 'guided-gradcam']);

    const A = tf.tidy(() => tf.relu(tf.conv2d(input, filter, 2, 'same'))).arraySync() as number[][][][];
    const W = head.arraySync();
    const [h, w, k] = [A[0]!.length, A[0]![0]!.length, A[0]![0]![0]!.length];
    const expected: number[] = [];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let sum = 0;
        for (let c = 0; c < k; c++) sum += (W[c]![classIndex]! / (h * w)) * A[0]![y]![x]![c]!;
        expected.push(Math.max(0, sum));
      }
    }
    expect(expected.some((v) => v > 0)).toBe(true);
    expect(maps.gradcam.coarse!.shape).toEqual([h, w, 1]);
    [...maps.gradcam.coarse!.values].forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    expect(maps.gradcam.shape).toEqual([6, 5, 1]);

    // Guided Grad-CAM: guided backprop times the upsampled CAM, per pixel and channel.
    const guided = maps.guided.values;
    const cam = maps.gradcam.values;
    expect(maps['guided-gradcam'].shape).toEqual([6, 5, 3]);
    maps['guided-gradcam'].values.forEach((v, i) => expect(v).toBe(Math.fround(guided[i]! * cam[Math.floor(i / 3)]!)));
    tf.dispose([filter, head, input]);
  });

  it('alone walks back to the feature map only, with the same map as when the vanilla gradient is shown too', async () => {
    const filter = tf.tensor4d(seededValues(3 * 3 * 3 * 4, 31), [3, 3, 3, 4]);
    const head = tf.tensor2d(seededValues(4 * 3, 32), [4, 3]);
    const net = (x: tf.Tensor4D) => {
      const features = tf.relu(tf.conv2d(x, filter, 2, 'same')) as tf.Tensor4D;
      return { logits: tf.matMul(tf.mean(features, [1, 2]), head) as tf.Tensor2D, features };
    };
    const input = tf.tensor4d(seededValues(6 * 5 * 3, 33), [1, 6, 5, 3]);
    const kernelsOf = async (methods: Method[]) => {
      let maps: Record<string, SaliencyMap> = {};
      const { kernelNames } = await tf.profile(async () => { maps = (await computeSaliency(net, input, 2, methods)).maps; });
      return { kernelNames, gradcam: maps.gradcam! };
    };
    const alone = await kernelsOf(['gradcam']);
    const withVanilla = await kernelsOf(['vanilla', 'gradcam']);
    // The conv below the feature map is walked back only when the input's gradient is wanted.
    expect(withVanilla.kernelNames).toContain('Conv2DBackpropInput');
    expect(alone.kernelNames).not.toContain('Conv2DBackpropInput');
    expect(alone.gradcam.values).toEqual(withVanilla.gradcam.values);
    expect(alone.gradcam.coarse!.values).toEqual(withVanilla.gradcam.coarse!.values);
    expect(Math.max(...alone.gradcam.values)).toBeGreaterThan(0);
    tf.dispose([filter, head, input]);
  });

  it('yields maps a consumer may transfer: a map that is an ingredient of a later one is a copy', async () => {
    const net = (x: tf.Tensor4D) => {
      const features = tf.relu(x) as tf.Tensor4D;
      return { logits: tf.reshape(tf.mean(features, [1, 2]), [1, 3]) as tf.Tensor2D, features };
    };
    const input = tf.tensor4d(seededValues(4 * 4 * 3, 41), [1, 4, 4, 3]);
    const seen: Record<string, Float32Array> = {};
    for await (const map of saliencyMaps(net, input, 0, ['guided', 'gradcam', 'guided-gradcam'])) {
      seen[map.method] = map.values.slice();
      map.values.fill(Number.NaN); // what a transfer does to the sender's copy, as far as later maps can tell
    }
    seen['guided-gradcam']!.forEach((v, i) => expect(v).toBe(Math.fround(seen.guided![i]! * seen.gradcam![Math.floor(i / 3)]!)));
    input.dispose();
  });

  it('a net without a feature map cannot give Grad-CAM', async () => {
    const input = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    const net = (x: tf.Tensor4D) => tf.reshape(tf.sum(x, [1, 2]), [1, 3]) as tf.Tensor2D;
    await expect(computeSaliency(net, input, 0, ['gradcam'])).rejects.toThrow(/no feature map/);
    input.dispose();
  });
});

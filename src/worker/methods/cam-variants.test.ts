import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAM_WEIGHTINGS } from '../../shared/methods.ts';
import { SETTINGS_DEFAULTS } from '../../shared/map-settings.ts';
import { registerSaliencyKernels } from '../gradients/register-kernels.ts';
import { useRule } from '../gradients/gradient-rules.ts';
import { eigenCam, topEigenvector } from './eigen-cam.ts';
import { gradCam } from './grad-cam.ts';
import type { SaliencyMap } from './net.ts';
import { saliencyMaps } from './saliency.ts';
import { seededValues } from '../../../test-support/test-nets.ts';
import { camReference } from '../../../test-support/cam-reference.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerSaliencyKernels();
});

const [h, w, k] = [3, 4, 5];
const at = (p: number, c: number) => p * k + c;

describe('the gradient CAMs', () => {
  it('each weighting equals its formula computed independently in float64 (ReLU of the sum, at the feature map\'s size)', () => {
    const A = Float32Array.from(seededValues(h * w * k, 61), (v) => Math.max(0, v));
    const g = Float32Array.from(seededValues(h * w * k, 62), (v, i) => (i % 7 === 0 ? 0 : v));
    const features = tf.tensor4d(A, [1, h, w, k]);
    const gradient = tf.tensor4d(g, [1, h, w, k]);
    const seen = new Set<string>();
    for (const weighting of CAM_WEIGHTINGS) {
      const cam = gradCam(features, gradient, [6, 8], weighting);
      const expected = camReference(weighting, A, g, [h, w, k]);
      const scale = Math.max(...expected);
      expect(scale).toBeGreaterThan(0);
      [...cam.coarse.dataSync()].forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5 * scale));
      expect(cam.upsampled.shape).toEqual([6, 8, 1]);
      seen.add(expected.map((v) => v.toFixed(6)).join());
      tf.dispose([cam.coarse, cam.upsampled]);
    }
    expect(seen.size).toBe(CAM_WEIGHTINGS.length); // five different maps
    tf.dispose([features, gradient]);
  });

  it('from one backward pass of a small net: each map is its weighting of the feature map and tf.grad of the logit there', async () => {
    const filter = tf.tensor4d(seededValues(3 * 3 * 3 * k, 63), [3, 3, 3, k]);
    const head = tf.tensor2d(seededValues(k * 3, 64), [k, 3]);
    const featuresOf = (x: tf.Tensor4D) => tf.relu(tf.conv2d(x, filter, 2, 'same')) as tf.Tensor4D;
    const net = (x: tf.Tensor4D) => {
      const features = featuresOf(x);
      return { logits: tf.matMul(tf.mean(features, [1, 2]), head) as tf.Tensor2D, features };
    };
    const input = tf.tensor4d(seededValues(6 * 8 * 3, 65), [1, 6, 8, 3]);
    const maps: Record<string, SaliencyMap> = {};
    for await (const map of saliencyMaps(net, input, 1, ['gradcam', 'gradcam-pp', 'xgradcam', 'hirescam', 'layercam'])) maps[map.method] = map;
    useRule('vanilla');
    const A = featuresOf(input);
    const g = tf.grad((a: tf.Tensor) => tf.slice(tf.matMul(tf.mean(a, [1, 2]), head), [0, 1], [1, 1]).sum())(A);
    const byMethod = { gradcam: 'grad-cam', 'gradcam-pp': 'grad-cam++', xgradcam: 'xgrad-cam', hirescam: 'hires-cam', layercam: 'layer-cam' } as const;
    for (const [method, weighting] of Object.entries(byMethod)) {
      const expected = camReference(weighting, A.dataSync() as Float32Array, g.dataSync() as Float32Array, [h, w, k]);
      const scale = Math.max(...expected, 1e-12);
      [...maps[method]!.coarse!.values].forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5 * scale));
    }
    tf.dispose([filter, head, input, A, g]);
  });
});

describe('Eigen-CAM', () => {
  it('finds the top eigenvector of a known matrix', () => {
    // [[2, 1], [1, 2]]: eigenvalues 3 (along (1, 1)) and 1.
    const { vector, value } = topEigenvector(Float64Array.from([2, 1, 1, 2]), 2);
    expect(value).toBeCloseTo(3, 9);
    expect(vector[0]).toBeCloseTo(Math.SQRT1_2, 9);
    expect(vector[1]).toBeCloseTo(Math.SQRT1_2, 9);
  });

  it('of a feature map that is channel means plus one pattern u vᵀ: the map is |v| u, ReLU (the sign agreeing with the summed activation)', async () => {
    const u = [1, -2, 0.5, 3, -1, 0.25, -0.75, 2, -1.5, 0, 1, -2.5]; // 12 places, zero mean
    const v = [0.5, 1, -0.25, 2, 0.75]; // its sum is positive
    const means = [3, 1, 4, 1, 5];
    const A = new Float32Array(h * w * k);
    for (let p = 0; p < h * w; p++) for (let c = 0; c < k; c++) A[at(p, c)] = means[c]! + u[p]! * v[c]!;
    const features = tf.tensor4d(A, [1, h, w, k]);
    const cam = await eigenCam(features, [6, 8]);
    const norm = Math.hypot(...v);
    [...cam.coarse.dataSync()].forEach((value, p) => expect(value).toBeCloseTo(Math.max(0, u[p]! * norm), 4));
    tf.dispose([features, cam.coarse, cam.upsampled]);
  });
});

describe('Score-CAM', () => {
  it('with every channel, equals the brute force: each upsampled min–max channel masks the input, the softmax of the logits weighs it', async () => {
    const filter = tf.tensor4d(seededValues(3 * 3 * 3 * 4, 71), [3, 3, 3, 4]);
    const head = tf.tensor2d(seededValues(4 * 2, 72), [4, 2]);
    const featuresOf = (x: tf.Tensor4D) => tf.relu(tf.conv2d(x, filter, 2, 'same')) as tf.Tensor4D;
    const logitsOf = (x: tf.Tensor4D) => tf.matMul(tf.mean(featuresOf(x), [1, 2]), head) as tf.Tensor2D;
    const net = (x: tf.Tensor4D) => ({ logits: logitsOf(x), features: featuresOf(x) });
    const [H, W] = [6, 8];
    const input = tf.tensor4d(seededValues(H * W * 3, 73), [1, H, W, 3]);
    const maps: SaliencyMap[] = [];
    for await (const map of saliencyMaps(net, input, [0, 1], ['scorecam'], { settings: { ...SETTINGS_DEFAULTS, channels: 2048 } })) maps.push(map);
    expect(maps.filter((m) => m.row === 0).map((m) => m.progress)).toEqual([{ done: 4, total: 4 }]);
    const A = featuresOf(input);
    const [, h2, w2, channels] = A.shape;
    for (const classIndex of [0, 1]) {
      const scores: number[] = [];
      for (let c = 0; c < channels; c++) {
        const mask = tf.tidy(() => tf.image.resizeBilinear(tf.slice(A, [0, 0, 0, c], [1, h2, w2, 1]), [H, W], false, true)).dataSync();
        const [low, high] = [Math.min(...mask), Math.max(...mask)];
        const scaled = Float32Array.from(mask, (m) => (high > low ? (m - low) / (high - low) : 0));
        const x = Float32Array.from(input.dataSync(), (value, i) => value * scaled[Math.floor(i / 3)]!);
        scores.push(tf.tidy(() => logitsOf(tf.tensor4d(x, [1, H, W, 3])).dataSync()[classIndex]!));
      }
      const top = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - top));
      const weights = exps.map((e) => e / exps.reduce((a, b) => a + b, 0));
      const a = A.dataSync();
      const expected = Array.from({ length: h2 * w2 }, (_, p) => Math.max(0, weights.reduce((s, wc, c) => s + wc * a[p * channels + c]!, 0)));
      const map = maps.find((m) => m.classIndex === classIndex)!;
      const scale = Math.max(...expected);
      expect(scale).toBeGreaterThan(0);
      [...map.coarse!.values].forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5 * scale));
    }
    tf.dispose([filter, head, input, A]);
  });
});

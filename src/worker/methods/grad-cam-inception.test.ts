import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadGraphModelFromDir } from '../../../test-support/load-in-node.ts';
import { findExample } from '../../shared/examples.ts';
import { MODEL_INPUT } from '../../../scripts/tflite/model-source.ts';
import { preprocess } from '../../shared/preprocess.ts';
import { featureMapNode } from '../model/model-audit.ts';
import { useRule } from '../gradients/gradient-rules.ts';
import { recordNet, type Net } from './net.ts';
import { registerSaliencyKernels } from '../gradients/register-kernels.ts';
import { computeSaliency } from '../../../test-support/compute-saliency.ts';
import { camReference } from '../../../test-support/cam-reference.ts';
import { camLayers } from '../model/cam-layers.ts';
import { cascadeSteps } from '../model/cascade-steps.ts';
import type { GraphNode } from '../model/graph.ts';
import type { Method } from '../../shared/methods.ts';

/** Grad-CAM on the real Inception V3 (wasm in Node): its feature map and the gradient there, checked against tf.grad. */
let model: tf.GraphModel;
let node: string;
let input: tf.Tensor4D;
const { labels } = JSON.parse(readFileSync('public/model/metadata.json', 'utf8')) as { labels: string[] };
const malamute = labels.indexOf(findExample('dog')!.expectedLabel);

beforeAll(async () => {
  await tf.setBackend('wasm');
  registerSaliencyKernels();
  node = featureMapNode(topology().modelTopology.node)!;
  model = await loadGraphModelFromDir('public/model');
  const image = jpeg.decode(readFileSync('public/examples/dog.jpg'), { useTArray: true, formatAsRGBA: true });
  input = tf.tensor4d(preprocess(image, MODEL_INPUT).input, [1, 299, 299, 3]);
});
afterAll(() => {
  model.dispose();
  input.dispose();
});

const topology = () => JSON.parse(readFileSync('public/model/model.json', 'utf8')) as { modelTopology: { node: GraphNode[] } };

const net: Net = (x) => {
  const [logits, features] = model.execute(x, ['logits', node]) as [tf.Tensor2D, tf.Tensor4D];
  return { logits, features };
};

it('reads Mixed_7c, the 8×8×2048 concatenation before the global pool', () => {
  expect(node).toBe('InceptionV3/InceptionV3/Mixed_7c/concat');
  const features = tf.tidy(() => (model.execute(input, node) as tf.Tensor).shape);
  expect(features).toEqual([1, 8, 8, 2048]);
});

it('the gradient read on the vanilla pass equals tf.grad of the logit with respect to Mixed_7c, so the CAM weights do too', async () => {
  const tape = recordNet(net, input);
  useRule('vanilla');
  const seed = tf.oneHot(tf.tensor1d([malamute], 'int32'), 1001).asType('float32');
  const { input: inputGradient, taps: [onTape] } = tape.backwardWithTaps(seed);
  const features = tape.taps[0]!;
  // Independently: run the model from Mixed_7c on, and differentiate the logit with tf.grad.
  const direct = tf.grad((a: tf.Tensor) => tf.sum(tf.slice(model.execute({ [node]: a }, 'logits') as tf.Tensor2D, [0, malamute], [1, 1])))(features);
  const weights = (g: tf.Tensor) => tf.tidy(() => tf.mean(g, [0, 1, 2]).dataSync());
  const [ours, reference] = [weights(onTape!), weights(direct)];
  const scale = Math.max(...reference.map(Math.abs));
  expect(scale).toBeGreaterThan(0);
  ours.forEach((w, k) => expect(Math.abs(w - reference[k]!) / scale).toBeLessThan(1e-5));

  // And the CAM the app draws is ReLU(sum_k w_k A_k) with those weights.
  const { maps } = await computeSaliency(net, input, malamute, ['gradcam']);
  const expected = tf.tidy(() => tf.relu(tf.sum(tf.mul(features, tf.mean(direct, [1, 2], true)), 3)).dataSync());
  const camScale = Math.max(...expected);
  expect(maps.gradcam.coarse!.shape).toEqual([8, 8, 1]);
  maps.gradcam.coarse!.values.forEach((v, i) => expect(Math.abs(v - expected[i]!) / camScale).toBeLessThan(1e-4));
  expect(maps.gradcam.shape).toEqual([299, 299, 1]);
  tf.dispose([seed, inputGradient, onTape!, direct]);
  tape.dispose();
});

it('the five gradient CAMs at Mixed_6e (17×17) and Mixed_7c (8×8) equal their formulas in float64 on tf.grad of the logit at that layer', async () => {
  const layers = camLayers(model, [1, 299, 299, 3], cascadeSteps(topology().modelTopology.node), node);
  expect(layers.map((l) => l.label)).toEqual([
    'Conv2d_1a_3x3', 'Conv2d_2a_3x3', 'Conv2d_2b_3x3', 'Conv2d_3b_1x1', 'Conv2d_4a_3x3',
    'Mixed_5b', 'Mixed_5c', 'Mixed_5d', 'Mixed_6a', 'Mixed_6b', 'Mixed_6c', 'Mixed_6d', 'Mixed_6e', 'Mixed_7a', 'Mixed_7b', 'Mixed_7c',
  ]);
  const methods = { gradcam: 'grad-cam', 'gradcam-pp': 'grad-cam++', xgradcam: 'xgrad-cam', hirescam: 'hires-cam', layercam: 'layer-cam' } as const;
  for (const label of ['Mixed_6e', 'Mixed_7c']) {
    const layer = layers.find((l) => l.label === label)!;
    const at: Net = (x) => {
      const [logits, features] = model.execute(x, ['logits', layer.name]) as [tf.Tensor2D, tf.Tensor4D];
      return { logits, features };
    };
    const { maps } = await computeSaliency(at, input, malamute, Object.keys(methods) as Method[]);
    useRule('vanilla');
    const A = model.execute(input, layer.name) as tf.Tensor4D;
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.slice(model.execute({ [layer.name]: a }, 'logits') as tf.Tensor2D, [0, malamute], [1, 1])))(A);
    const [values, gradient] = [A.dataSync(), g.dataSync()];
    for (const [method, weighting] of Object.entries(methods)) {
      const expected = camReference(weighting, values, gradient, layer.shape as [number, number, number]);
      const ours = maps[method as Method].coarse!;
      expect(ours.shape).toEqual([layer.shape[0], layer.shape[1], 1]);
      const { pearson, maxError } = agreement(ours.values, expected);
      console.log(`${method} at ${label}: Pearson ${pearson.toFixed(6)}, max error ${maxError.toExponential(2)} of the max`);
      expect(pearson).toBeGreaterThanOrEqual(0.9999);
      expect(maxError).toBeLessThanOrEqual(1e-2);
    }
    tf.dispose([A, g]);
  }
});

/** Pearson's correlation, and the largest difference as a fraction of the reference's largest magnitude. */
function agreement(ours: ArrayLike<number>, reference: readonly number[]): { pearson: number; maxError: number } {
  const n = reference.length;
  const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / n;
  const [mo, mr] = [mean(ours), mean(reference)];
  let [sxy, sxx, syy, worst] = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const [x, y] = [ours[i]! - mo, reference[i]! - mr];
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
    worst = Math.max(worst, Math.abs(ours[i]! - reference[i]!));
  }
  return { pearson: sxy / Math.sqrt(sxx * syy), maxError: worst / Math.max(...reference.map(Math.abs)) };
}

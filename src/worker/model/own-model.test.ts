import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  asFiles, GRAPH_LABELS, graphModelFiles, layersReference, refusedModels, TEACHABLE_LABELS, TEACHABLE_SIZE, teachableFiles, TFLITE_LABELS, tfliteFiles, tfliteReference, type ModelFileSet,
} from '../../../test-support/own-models.ts';
import { loadModel, netOf } from './load-model.ts';
import { saliencyMaps } from '../methods/saliency.ts';
import { registerSaliencyKernels } from '../gradients/register-kernels.ts';

/**
 * A person's own model through the worker's loading path (the dropped files, the layers-to-graph
 * translation, the audit), checked against tfjs-layers running the same files: the vanilla map is
 * tf.grad of the pre-softmax logit of the original layers model, computed before this app's
 * gradients are registered (tfjs's stock ReLU, conv and BatchNorm gradients) on the cpu backend.
 */
const CLASS = 2;
let teachable: ModelFileSet;
let input: Float32Array;
let reference: { gradient: Float32Array; probabilities: Float32Array };
let tflitePixels: Float32Array;
let tfliteExpected: { logits: Float32Array; gradient: Float32Array };

beforeAll(async () => {
  await tf.setBackend('cpu');
  teachable = await teachableFiles();
  input = tf.tidy(() => tf.randomUniform([1, TEACHABLE_SIZE, TEACHABLE_SIZE, 3], -1, 1, 'float32', 5).dataSync() as Float32Array).slice();
  reference = await layersReference(teachable, input, CLASS);
  tflitePixels = tf.tidy(() => tf.randomUniform([1, 32, 32, 3], -1, 1, 'float32', 6).dataSync() as Float32Array).slice();
  tfliteExpected = tfliteReference(tflitePixels, 1);
  registerSaliencyKernels();
  await tf.setBackend('wasm');
}, 60_000);

describe('a Teachable Machine export, dropped', () => {
  it('is described by its metadata: name, labels, 224×224, centre crop and p / 127 − 1, the logits before its softmax', async () => {
    const { descriptor, fixedPreprocessing, model, cascade } = await loadModel({ kind: 'files', files: asFiles(teachable) }, () => undefined);
    model.dispose();
    expect(descriptor).toMatchObject({
      name: 'tm-my-image-model', input: { height: 224, width: 224, channels: 3 }, classCount: 3, labels: TEACHABLE_LABELS,
      labelsFrom: 'metadata.json', background: false, relus: 6, featureMap: { shape: [56, 56, 32] },
    });
    expect(fixedPreprocessing).toBe('teachable');
    // The sanity check's layers, logits first; a fresh BatchNorm scales by one, a depthwise filter's fan-in is its window.
    expect(cascade.map((s) => s.label)).toEqual(['dense_Dense2', 'dense_Dense1', 'Conv_1', 'block_1', 'expanded_conv_depthwise', 'Conv1']);
    const inits = Object.assign({}, ...cascade.map((s) => s.inits)) as Record<string, string>;
    expect(Object.entries(inits).filter(([name]) => name.endsWith('bn_Conv1/scale') || name.endsWith('expanded_conv_depthwise/depthwise_kernel') || name.endsWith('bn_Conv1/offset')).map(([, init]) => init).sort())
      .toEqual(['depthwise', 'ones', 'zeros']);
    expect(descriptor.logitsFrom).toMatch(/final softmax \(sequential_4\/sequential_3\/dense_Dense2\/Softmax\)/);
  });

  it('gives the layers model\'s probabilities, and its vanilla map is tf.grad of the pre-softmax logit', async () => {
    const loaded = await loadModel({ kind: 'files', files: asFiles(teachable) }, () => undefined);
    const x = tf.tensor4d(input, [1, TEACHABLE_SIZE, TEACHABLE_SIZE, 3]);
    try {
      const probabilities = tf.tidy(() => tf.softmax(loaded.model.execute(x, loaded.nodes.logits) as tf.Tensor).dataSync());
      for (const [i, p] of reference.probabilities.entries()) expect(probabilities[i]).toBeCloseTo(p, 5);
      let vanilla: Float32Array | undefined;
      for await (const map of saliencyMaps(netOf(loaded), x, CLASS, ['vanilla'])) vanilla = map.values;
      expect(relativeError(vanilla!, reference.gradient)).toBeLessThan(1e-4);
    } finally {
      x.dispose();
      loaded.model.dispose();
    }
  });
});

describe('a plain CNN graph model with a labels file', () => {
  it('is audited: its labels, no preprocessing of its own, the input of its softmax, its ReLUs and its feature map', async () => {
    const { descriptor, fixedPreprocessing, model, nodes } = await loadModel({ kind: 'files', files: asFiles(await graphModelFiles()) }, () => undefined);
    model.dispose();
    expect(descriptor).toMatchObject({ input: { height: 40, width: 40, channels: 3 }, classCount: 4, labels: GRAPH_LABELS, labelsFrom: 'labels.txt', relus: 2, featureMap: { name: 'conv2/Relu6', shape: [20, 20, 16] } });
    expect(fixedPreprocessing).toBeUndefined();
    expect(nodes.logits).toBe('dense/BiasAdd');
  });
});

/** The largest difference from the reference, over the reference's largest magnitude. */
function relativeError(values: Float32Array, expected: Float32Array): number {
  const scale = expected.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  expect(scale).toBeGreaterThan(0);
  return values.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i]!)), 0) / scale;
}

describe('a float TF Lite model dropped with Teachable Machine\'s labels.txt', () => {
  it('is translated in the worker: its labels without their numbers, its logits (the softmax set aside), its vanilla map is tf.grad of the same network', async () => {
    const loaded = await loadModel({ kind: 'files', files: asFiles(tfliteFiles()) }, () => undefined);
    const x = tf.tensor4d(tflitePixels, [1, 32, 32, 3]);
    try {
      expect(loaded.descriptor).toMatchObject({ name: 'model_unquant', classCount: 3, labels: TFLITE_LABELS, labelsFrom: 'labels.txt', relus: 2, featureMap: { shape: [16, 16, 8] } });
      const logits = tf.tidy(() => loaded.model.execute(x, loaded.nodes.logits) as tf.Tensor).dataSync() as Float32Array;
      expect(relativeError(logits, tfliteExpected.logits)).toBeLessThan(1e-5);
      let vanilla: Float32Array | undefined;
      for await (const map of saliencyMaps(netOf(loaded), x, 1, ['vanilla'])) vanilla = map.values;
      expect(relativeError(vanilla!, tfliteExpected.gradient)).toBeLessThan(1e-4);
    } finally {
      x.dispose();
      loaded.model.dispose();
    }
  });
});

describe('models the app cannot explain are refused, saying why', () => {
  it.each([0, 1, 2, 3, 4, 5, 6])('refusal %i', async (i) => {
    const { files, says } = (await refusedModels())[i]!;
    const before = tf.memory().numTensors;
    await expect(loadModel({ kind: 'files', files: asFiles(files) }, () => undefined)).rejects.toThrow(says);
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertTflite } from '../../../scripts/tflite/convert.ts';
import { loadGraphModelFromFiles } from '../../../test-support/load-in-node.ts';
import { LABELS_SOURCE } from '../../../scripts/tflite/model-source.ts';
import { tinyClassifierModel } from '../../../test-support/tiny-models.ts';
import { RULES, type Method } from '../../shared/methods.ts';
import { sanityCascade, type CascadeMap } from './cascade.ts';
import { cascadeSteps, type CascadeStep } from '../model/cascade-steps.ts';
import type { GraphNode } from '../model/graph.ts';
import { featureMapNode } from '../model/model-audit.ts';
import { type Net } from './net.ts';
import { registerSaliencyKernels } from '../gradients/register-kernels.ts';
import { computeSaliency } from '../../../test-support/compute-saliency.ts';

/** The sanity check's cascade on the tiny generated Inception-like model (wasm in Node). */
let model: tf.GraphModel;
let steps: CascadeStep[];
let net: Net;
let input: tf.Tensor4D;
const METHODS: Method[] = [...RULES, 'gradcam', 'guided-gradcam'];
const CLASS = 3;

beforeAll(async () => {
  await tf.setBackend('wasm');
  registerSaliencyKernels();
  const { files } = convertTflite(tinyClassifierModel(), readFileSync(LABELS_SOURCE, 'utf8'));
  const nodes = (JSON.parse(new TextDecoder().decode(files.get('model.json'))) as { modelTopology: { node: GraphNode[] } }).modelTopology.node;
  steps = cascadeSteps(nodes);
  const features = featureMapNode(nodes)!;
  model = await loadGraphModelFromFiles(files);
  net = (x) => {
    const [logits, map] = model.execute(x, ['logits', features]) as [tf.Tensor2D, tf.Tensor4D];
    return { logits, features: map };
  };
  input = tf.randomUniform([1, 299, 299, 3], -1, 1, 'float32', 11);
});
afterAll(() => {
  model.dispose();
  input.dispose();
});

async function collect(seed: number, onMap: (map: CascadeMap) => void = () => {}, methods = METHODS): Promise<CascadeMap[]> {
  const maps: CascadeMap[] = [];
  for await (const map of sanityCascade(model, net, input, CLASS, methods, steps, seed)) {
    onMap(map);
    maps.push(map);
  }
  return maps;
}

describe('the sanity check cascade', () => {
  it('has one step per layer of the tiny model, from the logits to the stem', () => {
    expect(steps.map((s) => s.label)).toEqual(['logits_1', 'a + b', 'reduce', 'stem']);
  });

  it('randomizes exactly its layers at each step, cumulatively, output side first; restores the trained model exactly', async () => {
    const trained = new Map(Object.entries(model.weights).map(([name, [tensor]]) => [name, tensor!]));
    const trainedValues = new Map([...trained].map(([name, t]) => [name, t.dataSync().slice()]));
    const before = await computeSaliency(net, input, CLASS, METHODS);
    const stepOf = new Map(steps.flatMap((s, i) => s.weights.map((w) => [w, i + 1] as const)));
    let checked = -1;
    const maps = await collect(1, (map) => {
      if (map.step === checked) return;
      checked = map.step;
      for (const [name, [tensor]] of Object.entries(model.weights)) {
        const randomized = (stepOf.get(name) ?? Infinity) <= map.step;
        expect(tensor === trained.get(name), `${name} at step ${map.step}`).toBe(!randomized);
        if (randomized) expect(tensor!.dataSync()).not.toEqual(trainedValues.get(name));
      }
    });
    expect(checked).toBe(steps.length);
    expect(maps.length).toBe((steps.length + 1) * METHODS.length);
    expect(maps.filter((m) => m.step === 0).every((m) => m.correlation === 1)).toBe(true);

    for (const [name, [tensor]] of Object.entries(model.weights)) expect(tensor).toBe(trained.get(name));
    const after = await computeSaliency(net, input, CLASS, METHODS);
    for (const method of METHODS) expect(after.gradients[method]).toEqual(before.gradients[method]);
  });

  it('draws the same cascade from the same seed, another from another seed', async () => {
    const [a, b, c] = [await collect(7, undefined, ['guided']), await collect(7, undefined, ['guided']), await collect(8, undefined, ['guided'])];
    expect(a.map((m) => m.correlation)).toEqual(b.map((m) => m.correlation));
    expect(a.at(-1)!.values).toEqual(b.at(-1)!.values);
    expect(a.at(-1)!.values).not.toEqual(c.at(-1)!.values);
  });

  it('stops between steps when its consumer stops (a newer job), restoring the weights and freeing every tensor it made', async () => {
    const trained = new Map(Object.entries(model.weights).map(([name, [tensor]]) => [name, tensor!]));
    const tensorsBefore = tf.memory().numTensors;
    let seen = 0;
    for await (const map of sanityCascade(model, net, input, CLASS, METHODS, steps, 3)) {
      seen++;
      if (map.step === 2) break;
    }
    expect(seen).toBe(2 * METHODS.length + 1);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    for (const [name, [tensor]] of Object.entries(model.weights)) expect(tensor).toBe(trained.get(name));
  });
});

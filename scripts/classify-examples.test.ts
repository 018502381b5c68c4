import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../src/shared/examples.ts';
import { MODEL_INPUT } from './tflite/model-source.ts';
import { preprocess } from '../src/shared/preprocess.ts';
import { loadGraphModelFromDir } from '../test-support/load-in-node.ts';

/** The converted model on tfjs's cpu backend in Node classifies every gallery example as promised. */
describe('gallery examples through the converted Inception V3 (tfjs cpu backend)', () => {
  let model: tf.GraphModel;
  const { labels } = JSON.parse(readFileSync('public/model/metadata.json', 'utf8')) as { labels: string[] };

  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = await loadGraphModelFromDir('public/model');
  });
  afterAll(() => model.dispose());

  for (const example of EXAMPLES) {
    it(`${example.id}: top-1 is ${example.expectedLabel}`, () => {
      const image = jpeg.decode(readFileSync(join('public/examples', example.file)), { useTArray: true, formatAsRGBA: true });
      const { input } = preprocess(image, MODEL_INPUT);
      const probabilities = tf.tidy(() => Float32Array.from(
        (model.execute(tf.tensor4d(input, [1, 299, 299, 3]), 'probabilities') as tf.Tensor).dataSync()),
      );
      const top = [...probabilities.keys()].sort((a, b) => probabilities[b]! - probabilities[a]!);
      console.log(`${example.id}: ${top.slice(0, 3).map((i) => `${labels[i]} ${(100 * probabilities[i]!).toFixed(1)} %`).join(', ')}`);
      expect(labels[top[0]!]).toBe(example.expectedLabel);
      expect(probabilities[top[0]!]).toBeGreaterThan(0.4);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    });
  }
});

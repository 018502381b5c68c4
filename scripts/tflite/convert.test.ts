import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertTflite } from './convert.ts';
import type { ModelMetadata } from '../../src/shared/model-descriptor.ts';
import { loadGraphModelFromFiles } from '../../test-support/load-in-node.ts';
import { LABELS_SOURCE, MODEL_NAME, MODEL_SOURCE } from './model-source.ts';
import { readTflite } from '../../src/worker/model/tflite/read-tflite.ts';
import { perChannelModel, singleConvModel, singleOpModel } from '../../test-support/tiny-models.ts';

const source = new Uint8Array(readFileSync(MODEL_SOURCE));
const labelsText = readFileSync(LABELS_SOURCE, 'utf8');

describe('the real Inception V3 file', () => {
  let converted: ReturnType<typeof convertTflite>;
  let manifest: { name: string; shape: number[]; quantization?: { scale: number; min: number } }[];
  beforeAll(() => {
    converted = convertTflite(source, labelsText, { name: MODEL_NAME });
    manifest = JSON.parse(new TextDecoder().decode(converted.files.get('model.json'))).weightsManifest[0].weights;
  });

  it('has the op counts recorded in FACTS', () => {
    expect(converted.summary.opCounts).toEqual({
      CONV_2D: 95, MAX_POOL_2D: 4, AVERAGE_POOL_2D: 10, CONCATENATION: 15, RESHAPE: 1,
    });
  });

  it('keeps the shapes: free batch, 299x299x3 input, filters in TF layout, 1001 classes', async () => {
    const model = await loadGraphModelFromFiles(converted.files);
    expect(model.inputs[0]!.shape).toEqual([-1, 299, 299, 3]);
    const first = manifest.find((w) => w.name === 'InceptionV3/InceptionV3/Conv2d_1a_3x3/Relu/filter');
    expect(first?.shape).toEqual([3, 3, 3, 32]);
    const logits = manifest.find((w) => w.name.startsWith('InceptionV3/Logits/Conv2d_1c_1x1') && w.name.endsWith('/filter'));
    expect(logits?.shape).toEqual([1, 1, 2048, 1001]);
    const reshapeTarget = model.weights['output/shape']![0]!.dataSync();
    expect([...reshapeTarget]).toEqual([-1, 1001]);
    model.dispose();
  });

  it('stores uint8 weights that dequantize to (q - zero point) x scale, transposed OHWI -> HWIO', async () => {
    const tflite = readTflite(source);
    const filter = tflite.tensors.find((t) => t.name === 'InceptionV3/InceptionV3/Conv2d_2b_3x3/weights_quant/FakeQuantWithMinMaxVars')!;
    expect(filter.shape).toEqual([64, 3, 3, 32]);
    expect(filter.quantization!.scale[0]).toBeCloseTo(0.008389829657971859, 12);
    expect(filter.quantization!.zeroPoint[0]).toBe(106n);
    const model = await loadGraphModelFromFiles(converted.files);
    const loaded = model.weights['InceptionV3/InceptionV3/Conv2d_2b_3x3/Relu/filter']![0]!;
    expect(loaded.shape).toEqual([3, 3, 32, 64]);
    const values = loaded.dataSync();
    for (const [o, y, x, i] of [[0, 0, 0, 0], [63, 2, 2, 31], [5, 1, 2, 7], [40, 2, 0, 19]] as const) {
      const q = filter.data![((o * 3 + y) * 3 + x) * 32 + i]!;
      const expected = (q - 106) * 0.008389829657971859;
      expect(values[((y * 3 + x) * 32 + i) * 64 + o]).toBeCloseTo(expected, 6);
    }
    model.dispose();
  });

  it('writes metadata.json: the name, the image size, the input scaling and 1001 labels, background first, the truncated last one completed', () => {
    const { labels, modelName, imageSize, preprocessing } = JSON.parse(new TextDecoder().decode(converted.files.get('metadata.json'))) as ModelMetadata;
    expect({ modelName, imageSize, preprocessing }).toEqual({ modelName: 'Inception V3', imageSize: 299, preprocessing: 'uint8-128' });
    expect(labels).toHaveLength(1001);
    expect(labels![0]).toBe('background');
    expect(labels![1]).toBe('tench');
    expect(labels![250]).toBe('malamute');
    expect(labels![1000]).toBe('toilet tissue');
  });

  it('is deterministic: two conversions give byte-identical files', () => {
    const again = convertTflite(source, labelsText, { name: MODEL_NAME });
    const digest = (files: Map<string, Uint8Array>) => {
      const hash = createHash('sha256');
      for (const [name, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) hash.update(name).update(bytes);
      return hash.digest('hex');
    };
    expect(digest(again.files)).toBe(digest(converted.files));
  });
});

describe('conversion of a hand-built float model', () => {
  it('computes the same convolution as a direct loop over the TF Lite [out, h, w, in] filter', async () => {
    const [h, w, cin, cout, k] = [4, 5, 2, 3, 2];
    const filterValues = Array.from({ length: cout * k * k * cin }, (_, i) => ((i * 7) % 11) - 5);
    const bias = [0.5, -1, 2];
    const image = Array.from({ length: h * w * cin }, (_, i) => ((i * 5) % 9) - 4);
    const bytes = singleConvModel({ inputShape: [h, w, cin], filter: { shape: [cout, k, k, cin], values: filterValues }, bias });
    const { files } = convertTflite(bytes, ['dummy', ...Array.from({ length: 35 }, (_, i) => `c${i}`)].join('\n'));
    const model = await loadGraphModelFromFiles(files);
    const out = tf.tidy(() => (model.execute(tf.tensor4d(image, [1, h, w, cin]), 'logits') as tf.Tensor).dataSync());
    const expected: number[] = [];
    for (let y = 0; y <= h - k; y++) {
      for (let x = 0; x <= w - k; x++) {
        for (let o = 0; o < cout; o++) {
          let sum = bias[o]!;
          for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) for (let i = 0; i < cin; i++) {
            sum += image[((y + dy) * w + x + dx) * cin + i]! * filterValues[((o * k + dy) * k + dx) * cin + i]!;
          }
          expected.push(sum);
        }
      }
    }
    expect([...out]).toEqual(expected);
    model.dispose();
  });
});

describe('refusals: never a silently different model', () => {
  const labels = 'dummy\nx';

  it('names a truncated file', () => {
    expect(() => convertTflite(source.subarray(0, 1_000_000), labels)).toThrow(/truncated or corrupt/);
  });

  it('names a file that is not TF Lite', () => {
    expect(() => convertTflite(new TextEncoder().encode('<html>not a model</html>'), labels)).toThrow(/not a TF Lite flatbuffer/);
  });

  it('names an unsupported operator', () => {
    expect(() => convertTflite(singleOpModel(14), labels)).toThrow(/unsupported operator LOGISTIC/);
    expect(() => convertTflite(singleOpModel(98), labels)).toThrow(/unsupported operator LEAKY_RELU/);
  });

  it('names per-channel quantization', () => {
    expect(() => convertTflite(perChannelModel(), labels)).toThrow(/unsupported quantization for "w": 2 scales/);
  });

  it('names a label file that does not match the outputs', () => {
    expect(() => convertTflite(source, 'dummy\ntench')).toThrow(/labels.txt has 2 labels, the model has 1001 outputs/);
  });
});

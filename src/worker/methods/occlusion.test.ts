import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { occlusion, patchStarts } from './occlusion.ts';
import { type SaliencyMap } from './net.ts';
import { registerSaliencyKernels } from '../gradients/register-kernels.ts';
import { seededValues } from '../../../test-support/test-nets.ts';
import { mapContext } from '../../../test-support/compute-saliency.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerSaliencyKernels();
});

describe('Occlusion', () => {
  it('places patches every stride, with one more flush with the far edge so every pixel is covered', () => {
    expect(patchStarts(299, 37, 19)).toEqual([...Array.from({ length: 14 }, (_, i) => 19 * i), 262]);
    expect(patchStarts(10, 4, 2)).toEqual([0, 2, 4, 6]);
    expect(patchStarts(10, 4, 4)).toEqual([0, 4, 6]);
    expect(patchStarts(6, 8, 4)).toEqual([0]);
  });

  it('of a hand-built net: each pixel is the mean, over the patches covering it, of the logit the patch took away', async () => {
    // 7×6 image, 2 channels; logit c = sum over pixels and channels of w_c · x (+ a nonlinear class 1 to show classes apart).
    const [h, w, ch] = [7, 6, 2];
    const weights = seededValues(h * w * ch, 51);
    const x = tf.tensor4d(seededValues(h * w * ch, 52), [1, h, w, ch]);
    const image = Float32Array.from(x.dataSync());
    const wTensor = tf.tensor2d(weights, [h * w * ch, 1]);
    const net = (input: tf.Tensor4D) => {
      const flat = tf.reshape(input, [input.shape[0], h * w * ch]);
      const linear = tf.matMul(flat, wTensor);
      return tf.concat([linear, tf.square(linear)], 1) as tf.Tensor2D;
    };
    const maps: SaliencyMap[] = [];
    for await (const map of occlusion(await mapContext(net, x, [0, 1], { patch: 3, stride: 2 }), ['occlusion'])) maps.push(map);
    const rows = patchStarts(h, 3, 2);
    const columns = patchStarts(w, 3, 2);
    expect(maps.filter((m) => m.row === 0).map((m) => m.progress)).toEqual(rows.map((_, i) => ({ done: i + 1, total: rows.length })));
    // Brute force, independently: the logit with the patch zeroed, for each position.
    const logit = (values: Float32Array) => values.reduce((s, v, i) => s + v * weights[i]!, 0);
    const full = logit(image);
    for (const [row, f] of [[0, (v: number) => v], [1, (v: number) => v * v]] as const) {
      const sum = new Float64Array(h * w);
      const count = new Float64Array(h * w);
      for (const y of rows) for (const x0 of columns) {
        const copy = Float32Array.from(image);
        const covered: number[] = [];
        for (let r = y; r < y + 3; r++) for (let c = x0; c < x0 + 3; c++) {
          covered.push(r * w + c);
          for (let k = 0; k < ch; k++) copy[(r * w + c) * ch + k] = 0;
        }
        const drop = f(full) - f(logit(copy));
        for (const p of covered) { sum[p]! += drop; count[p]!++; }
      }
      const final = maps.filter((m) => m.row === row).at(-1)!;
      expect(final.shape).toEqual([h, w, 1]);
      final.values.forEach((v, p) => expect(v).toBeCloseTo(sum[p]! / count[p]!, 3));
    }
    tf.dispose([x, wTensor]);
  });
});

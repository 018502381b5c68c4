import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaUnder, CURVE_STEPS, type CurveKind, type CurveOrder } from '../../shared/faithfulness.ts';
import type { CurvePoint } from '../../shared/protocol.ts';
import { faithfulnessCurves, gaussianBlur } from './curves.ts';
import { registerSaliencyKernels } from '../gradients/register-kernels.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerSaliencyKernels();
});

describe('faithfulness curves', () => {
  it('blurs with a normalized Gaussian and mirrored edges: a flat image stays flat, a spike spreads and keeps its sum', () => {
    const flat = tf.fill([1, 9, 8, 2], 0.7) as tf.Tensor4D;
    Array.from(gaussianBlur(flat, 1.5).dataSync()).forEach((v) => expect(v).toBeCloseTo(0.7, 6));
    const spike = tf.buffer([1, 15, 15, 1]);
    spike.set(1, 0, 7, 7, 0);
    const blurred = Float32Array.from(gaussianBlur(spike.toTensor() as tf.Tensor4D, 1.5).dataSync());
    expect(blurred.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(blurred[7 * 15 + 7]).toBeLessThan(0.1);
    expect(blurred[7 * 15 + 8]).toBeCloseTo(blurred[8 * 15 + 7]!, 6);
  });

  it('a map that ranks the object\'s pixels first deletes the class faster than random, inserts it faster, and the ends are shared', async () => {
    // 32×32, one channel (blur σ = 1 px); the "object" is an 8×8 checkerboard of ±1 at rows 4..11, columns 20..27, which a blur wipes out.
    // Class 0's logit is 6 × the object's mean agreement with the checkerboard; class 1's is 2.
    const [h, w] = [32, 32];
    const object = (p: number) => { const r = Math.floor(p / w); const c = p % w; return r >= 4 && r < 12 && c >= 20 && c < 28; };
    const sign = (p: number) => ((Math.floor(p / w) + (p % w)) % 2 ? 1 : -1);
    const mask = tf.tensor4d(Float32Array.from({ length: h * w }, (_, p) => (object(p) ? sign(p) / 64 : 0)), [1, h, w, 1]);
    const net = (x: tf.Tensor4D) => tf.concat([tf.mul(tf.sum(tf.mul(x, mask), [1, 2, 3]), 6).reshape([-1, 1]), tf.fill([x.shape[0], 1], 2)], 1) as tf.Tensor2D;
    const image = tf.tensor4d(Float32Array.from({ length: h * w }, (_, p) => (object(p) ? sign(p) : 0.2)), [1, h, w, 1]);
    const knowing = Float32Array.from({ length: h * w }, (_, p) => (object(p) ? 5 : 0.1 * ((p * 7) % 3)));
    const curves = new Map<string, number[]>();
    const before = tf.memory().numTensors;
    for await (const batch of faithfulnessCurves(net, image, 0, [{ method: 'occlusion', values: knowing, shape: [h, w, 1] }], 3)) {
      for (const p of batch as CurvePoint[]) (curves.get(`${p.kind} ${p.order}`) ?? curves.set(`${p.kind} ${p.order}`, []).get(`${p.kind} ${p.order}`)!)[p.step] = p.probability;
    }
    expect(tf.memory().numTensors).toBe(before);
    const curve = (kind: CurveKind, order: CurveOrder) => curves.get(`${kind} ${order}`)!;
    for (const key of curves.keys()) expect(curves.get(key)!.filter((v) => v !== undefined), key).toHaveLength(CURVE_STEPS + 1);
    const p = (logit: number) => 1 / (1 + Math.exp(2 - logit));
    // The ends: the image (object mean 1), the baseline (0), and the same for every order.
    expect(curve('deletion', 'occlusion')[0]).toBeCloseTo(p(6), 5);
    expect(curve('deletion', 'random')[CURVE_STEPS]).toBeCloseTo(p(0), 5);
    expect(curve('insertion', 'occlusion')[CURVE_STEPS]).toBeCloseTo(p(6), 5);
    // 64 of 1024 pixels are the object: with the map's order all are moved by step 2 (10 % of the pixels: 102 of them).
    expect(curve('deletion', 'occlusion')[2]).toBeCloseTo(p(0), 5);
    expect(curve('insertion', 'occlusion')[2]).toBeCloseTo(p(6), 5);
    expect(curve('insertion', 'occlusion')[0]!).toBeLessThan(p(1));
    expect(areaUnder(curve('deletion', 'occlusion'))!).toBeLessThan(areaUnder(curve('deletion', 'random'))! - 0.2);
    expect(areaUnder(curve('insertion', 'occlusion'))!).toBeGreaterThan(areaUnder(curve('insertion', 'random'))! + 0.2);
    tf.dispose([mask, image]);
  });
});

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { convGeometry, convInputGradient, depthwiseInputGradient, registerForwardConvGradient } from './conv-input-gradient.ts';
import { seededValues } from '../../../test-support/test-nets.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Case { h: number; w: number; cin: number; cout: number; kh: number; kw: number; stride: [number, number]; pad: 'same' | 'valid' }

const cases: Case[] = [
  { h: 7, w: 9, cin: 3, cout: 4, kh: 3, kw: 3, stride: [1, 1], pad: 'same' },
  { h: 7, w: 9, cin: 3, cout: 4, kh: 3, kw: 3, stride: [2, 2], pad: 'valid' },
  { h: 8, w: 11, cin: 2, cout: 5, kh: 3, kw: 3, stride: [2, 2], pad: 'same' },
  { h: 9, w: 9, cin: 4, cout: 3, kh: 1, kw: 7, stride: [1, 1], pad: 'same' },
  { h: 9, w: 10, cin: 4, cout: 3, kh: 7, kw: 1, stride: [1, 1], pad: 'same' },
  { h: 13, w: 12, cin: 3, cout: 2, kh: 5, kw: 5, stride: [2, 2], pad: 'same' },
  { h: 6, w: 6, cin: 5, cout: 6, kh: 1, kw: 1, stride: [1, 1], pad: 'valid' },
  { h: 11, w: 10, cin: 2, cout: 3, kh: 3, kw: 2, stride: [2, 1], pad: 'valid' },
  { h: 10, w: 10, cin: 2, cout: 2, kh: 4, kw: 4, stride: [3, 3], pad: 'same' },
  { h: 1, w: 1, cin: 8, cout: 4, kh: 1, kw: 1, stride: [1, 1], pad: 'valid' },
];

const label = (c: Case) => `${c.h}x${c.w}x${c.cin} -> ${c.cout}, ${c.kh}x${c.kw}, stride ${c.stride.join('x')}, ${c.pad}`;

function setup(c: Case, seed: number) {
  const x = tf.tensor4d(seededValues(2 * c.h * c.w * c.cin, seed), [2, c.h, c.w, c.cin]);
  const filter = tf.tensor4d(seededValues(c.kh * c.kw * c.cin * c.cout, seed + 1), [c.kh, c.kw, c.cin, c.cout]);
  const out = tf.conv2d(x, filter, c.stride, c.pad);
  const dy = tf.tensor4d(seededValues(out.size, seed + 2), out.shape);
  return { x, filter, dy };
}

describe('input gradient of a conv as a forward conv', () => {
  cases.forEach((c, k) => {
    it(`equals tfjs's stock gradient and finite differences: ${label(c)}`, () => {
      const { x, filter, dy } = setup(c, 10 * k + 1);
      const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(t as tf.Tensor4D, filter, c.stride, c.pad), dy));
      const stock = tf.grad(f)(x).arraySync();
      const ours = convInputGradient(dy, filter, convGeometry(x.shape, filter.shape, c.stride, c.pad));
      expect(ours.shape).toEqual(x.shape);
      const a = ours.dataSync();
      const b = Float32Array.from((stock as number[][][][]).flat(3));
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4));
      // f is linear in x: a central difference is exact up to float32 rounding.
      const values = x.dataSync();
      for (const i of [0, 5, values.length - 1, Math.floor(values.length / 2)]) {
        const at = (delta: number) => {
          const moved = Float32Array.from(values);
          moved[i]! += delta;
          return f(tf.tensor4d(moved, x.shape)).dataSync()[0]!;
        };
        expect(a[i]).toBeCloseTo((at(0.5) - at(-0.5)) / 1, 2);
      }
    });
  });

  const depthwiseCases = [
    { h: 9, w: 8, c: 3, m: 1, k: 3, stride: 1, pad: 'same' },
    { h: 9, w: 8, c: 3, m: 2, k: 3, stride: 2, pad: 'same' },
    { h: 10, w: 11, c: 4, m: 1, k: 5, stride: 2, pad: 'valid' },
    { h: 7, w: 7, c: 2, m: 3, k: 3, stride: 1, pad: 'valid' },
  ] as const;
  depthwiseCases.forEach((c, k) => {
    it(`depthwise: equals tfjs's stock gradient: ${c.h}x${c.w}x${c.c}, multiplier ${c.m}, ${c.k}x${c.k}, stride ${c.stride}, ${c.pad}`, () => {
      const x = tf.tensor4d(seededValues(c.h * c.w * c.c, 200 + k), [1, c.h, c.w, c.c]);
      const filter = tf.tensor4d(seededValues(c.k * c.k * c.c * c.m, 300 + k), [c.k, c.k, c.c, c.m]);
      const out = tf.depthwiseConv2d(x, filter, c.stride, c.pad);
      const dy = tf.tensor4d(seededValues(out.size, 400 + k), out.shape);
      const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(t as tf.Tensor4D, filter, c.stride, c.pad), dy));
      const stock = tf.grad(f)(x).dataSync();
      const ours = depthwiseInputGradient(dy, filter, convGeometry(x.shape, filter.shape, c.stride, c.pad));
      expect(ours.shape).toEqual(x.shape);
      ours.dataSync().forEach((v, i) => expect(v).toBeCloseTo(stock[i]!, 4));
    });
  });

  it('once registered, tf.grad through conv2d uses it on wasm, and keeps the stock kernel on cpu (faster there)', async () => {
    const c = cases[5]!;
    const { x, filter, dy } = setup(c, 99);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(t as tf.Tensor4D, filter, c.stride, c.pad), dy));
    const stock = tf.grad(f)(x).dataSync();
    registerForwardConvGradient();
    const kernelsOn = async (backend: string) => {
      await tf.setBackend(backend);
      const [xb, fb, dyb] = [tf.tensor(x.dataSync(), x.shape), tf.tensor(filter.dataSync(), filter.shape), tf.tensor(dy.dataSync(), dy.shape)];
      const g = (t: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(t as tf.Tensor4D, fb as tf.Tensor4D, c.stride, c.pad), dyb));
      const info = await tf.profile(() => tf.grad(g)(xb));
      const ours = tf.grad(g)(xb).dataSync();
      ours.forEach((v, i) => expect(v).toBeCloseTo(stock[i]!, 4));
      return info.kernels.map((kernel) => kernel.name);
    };
    expect(await kernelsOn('wasm')).not.toContain('Conv2DBackpropInput');
    expect(await kernelsOn('cpu')).toContain('Conv2DBackpropInput');
  });
});

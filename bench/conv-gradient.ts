/**
 * npx tsx bench/conv-gradient.ts
 *
 * Input gradient of Inception V3-shaped convolutions on tfjs's cpu and wasm backends in Node:
 * tfjs's own Conv2DBackpropInput against the forward-conv formulation the app registers
 * (src/worker/conv-input-gradient.ts). Median of 5 after one warm-up; writes bench/conv-gradient.json.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { convGeometry, convInputGradient } from '../src/worker/gradients/conv-input-gradient.ts';

const SHAPES = [
  { name: '147x147, 3x3, 32->64, stride 1 same', h: 147, cin: 32, cout: 64, kh: 3, kw: 3, stride: 1, pad: 'same' },
  { name: '35x35, 3x3, 64->96, stride 1 same', h: 35, cin: 64, cout: 96, kh: 3, kw: 3, stride: 1, pad: 'same' },
  { name: '35x35, 3x3, 288->384, stride 2 valid', h: 35, cin: 288, cout: 384, kh: 3, kw: 3, stride: 2, pad: 'valid' },
  { name: '17x17, 1x7, 160->160, stride 1 same', h: 17, cin: 160, cout: 160, kh: 1, kw: 7, stride: 1, pad: 'same' },
  { name: '8x8, 1x1, 2048->448, stride 1 same', h: 8, cin: 2048, cout: 448, kh: 1, kw: 1, stride: 1, pad: 'same' },
] as const;
const RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function time(fn: () => tf.Tensor): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const start = performance.now();
    const out = fn();
    await out.data();
    out.dispose();
    if (run > 0) times.push(performance.now() - start);
  }
  return median(times);
}

const rows: Record<string, unknown>[] = [];
for (const backend of ['cpu', 'wasm']) {
  await tf.setBackend(backend);
  for (const s of SHAPES) {
    const x = tf.randomNormal([1, s.h, s.h, s.cin]) as tf.Tensor4D;
    const filter = tf.randomNormal([s.kh, s.kw, s.cin, s.cout]) as tf.Tensor4D;
    const dy = tf.tidy(() => tf.onesLike(tf.conv2d(x, filter, s.stride, s.pad))) as tf.Tensor4D;
    const stock = await time(() => tf.conv2dTranspose(dy, filter, x.shape, s.stride, s.pad));
    const forward = await time(() => convInputGradient(dy, filter, convGeometry(x.shape, filter.shape, s.stride, s.pad)));
    const conv = await time(() => tf.conv2d(x, filter, s.stride, s.pad));
    rows.push({ backend, shape: s.name, forwardConvMs: conv, stockInputGradMs: stock, forwardFormulationMs: forward, speedup: stock / forward });
    console.log(`${backend.padEnd(4)} ${s.name.padEnd(40)} conv ${conv.toFixed(1)} ms | Conv2DBackpropInput ${stock.toFixed(1)} ms | as forward conv ${forward.toFixed(1)} ms | x${(stock / forward).toFixed(2)}`);
    tf.dispose([x, filter, dy]);
  }
}
writeFileSync('bench/conv-gradient.json', JSON.stringify({ date: new Date().toISOString(), cpu: os.cpus()[0]?.model, node: process.version, rows }, null, 2) + '\n');

/**
 * npx tsx bench/concat-gradient.ts
 *
 * Concat's gradient is a split of dy (SplitV) into each input's part. On tfjs's wasm backend in
 * Node (one thread): tfjs-backend-wasm's own SplitV against the one the app registers, which copies
 * each part from the heap (splitWithoutCopiesOnWasm, src/worker/engine/tfjs-internals.ts), on the
 * concatenations of DenseNet-201's dense blocks (a block's first layer and its last) and of
 * Inception V3's mixed blocks; the parts are checked equal. Median of 5 after one warm-up; writes
 * bench/results-concat-gradient.json.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { splitWithoutCopiesOnWasm } from '../src/worker/engine/tfjs-internals.ts';
import { median } from './stats.ts';

/** A dense layer's input: the block's input channels, then 32 from each earlier layer. */
const dense = (size: number, first: number, layers: number) => ({ name: `DenseNet-201 ${size}x${size}, ${first} + ${layers} x 32`, size, parts: [first, ...Array<number>(layers).fill(32)] });
const SHAPES = [
  dense(56, 64, 1), dense(56, 64, 6),
  dense(28, 128, 1), dense(28, 128, 12),
  dense(14, 256, 1), dense(14, 256, 48),
  dense(7, 896, 1), dense(7, 896, 32),
  { name: 'Inception V3 Mixed_5b 35x35', size: 35, parts: [64, 64, 96, 32] },
  { name: 'Inception V3 Mixed_7c 8x8', size: 8, parts: [320, 768, 768, 192] },
];
const RUNS = 5;

async function timeSplit(dy: tf.Tensor, parts: number[]): Promise<{ ms: number; values: Float32Array[] }> {
  const times: number[] = [];
  let values: Float32Array[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const start = performance.now();
    const split = tf.split(dy, parts, 3);
    values = await Promise.all(split.map((p) => p.data() as Promise<Float32Array>));
    tf.dispose(split);
    if (run > 0) times.push(performance.now() - start);
  }
  return { ms: median(times), values };
}

await tf.setBackend('wasm');
const inputs = SHAPES.map((s) => tf.randomNormal([1, s.size, s.size, s.parts.reduce((a, b) => a + b, 0)], 0, 1, 'float32', 1));
const stock: { ms: number; values: Float32Array[] }[] = [];
for (const [i, s] of SHAPES.entries()) stock.push(await timeSplit(inputs[i]!, s.parts));
splitWithoutCopiesOnWasm();
const rows = [];
for (const [i, s] of SHAPES.entries()) {
  const fromHeap = await timeSplit(inputs[i]!, s.parts);
  const equal = fromHeap.values.every((v, p) => v.length === stock[i]!.values[p]!.length && v.every((x, j) => x === stock[i]!.values[p]![j]));
  if (!equal) throw new Error(`${s.name}: the parts differ`);
  const row = { shape: s.name, parts: s.parts.length, stockMs: Math.round(stock[i]!.ms * 100) / 100, fromHeapMs: Math.round(fromHeap.ms * 100) / 100, speedup: Math.round((100 * stock[i]!.ms) / fromHeap.ms) / 100 };
  rows.push(row);
  console.log(`${s.name.padEnd(36)} tfjs's SplitV ${row.stockMs.toFixed(2)} ms | from the heap ${row.fromHeapMs.toFixed(2)} ms | x${row.speedup}`);
}
tf.dispose(inputs);
writeFileSync('bench/results-concat-gradient.json', JSON.stringify({ date: new Date().toISOString(), cpu: os.cpus()[0]?.model, node: process.version, tfjs: tf.version.tfjs, backend: 'wasm (Node, 1 thread)', runs: RUNS, rows }, null, 2) + '\n');

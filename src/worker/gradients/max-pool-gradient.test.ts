import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect, it } from 'vitest';
import { firstMaxPoolGradient } from './max-pool-gradient.ts';

/** Post-ReLU activations: windows of zeros and of equal positive values (ties), some with one maximum. */
const H = 6, W = 7;
const values = Array.from({ length: H * W }, (_, i) => (i % 5 === 0 ? 0.5 + i / 100 : i > 30 ? 0.25 : 0));
const dyValues = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** The gradient routed to the first maximum (row-major) of each 3x3, stride 2, SAME window, by hand. */
function expected(): number[] {
  const dx = new Array<number>(H * W).fill(0);
  const [oh, ow] = [Math.ceil(H / 2), Math.ceil(W / 2)];
  const [padTop, padLeft] = [Math.floor(Math.max((oh - 1) * 2 + 3 - H, 0) / 2), Math.floor(Math.max((ow - 1) * 2 + 3 - W, 0) / 2)];
  for (let r = 0; r < oh; r++) for (let c = 0; c < ow; c++) {
    let best = -Infinity, at = -1;
    for (let dr = 0; dr < 3; dr++) for (let dc = 0; dc < 3; dc++) {
      const [y, x] = [r * 2 - padTop + dr, c * 2 - padLeft + dc];
      if (y < 0 || y >= H || x < 0 || x >= W) continue;
      if (values[y * W + x]! > best) [best, at] = [values[y * W + x]!, y * W + x];
    }
    dx[at] = dx[at]! + dyValues[r * ow + c]!;
  }
  return dx;
}

it('routes each window\'s gradient to its first maximum, ties included, on cpu and wasm', async () => {
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const x = tf.tensor4d(values, [1, H, W, 1]);
    const dy = tf.tensor4d(dyValues, [1, 3, 4, 1]);
    const dx = firstMaxPoolGradient(dy, x, { filterSize: 3, strides: 2, pad: 'same' });
    expect([...dx.dataSync()], backend).toEqual(expected());
  }
});

it('equals tfjs\'s cpu gradient (which takes the first maximum) on random ties, for any window, stride and padding', async () => {
  await tf.setBackend('cpu');
  // 3x3 stride 2 is Inception's; 10 rows with 3x3 stride 3 VALID leave the last row in no window.
  const geometries = [[3, 2], [3, 1], [2, 2], [3, 3], [[2, 3], [1, 2]]] as const;
  for (const [filterSize, strides] of geometries) {
    for (const pad of ['valid', 'same'] as const) {
      // Values on a coarse grid: plenty of ties.
      const x = tf.tensor4d(Array.from({ length: 2 * 10 * 9 * 3 }, (_, i) => Math.round(Math.abs(Math.sin(i * 1.7)) * 3)), [2, 10, 9, 3]);
      const dyShape = tf.maxPool(x, filterSize as [number, number], strides as [number, number], pad).shape;
      const dy = tf.tensor4d(Array.from({ length: dyShape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1), dyShape);
      const stock = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, filterSize as [number, number], strides as [number, number], pad), dy)))(x).dataSync();
      const ours = firstMaxPoolGradient(dy, x, { filterSize: filterSize as [number, number], strides: strides as [number, number], pad }).dataSync();
      expect([...ours], `${filterSize} / ${strides} ${pad}`).toEqual([...stock]);
    }
  }
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { reluWindow } from './relu-window.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('reluWindow', () => {
  // x[h][w][c] = 100h + 10w + c, so every value names its own position.
  const shape = [1, 5, 5, 2];
  const x = tf.tensor4d(Array.from({ length: 50 }, (_, i) => 100 * Math.floor(i / 10) + 10 * (Math.floor(i / 2) % 5) + (i % 2)), shape as [number, number, number, number]);

  it('centres on the strongest gradient, in its channel', async () => {
    const dy = tf.buffer(shape);
    dy.set(-9, 0, 2, 3, 1); // |dy| largest at h=2, w=3, channel 1
    dy.set(5, 0, 0, 0, 0);
    const sample = await reluWindow(x, dy.toTensor(), 3);
    expect(sample).toMatchObject({ layerShape: [5, 5, 2], row: 1, col: 2, channel: 1, size: 3 });
    expect(sample.x).toEqual([121, 131, 141, 221, 231, 241, 321, 331, 341]);
    expect(sample.dy).toEqual([0, 0, 0, 0, -9, 0, 0, 0, 0]);
  });

  it('stays inside the layer at its edges', async () => {
    const dy = tf.buffer(shape);
    dy.set(1, 0, 4, 4, 0);
    const sample = await reluWindow(x, dy.toTensor(), 3);
    expect(sample).toMatchObject({ row: 2, col: 2, channel: 0 });
    expect(sample.x).toEqual([220, 230, 240, 320, 330, 340, 420, 430, 440]);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { reluWindow } from './relu-window.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shape: [number, number, number, number] = [1, 5, 5, 2];
/** x[h][w][c] = 100h + 10w + c + offset, so every value names its own position. */
const positions = (offset: number) => tf.tensor4d(Array.from({ length: 50 }, (_, i) => 100 * Math.floor(i / 10) + 10 * (Math.floor(i / 2) % 5) + (i % 2) + offset), shape);

describe('reluWindow', () => {
  it('centres on the strongest gradient that reached a unit that was off, in its channel', async () => {
    const x = positions(-250); // off (x ≤ 0) in rows 0-2
    const dy = tf.buffer(shape);
    dy.set(-9, 0, 2, 3, 1); // x = -19: off, |dy| = 9
    dy.set(20, 0, 4, 4, 0); // x = 190: on, so not chosen however strong
    dy.set(5, 0, 0, 0, 0); // x = -250: off, but weaker
    const sample = await reluWindow(x, dy.toTensor(), 3);
    expect(sample).toMatchObject({ layerShape: [5, 5, 2], row: 1, col: 2, channel: 1, size: 3 });
    expect(sample.x).toEqual([-129, -119, -109, -29, -19, -9, 71, 81, 91]);
    expect(sample.dy).toEqual([0, 0, 0, 0, -9, 0, 0, 0, 0]);
  });

  it('takes the strongest gradient when every unit was on, and stays inside the layer at its edges', async () => {
    const dy = tf.buffer(shape);
    dy.set(1, 0, 4, 4, 0);
    const sample = await reluWindow(positions(1), dy.toTensor(), 3);
    expect(sample).toMatchObject({ row: 2, col: 2, channel: 0 });
    expect(sample.x).toEqual([221, 231, 241, 321, 331, 341, 421, 431, 441]);
  });
});

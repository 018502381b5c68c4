import * as tf from '@tensorflow/tfjs';
import type { ReluSample } from '../../shared/relu-sample.ts';

export const WINDOW_SIZE = 6;

/**
 * The size × size window of one channel of a ReLU (batch item 0 of x and dy, both [B, H, W, C]),
 * around the strongest gradient that reached a unit that was off (x ≤ 0): where the rules disagree,
 * so the window shows both masks at work. When every unit was on, around the strongest gradient.
 */
export async function reluWindow(x: tf.Tensor, dy: tf.Tensor, wanted = WINDOW_SIZE): Promise<ReluSample> {
  const [, height, width, channels] = x.shape as number[];
  const size = Math.min(wanted, height!, width!);
  const [offStrongest, offMax, strongest] = tf.tidy(() => {
    const first = (t: tf.Tensor) => tf.slice(t, [0, 0, 0, 0], [1, -1, -1, -1]).reshape([-1]);
    const magnitude = tf.abs(first(dy));
    const whereOff = tf.mul(magnitude, tf.cast(tf.lessEqual(first(x), 0), 'float32'));
    return [tf.argMax(whereOff), tf.max(whereOff), tf.argMax(magnitude)];
  });
  const [offAt, offValue, anyAt] = await Promise.all([offStrongest!.data(), offMax!.data(), strongest!.data()]);
  tf.dispose([offStrongest!, offMax!, strongest!]);
  const at = offValue[0]! > 0 ? offAt[0]! : anyAt[0]!;
  const channel = at % channels!;
  const pixel = Math.floor(at / channels!);
  const corner = (centre: number, extent: number) => Math.min(Math.max(centre - Math.floor(size / 2), 0), extent - size);
  const row = corner(Math.floor(pixel / width!), height!);
  const col = corner(pixel % width!, width!);
  const window = (t: tf.Tensor) => tf.slice(t, [0, row, col, channel], [1, size, size, 1]);
  const [xs, dys] = tf.tidy(() => [window(x), window(dy)]);
  try {
    const [xValues, dyValues] = await Promise.all([xs!.data(), dys!.data()]);
    return { layerShape: [height!, width!, channels!], row, col, channel, size, x: [...xValues], dy: [...dyValues] };
  } finally {
    tf.dispose([xs!, dys!]);
  }
}

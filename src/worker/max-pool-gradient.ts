import * as tf from '@tensorflow/tfjs';
import { convGeometry, zeroInsert } from './conv-input-gradient.ts';

/**
 * MaxPool's gradient goes to the maximum of each window. Where several cells tie, backends choose
 * differently: tfjs's cpu backend (like TensorFlow) takes the first, its WebGL shader the last
 * (`>=`), wasm yet another. Ties are common (whole windows of zeros after a ReLU, equal activations
 * over a flat background), and the deconvnet rule, which ignores the ReLU mask, then draws different
 * maps on different backends. This gradient takes the first maximum in row-major window order, as
 * TensorFlow does, on every backend, from forward ops alone: one strided view of x per window cell.
 */
const PADDING = -3.4e38;

export function firstMaxPoolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, attrs: tf.MaxPoolAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const [, oh, ow] = dy.shape;
    const [fh, fw] = typeof attrs.filterSize === 'number' ? [attrs.filterSize, attrs.filterSize] : attrs.filterSize;
    const window = tf.zeros([fh, fw, 1, 1]) as tf.Tensor4D;
    const { strides: [sh, sw], pads: [[top], [left]] } = convGeometry(x, window, attrs.strides, attrs.pad as 'same' | 'valid' | number);
    // Pad so that every window lies inside; padded cells can never be the maximum.
    const [ph, pw] = [(oh - 1) * sh + fh, (ow - 1) * sw + fw];
    const padded = tf.pad(x, [[0, 0], [top, Math.max(0, ph - h - top)], [left, Math.max(0, pw - w - left)], [0, 0]], PADDING);
    const cells: tf.Tensor4D[] = [];
    for (let r = 0; r < fh; r++) {
      for (let q = 0; q < fw; q++) {
        cells.push(tf.stridedSlice(padded, [0, r, q, 0], [b, r + (oh - 1) * sh + 1, q + (ow - 1) * sw + 1, c], [1, sh, sw, 1]) as tf.Tensor4D);
      }
    }
    const maximum = cells.reduce((m, cell) => tf.maximum(m, cell));
    let taken = tf.zerosLike(maximum);
    let dx = tf.zeros(padded.shape) as tf.Tensor4D;
    cells.forEach((cell, k) => {
      const first = tf.mul(tf.cast(tf.equal(cell, maximum), 'float32'), tf.sub(1, taken));
      taken = tf.add(taken, first);
      const [r, q] = [Math.floor(k / fw), k % fw];
      const spread = zeroInsert(tf.mul(dy, first) as tf.Tensor4D, [sh, sw]);
      const [, sh2, sw2] = spread.shape;
      dx = tf.add(dx, tf.pad(spread, [[0, 0], [r, padded.shape[1] - r - sh2], [q, padded.shape[2] - q - sw2], [0, 0]]));
    });
    return tf.slice(dx, [0, top, left, 0], [b, h, w, c]);
  });
}

let registered = false;

export function registerFirstMaxPoolGradient(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: tf.MaxPool,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => ({
      x: () => firstMaxPoolGradient(dy as tf.Tensor4D, saved[0] as tf.Tensor4D, attrs as unknown as tf.MaxPoolAttrs),
    }),
  });
}

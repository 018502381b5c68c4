import * as tf from '@tensorflow/tfjs';
import { convGeometry, depthwiseInputGradient, pair } from './conv-input-gradient.ts';
import { perTape } from './forward-tape.ts';
import { replaceGradient } from './replace-gradient.ts';

/**
 * MaxPool's gradient goes to the maximum of each window. Where several cells tie, backends choose
 * differently: tfjs's cpu backend (like TensorFlow) takes the first, its WebGL shader the last
 * (`>=`), wasm yet another. Ties are common (whole windows of zeros after a ReLU, equal activations
 * over a flat background), and the deconvnet rule, which ignores the ReLU mask, then draws different
 * maps on different backends. This gradient takes the first maximum in row-major window order, as
 * TensorFlow does, on every backend, from forward ops alone: a depthwise conv with one-hot kernels
 * lays each window's cells side by side, and its input gradient sends the chosen cells back.
 * Which cell is first depends on x alone, so the backward passes over one recorded forward pass
 * (one per rule, per class) find it once (perTape): the finding is two thirds of the cost.
 */
const PADDING = -3.4e38;

export function firstMaxPoolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, attrs: tf.MaxPoolAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const [, oh, ow] = dy.shape;
    const [fh, fw] = pair(attrs.filterSize);
    const cells = fh * fw;
    const { strides, pads: [[top], [left]] } = convGeometry(x.shape, [fh, fw], attrs.strides, attrs.pad as 'same' | 'valid' | number);
    // Pad so that every window lies inside; padded cells can never be the maximum.
    const [ph, pw] = [(oh - 1) * strides[0] + fh, (ow - 1) * strides[1] + fw];
    const padding: [number, number][] = [[0, 0], [top, Math.max(0, ph - h - top)], [left, Math.max(0, pw - w - left)], [0, 0]];
    const paddedShape = x.shape.map((extent, axis) => extent + padding[axis]![0] + padding[axis]![1]) as [number, number, number, number];
    // oneHot[r, q, channel, k] = 1 where k = r * fw + q: output channel (channel, k) is cell k of each window.
    const oneHot = tf.tile(tf.reshape(tf.eye(cells), [fh, fw, 1, cells]), [1, 1, c, 1]) as tf.Tensor4D;
    const first = perTape(`MaxPool ${x.id} ${fh}x${fw} ${strides} ${top},${left}`, () => tf.tidy(() => {
      const padded = tf.pad(x, padding, PADDING) as tf.Tensor4D;
      const windows = tf.reshape(tf.depthwiseConv2d(padded, oneHot, strides, 'valid'), [-1, cells]);
      // step(0) = 0: isMax is 1 exactly where a cell equals its window's maximum. (Step and Sub, not
      // Equal: wasm's broadcasting Equal is ~30x slower.)
      const isMax = tf.sub(1, tf.step(tf.sub(tf.max(windows, 1, true), windows)));
      // The running count of maxima is 1 up to and including the first one.
      return tf.mul(isMax, tf.step(tf.sub(1.5, tf.cumsum(isMax, 1))));
    }));
    const routed = tf.reshape(tf.mul(first, tf.reshape(dy, [-1, 1])), [b, oh, ow, c * cells]) as tf.Tensor4D;
    const geometry = convGeometry(paddedShape, oneHot.shape, strides, 'valid');
    const dx = depthwiseInputGradient(routed, oneHot, geometry);
    return tf.slice(dx, [0, top, left, 0], [b, h, w, c]);
  });
}

export function registerFirstMaxPoolGradient(): void {
  replaceGradient({
    kernelName: tf.MaxPool,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => ({
      x: () => firstMaxPoolGradient(dy as tf.Tensor4D, saved[0] as tf.Tensor4D, attrs as unknown as tf.MaxPoolAttrs),
    }),
  });
}

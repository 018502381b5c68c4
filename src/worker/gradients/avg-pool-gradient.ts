import * as tf from '@tensorflow/tfjs';
import { convGeometry, depthwiseInputGradient, pair } from './conv-input-gradient.ts';
import { replaceGradient } from './replace-gradient.ts';

/**
 * The exact gradient of tfjs's AvgPool. Its forward divides each window by the number of cells
 * inside the input (SAME padding excludes padded cells), but tfjs's own gradient kernels multiply
 * by the constant 1 / (filterHeight * filterWidth): wrong at feature-map borders, where Inception
 * V3's 3x3 stride-1 SAME pools sit in every mixed block (FACTS). Here each window's gradient,
 * dy / (its number of valid cells), is spread back over the window: the input gradient of a
 * depthwise conv with a kernel of ones, computed as forward depthwise convs (conv-input-gradient.ts),
 * which wasm runs on XNNPACK's threads, where its AvgPoolGrad is a single-threaded loop (~55 ms a
 * pass on Inception V3, one thread).
 */
export function exactAvgPoolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, attrs: tf.AvgPoolAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const [fh, fw] = pair(attrs.filterSize);
    const pad = attrs.pad as 'same' | 'valid' | number;
    const [, height, width, channels] = x.shape;
    const ones = tf.ones([fh, fw, channels, 1]) as tf.Tensor4D;
    // Number of input cells in each output's window: a sum-pool of ones.
    const counts = tf.conv2d(tf.ones([1, height, width, 1]) as tf.Tensor4D, tf.ones([fh, fw, 1, 1]) as tf.Tensor4D, attrs.strides, pad);
    return depthwiseInputGradient(tf.div(dy, counts), ones, convGeometry(x.shape, ones.shape, attrs.strides, pad));
  });
}

export function registerExactAvgPoolGradient(): void {
  replaceGradient({
    kernelName: tf.AvgPool,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => ({
      x: () => exactAvgPoolGradient(dy as tf.Tensor4D, saved[0] as tf.Tensor4D, attrs as unknown as tf.AvgPoolAttrs),
    }),
  });
}

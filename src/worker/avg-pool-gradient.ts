import * as tf from '@tensorflow/tfjs';
import { pair } from './conv-input-gradient.ts';
import { replaceGradient } from './replace-gradient.ts';

/**
 * The exact gradient of tfjs's AvgPool. Its forward divides each window by the number of cells
 * inside the input (SAME padding excludes padded cells), but tfjs's own gradient kernels multiply
 * by the constant 1 / (filterHeight * filterWidth): wrong at feature-map borders, where Inception
 * V3's 3x3 stride-1 SAME pools sit in every mixed block (FACTS). Rescaling dy by
 * window size / valid count before the stock kernel gives the true derivative.
 */
export function exactAvgPoolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, attrs: tf.AvgPoolAttrs): tf.Tensor4D {
  const [fh, fw] = pair(attrs.filterSize);
  const strides = pair(attrs.strides);
  const pad = attrs.pad as 'same' | 'valid' | number;
  const [, height, width] = x.shape;
  // Number of input cells in each output's window: a sum-pool of ones.
  const counts = tf.conv2d(tf.ones([1, height!, width!, 1]) as tf.Tensor4D, tf.ones([fh, fw, 1, 1]) as tf.Tensor4D, strides, pad);
  const scaled = tf.mul(dy, tf.div(tf.scalar(fh * fw), counts));
  return tf.engine().runKernel(tf.AvgPoolGrad, { dy: scaled, input: x }, { ...attrs }) as tf.Tensor4D;
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

import * as tf from '@tensorflow/tfjs';

/**
 * The input gradient of a strided window operation (conv, depthwise conv, pooling), split by phase.
 * For y = conv(x, W, stride s), row xi of x sits at padded row u = xi + padBefore, and the taps that
 * reach it are r = u - s * i. Writing u = s * m + p (p the phase), only the taps r = p + s * t do:
 *   dx_p[m] = sum_t dy[m - t] * W[p + s * t]
 * a stride-1 convolution of dy with the phase's sub-filter, flipped. The s_h * s_w phase planes are
 * then interleaved back into x's rows. The classic alternative, a stride-1 conv over dy with s - 1
 * zeros inserted between its values, does s_h * s_w times the arithmetic on zeros: on wasm it cost
 * more than all other backward convs of Inception V3 together.
 */

export type Pair = [number, number];
export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

export interface WindowGeometry {
  inSize: Pair;
  kernel: Pair;
  strides: Pair;
  /** Padding before and after, per spatial dimension, as TensorFlow computes it. */
  pads: [Pair, Pair];
}

/** One phase: how many taps it has along each axis, and which kernel cells they are, flipped. */
export interface Phase {
  phase: Pair;
  taps: Pair;
  /** Row-major indices into the kh * kw kernel cells, in the flipped order a forward conv wants; -1: a zero tap. */
  cells: number[];
}

/**
 * Convolves dy (already cropped where the padding is negative) with one phase's flipped sub-filter at
 * stride 1 with the given padding; returns [b, rows, cols, channels of x].
 */
export type PhaseConvolution = (dy: tf.Tensor4D, phase: Phase, padding: ExplicitPadding) => tf.Tensor4D;

/**
 * The taps of one phase. uniform: every phase gets ceil(k / s) taps, the missing ones zero: wasm's
 * depthwise conv is ~5x slower on 1x1, 1x2 and 2x1 kernels than on 2x2 ones.
 */
export function phaseOf(kernel: Pair, strides: Pair, phase: Pair, uniform = false): Phase {
  const own = [0, 1].map((d) => Math.max(0, Math.ceil((kernel[d]! - phase[d]!) / strides[d]!))) as Pair;
  const taps = uniform ? [0, 1].map((d) => Math.ceil(kernel[d]! / strides[d]!)) as Pair : own;
  const cells: number[] = [];
  for (let a = 0; a < taps[0]; a++) {
    for (let b = 0; b < taps[1]; b++) {
      const [t, u] = [taps[0] - 1 - a, taps[1] - 1 - b];
      cells.push(t < own[0] && u < own[1] ? (phase[0] + strides[0] * t) * kernel[1] + phase[1] + strides[1] * u : -1);
    }
  }
  return { phase, taps, cells };
}

/** dy [b, oh, ow, c'] -> dx [b, h, w, channels]. */
export function inputGradientByPhases(dy: tf.Tensor4D, geometry: WindowGeometry, channels: number, convolve: PhaseConvolution, uniformTaps = false): tf.Tensor4D {
  const { inSize, kernel, strides, pads } = geometry;
  const b = dy.shape[0];
  // The rows m (per axis) that x needs, the same range for every phase.
  const ranges = [0, 1].map((d) => {
    const before = pads[d]![0];
    return [Math.floor(before / strides[d]!), Math.floor((before + inSize[d]! - 1) / strides[d]!)] as Pair;
  }) as [Pair, Pair];
  const size = ranges.map(([first, last]) => last - first + 1) as Pair;
  const planes = Array.from({ length: strides[0] }, (_, p) => Array.from({ length: strides[1] }, (_, q) => {
    const phase = phaseOf(kernel, strides, [p, q], uniformTaps);
    if (phase.cells.every((cell) => cell < 0)) return tf.zeros([b, size[0], size[1], channels]) as tf.Tensor4D;
    // dy padded with taps - 1 zeros before, shifted to the first row needed, long enough for the last.
    const amounts = [0, 1].map((d) => [phase.taps[d]! - 1 - ranges[d]![0], ranges[d]![1] + 1 - dy.shape[d + 1]!] as Pair) as [Pair, Pair];
    const { cropped, padding } = cropForPadding(dy, amounts);
    return convolve(cropped, phase, padding);
  }));
  const full = interleave(planes);
  const offset = [0, 1].map((d) => pads[d]![0] - strides[d]! * ranges[d]![0]);
  const [, h, w] = full.shape;
  if (offset[0] === 0 && offset[1] === 0 && h === inSize[0] && w === inSize[1]) return full;
  return tf.slice(full, [0, offset[0]!, offset[1]!, 0], [b, inSize[0], inSize[1], channels]);
}

/** Padding a conv can take (the positive amounts), after cropping dy where an amount is negative. */
function cropForPadding(dy: tf.Tensor4D, [[top, bottom], [left, right]]: [Pair, Pair]) {
  const padding: ExplicitPadding = [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]];
  if (Math.min(top, bottom, left, right) >= 0) return { cropped: dy, padding };
  const [b, h, w, c] = dy.shape;
  const [cropTop, cropBottom, cropLeft, cropRight] = [top, bottom, left, right].map((a) => Math.max(0, -a)) as [number, number, number, number];
  const cropped = tf.slice(dy, [0, cropTop, cropLeft, 0], [b, h - cropTop - cropBottom, w - cropLeft - cropRight, c]);
  return { cropped, padding };
}

/** planes[p][q] [b, m, n, c] -> x [b, m * sh, n * sw, c] with x[sh * i + p, sw * j + q] = planes[p][q][i, j]. */
export function interleave(planes: tf.Tensor4D[][]): tf.Tensor4D {
  const rows = planes.map((row) => {
    if (row.length === 1) return row[0]!;
    const [b, m, n, c] = row[0]!.shape;
    return tf.reshape(tf.stack(row, 3), [b, m, n * row.length, c]) as tf.Tensor4D;
  });
  if (rows.length === 1) return rows[0]!;
  const [b, m, n, c] = rows[0]!.shape;
  return tf.reshape(tf.stack(rows, 2), [b, m * rows.length, n, c]) as tf.Tensor4D;
}

import * as tf from '@tensorflow/tfjs';
import { replaceGradient } from './replace-gradient.ts';

/**
 * A convolution's input gradient computed as a forward convolution. For y = conv2d(x, W, s, pad):
 *   dx = conv2d(zeroInsert(dy, s), reverse(W, [0, 1]) transposed to [kh, kw, out, in], 1, padding)
 * which is the same arithmetic as Conv2DBackpropInput, but runs on the backends' fast forward
 * kernels where that pays (wasm, whose Conv2DBackpropInput is ~10x slower than its conv2d), and
 * wasm has no DepthwiseConv2dNativeBackpropInput at all. Only the input gradient
 * changes; a dilated conv keeps tfjs's own gradient.
 */

type Pair = [number, number];

export interface ConvGeometry {
  inSize: Pair;
  kernel: Pair;
  strides: Pair;
  /** Padding before and after, per spatial dimension, as TensorFlow computes it. */
  pads: [Pair, Pair];
}

/** tfjs attributes give a window or stride as one number or a [height, width] pair. */
export const pair = (value: number | Pair): Pair => (typeof value === 'number' ? [value, value] : value);

/** From shapes: x [b, h, w, c] and a kernel [kh, kw, ...]. */
export function convGeometry(xShape: readonly number[], kernelShape: readonly number[], strides: number | Pair, pad: 'same' | 'valid' | number): ConvGeometry {
  const [, h, w] = xShape as [number, number, number];
  const [kh, kw] = kernelShape as [number, number];
  const s = pair(strides);
  const padFor = (size: number, k: number, stride: number): Pair => {
    if (pad === 'valid') return [0, 0];
    if (typeof pad === 'number') return [pad, pad];
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + k - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  return { inSize: [h, w], kernel: [kh, kw], strides: s, pads: [padFor(h, kh, s[0]), padFor(w, kw, s[1])] };
}

/** dy [b, oh, ow, cout] -> dx [b, h, w, cin] for a conv with the given geometry and filter. */
export function convInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, geometry: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const { spread, padding } = spreadAndPadding(dy, geometry);
    return tf.conv2d(spread, flippedFilter(filter), 1, padding);
  });
}

/**
 * reverse(W, [0, 1]) transposed to [kh, kw, out, in], cached per weight: model filters are
 * constants, and re-flipping every filter on every pass costs as much as the convs themselves.
 * wasm copies saved tensors (its Identity kernel copies), so a saved filter's dataId is new on every
 * pass: the key is a fingerprint of the values: the shape, a position-weighted sum of all of them in
 * float64, and three samples.
 */
const flippedFilters = new Map<string, tf.Tensor4D>();

function filterKey(filter: tf.Tensor4D): string {
  const values = filter.dataSync();
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * (1 + (i % 13));
  return `${filter.shape}:${sum}:${values[0]}:${values[values.length >> 1]}:${values[values.length - 1]}`;
}

function flippedFilter(filter: tf.Tensor4D): tf.Tensor4D {
  const key = filterKey(filter);
  let flipped = flippedFilters.get(key);
  if (!flipped || flipped.isDisposed) {
    flipped = tf.keep(tf.transpose(flipSpatially(filter), [0, 1, 3, 2]) as tf.Tensor4D);
    flippedFilters.set(key, flipped);
  }
  return flipped;
}

/**
 * reverse(W, [0, 1]) as one gather of rows: reversing both spatial axes reverses the flattened
 * kh * kw index. wasm's Reverse kernel is far slower than this gather.
 */
function flipSpatially(filter: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, cin, cout] = filter.shape;
  if (kh * kw === 1) return filter;
  const rows = tf.reshape(filter, [kh * kw, cin * cout]);
  const reversed = tf.gather(rows, tf.range(kh * kw - 1, -1, -1, 'int32'));
  return tf.reshape(reversed, [kh, kw, cin, cout]) as tf.Tensor4D;
}

/**
 * The same for a depthwise conv with filter [kh, kw, c, m]: each of the c * m output channels
 * flows back through its own flipped kernel, then the m channels of each input channel add up.
 */
export function depthwiseInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, geometry: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, c, m] = filter.shape;
    const flipped = tf.reshape(flipSpatially(filter), [kh, kw, c * m, 1]) as tf.Tensor4D;
    const { spread, padding } = spreadAndPadding(dy, geometry);
    const perOutput = tf.depthwiseConv2d(spread, flipped, 1, padding);
    if (m === 1) return perOutput;
    const [b, h, w] = perOutput.shape;
    return tf.sum(tf.reshape(perOutput, [b, h, w, c, m]), 4) as tf.Tensor4D;
  });
}

type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/**
 * dy, zero-inserted for the stride, and the padding that makes a stride-1 conv land on x's shape.
 * The padding goes to the conv itself (no padded copy of dy) unless part of dy must be cropped.
 */
function spreadAndPadding(dy: tf.Tensor4D, { inSize, kernel, strides, pads }: ConvGeometry): { spread: tf.Tensor4D; padding: ExplicitPadding } {
  const [rows, cols] = [0, 1].map((d) => {
    const out = dy.shape[d + 1]!;
    const [before, after] = pads[d]!;
    // Rows of x that no window reached at the far end get a zero gradient.
    const leftover = inSize[d]! + before + after - kernel[d]! - (out - 1) * strides[d]!;
    return [kernel[d]! - 1 - before, kernel[d]! - 1 - after + leftover] as Pair;
  }) as [Pair, Pair];
  const spread = zeroInsert(dy, strides);
  if (Math.min(...rows, ...cols) >= 0) return { spread, padding: [[0, 0], rows, cols, [0, 0]] };
  return { spread: cropOrPad(spread, [rows, cols]), padding: [[0, 0], [0, 0], [0, 0], [0, 0]] };
}

/**
 * Inserts stride - 1 zeros between neighbouring elements along height and width. Done one axis at
 * a time with rank-4 pads: WebGL's pad shader fails to compile for rank-6 tensors.
 */
function zeroInsert(dy: tf.Tensor4D, [sh, sw]: Pair): tf.Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [b, oh, ow, c] = dy.shape;
  const wide = tf.reshape(tf.pad(tf.reshape(dy, [b * oh, ow, 1, c]), [[0, 0], [0, 0], [0, sw - 1], [0, 0]]), [b, oh, ow * sw, c]);
  const tall = tf.reshape(tf.pad(tf.reshape(wide, [b, oh, 1, ow * sw * c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]), [b, oh * sh, ow * sw, c]);
  return tf.slice(tall as tf.Tensor4D, [0, 0, 0, 0], [b, (oh - 1) * sh + 1, (ow - 1) * sw + 1, c]);
}

/** Pads (positive amounts) or crops (negative amounts) height and width. */
function cropOrPad(x: tf.Tensor4D, [[top, bottom], [left, right]]: [Pair, Pair]): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const cropped = tf.slice(x, [0, Math.max(0, -top), Math.max(0, -left), 0],
    [b, h - Math.max(0, -top) - Math.max(0, -bottom), w - Math.max(0, -left) - Math.max(0, -right), c]);
  const padding: [number, number][] = [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]];
  return padding.some(([p, q]) => p > 0 || q > 0) ? tf.pad(cropped, padding) : cropped;
}

/**
 * Backends where the forward formulation is faster, as measured: on wasm 2.7-12x per conv
 * (bench/conv-gradient.ts) and ~5x for a whole map; on tfjs's cpu backend Conv2DBackpropInput is
 * faster (0.2-0.95x); on SwiftShader WebGL whole maps took 1.2x longer (bench/run.ts), so cpu and
 * webgl keep tfjs's own kernel.
 */
const FORWARD_FORMULATION_BACKENDS = new Set(['wasm']);

/** Registers the forward formulation for Conv2D and DepthwiseConv2dNative input gradients. */
export function registerForwardConvGradient(): void {
  replaceInputGradient(tf.Conv2D, convInputGradient);
  replaceInputGradient(tf.DepthwiseConv2dNative, depthwiseInputGradient);
}

type InputGradient = (dy: tf.Tensor4D, filter: tf.Tensor4D, geometry: ConvGeometry) => tf.Tensor4D;

function replaceInputGradient(kernelName: string, inputGradient: InputGradient): void {
  const stock = tf.getGradient(kernelName);
  if (!stock) throw new Error(`tfjs has no gradient for ${kernelName} to fall back on`);
  replaceGradient({
    kernelName,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const { strides, pad, dilations, dataFormat } = attrs as unknown as tf.Conv2DAttrs;
      const dilated = dilations !== undefined && (typeof dilations === 'number' ? dilations !== 1 : dilations.some((d) => d !== 1));
      const stockGrads = stock.gradFunc(dy, saved, attrs);
      const unsupported = dilated || dataFormat === 'NCHW' || typeof pad === 'object';
      if (unsupported || !FORWARD_FORMULATION_BACKENDS.has(tf.getBackend())) return stockGrads;
      const geometry = convGeometry(x.shape, filter.shape, strides, pad as 'same' | 'valid' | number);
      // The filter's gradient stays tfjs's own, computed only if something asks for it.
      return { x: () => inputGradient(dy as tf.Tensor4D, filter, geometry), filter: stockGrads.filter! };
    },
  });
}

import * as tf from '@tensorflow/tfjs';
import { inputGradientByPhases, type Pair, type Phase, type WindowGeometry } from './phases.ts';
import { replaceGradient } from './replace-gradient.ts';

/**
 * A convolution's input gradient computed with forward convolutions. For y = conv2d(x, W, s, pad),
 * dx is the stride-1 conv of dy with W flipped spatially and transposed to [kh, kw, out, in]; with
 * a stride, one such conv per phase with the taps of that phase (phases.ts). It is the arithmetic
 * of Conv2DBackpropInput, run on the backends' fast forward kernels where that pays (wasm, whose
 * Conv2DBackpropInput is ~10x slower than its conv2d), and wasm has no
 * DepthwiseConv2dNativeBackpropInput at all. Only the input gradient changes; a dilated conv keeps
 * tfjs's own gradient.
 */

/** tfjs attributes give a window or stride as one number or a [height, width] pair. */
export const pair = (value: number | Pair): Pair => (typeof value === 'number' ? [value, value] : value);

/** From shapes: x [b, h, w, c] and a kernel [kh, kw, ...]. */
export function convGeometry(xShape: readonly number[], kernelShape: readonly number[], strides: number | Pair, pad: 'same' | 'valid' | number): WindowGeometry {
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
export function convInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, geometry: WindowGeometry): tf.Tensor4D {
  return tf.tidy(() => inputGradientByPhases(dy, geometry, filter.shape[2], (input, phase, padding) =>
    tf.conv2d(input, flippedSubFilter(filter, phase), 1, padding)));
}

/**
 * A phase's sub-filter, flipped and transposed to [taps h, taps w, out, in], cached per weight:
 * model filters are constants, and re-cutting every filter on every pass costs as much as the
 * convs themselves. The filter a recorded pass saves shares the weight's data (Identity shares it on
 * every backend, tfjs-internals.ts), so the weight is known by its dataId.
 */
const subFilters = new WeakMap<object, Map<string, tf.Tensor4D>>();

function flippedSubFilter(filter: tf.Tensor4D, phase: Phase): tf.Tensor4D {
  let cuts = subFilters.get(filter.dataId);
  if (!cuts) subFilters.set(filter.dataId, (cuts = new Map()));
  const key = `${phase.taps}|${phase.cells}`;
  let cut = cuts.get(key);
  if (!cut || cut.isDisposed) {
    cut = tf.keep(tf.tidy(() => tf.transpose(subFilter(filter, phase), [0, 1, 3, 2]) as tf.Tensor4D));
    cuts.set(key, cut);
  }
  return cut;
}

/**
 * The phase's taps of a filter [kh, kw, a, b], flipped, as [taps h, taps w, a, b]: one gather of
 * kernel cells, with a zero row for zero taps (wasm's Reverse kernel is far slower than a gather).
 */
function subFilter(filter: tf.Tensor4D, { taps, cells }: Phase): tf.Tensor4D {
  const [kh, kw, a, b] = filter.shape;
  if (cells.length === kh * kw && cells.every((cell, i) => cell === i)) return filter;
  const rows = tf.reshape(filter, [kh * kw, a * b]);
  const withZero = cells.includes(-1) ? tf.concat([rows, tf.zeros([1, a * b])]) : rows;
  const indices = tf.tensor1d(cells.map((cell) => (cell < 0 ? kh * kw : cell)), 'int32');
  return tf.reshape(tf.gather(withZero, indices), [taps[0], taps[1], a, b]) as tf.Tensor4D;
}

/**
 * The same for a depthwise conv with filter [kh, kw, c, m]: each of the c * m output channels
 * flows back through its own flipped kernel, then the m channels of each input channel add up.
 */
export function depthwiseInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, geometry: WindowGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const [, , c, m] = filter.shape;
    return inputGradientByPhases(dy, geometry, c, (input, phase, padding) => {
      const flipped = tf.reshape(subFilter(filter, phase), [phase.taps[0], phase.taps[1], c * m, 1]) as tf.Tensor4D;
      const perOutput = tf.depthwiseConv2d(input, flipped, 1, padding);
      if (m === 1) return perOutput;
      const [b, h, w] = perOutput.shape;
      return tf.sum(tf.reshape(perOutput, [b, h, w, c, m]), 4) as tf.Tensor4D;
    }, true);
  });
}

/**
 * Backends where the forward formulation is faster, as measured: on wasm 2.7-12x per conv
 * (bench/conv-gradient.ts) and ~5x for a whole map; on tfjs's cpu backend Conv2DBackpropInput is
 * faster (0.2-0.95x); on SwiftShader WebGL whole maps took 1.2x longer (bench/run.ts), so cpu and
 * webgl keep tfjs's own kernel. WebGPU keeps it too until measured on a hardware GPU (a software
 * adapter says nothing about one).
 */
const FORWARD_FORMULATION_BACKENDS = new Set(['wasm']);

/** Registers the forward formulation for Conv2D and DepthwiseConv2dNative input gradients. */
export function registerForwardConvGradient(): void {
  replaceInputGradient(tf.Conv2D, convInputGradient);
  replaceInputGradient(tf.DepthwiseConv2dNative, depthwiseInputGradient);
}

type InputGradient = (dy: tf.Tensor4D, filter: tf.Tensor4D, geometry: WindowGeometry) => tf.Tensor4D;

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

/** Frees the sub-filters cut from a weight that is about to go (the sanity check's random layers). */
export function forgetFilterCuts(weight: tf.Tensor): void {
  subFilters.get(weight.dataId)?.forEach((cut) => cut.dispose());
  subFilters.delete(weight.dataId);
}

import { intListAttr, stringAttr } from '../graph-def.ts';
import { floatConstant, intConstant, scalarOf, transposeConstant, type Constant } from './constants.ts';
import { NHWC_AXIS } from './graph-builder.ts';
import {
  axisOf, constInput, floatAttr, intAttr, intsAttr, listFrom, nodeInput, refuse, stringAttr as stringAttribute, type NodeValue, type OpContext, type Translate,
} from './op-context.ts';

/**
 * The ops that carry a CNN's weights and windows, on NHWC: Conv (groups, dilations, explicit and
 * asymmetric pads, auto_pad), BatchNormalization (folded to a scale and a shift), MaxPool and
 * AveragePool (pads, ceil_mode, count_include_pad), the global pools and ReduceMean, Pad, Gemm and
 * MatMul. ONNX pads explicitly; TF's SAME pads the extra cell at the end: where ONNX's pads are what
 * SAME would pad, the op says SAME, else a Pad node (the lowest float for a max pool) feeds a VALID op.
 */

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** [top, left, bottom, right]. */
  pads: number[];
  out: number[];
}

/** The window of a Conv or pool over [H, W], with auto_pad and ceil_mode turned into explicit pads. */
function windowOf(ctx: OpContext, spatial: number[], kernel: number[], ceil = false): Window {
  const strides = intsAttr(ctx, 'strides') ?? [1, 1];
  const dilations = intsAttr(ctx, 'dilations') ?? [1, 1];
  const auto = stringAttribute(ctx, 'auto_pad', 'NOTSET');
  const extent = kernel.map((k, i) => (k - 1) * dilations[i]! + 1);
  let pads = intsAttr(ctx, 'pads') ?? [0, 0, 0, 0];
  if (auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
    pads = [0, 0, 0, 0];
    spatial.forEach((d, i) => {
      const total = Math.max((Math.ceil(d / strides[i]!) - 1) * strides[i]! + extent[i]! - d, 0);
      const small = Math.floor(total / 2);
      pads[i] = auto === 'SAME_UPPER' ? small : total - small;
      pads[i + 2] = total - pads[i]!;
    });
  } else if (auto === 'VALID') {
    pads = [0, 0, 0, 0];
  }
  const out = spatial.map((d, i) => {
    const span = d + pads[i]! + pads[i + 2]! - extent[i]!;
    let n = (ceil ? Math.ceil(span / strides[i]!) : Math.floor(span / strides[i]!)) + 1;
    // PyTorch's rule: the last window must start inside the input or its leading pad.
    if (ceil && (n - 1) * strides[i]! >= d + pads[i]!) n--;
    return n;
  });
  if (ceil) {
    pads = [...pads];
    spatial.forEach((d, i) => { pads[i + 2] = Math.max(pads[i + 2]!, (out[i]! - 1) * strides[i]! + extent[i]! - d - pads[i]!); });
  }
  return { kernel, strides, dilations, pads, out };
}

/** SAME when ONNX's pads are what TF's SAME pads, VALID when none; else undefined (pad explicitly). */
function tfPadding(w: Window, spatial: number[]): 'SAME' | 'VALID' | undefined {
  if (w.pads.every((p) => p === 0)) return 'VALID';
  const same = spatial.every((d, i) => {
    const out = Math.ceil(d / w.strides[i]!);
    const total = Math.max((out - 1) * w.strides[i]! + (w.kernel[i]! - 1) * w.dilations[i]! + 1 - d, 0);
    return w.pads[i] === Math.floor(total / 2) && w.pads[i + 2] === total - Math.floor(total / 2) && w.out[i] === out;
  });
  return same ? 'SAME' : undefined;
}

/** The input (NHWC) padded as the window says, for a VALID op. */
function padded(ctx: OpContext, x: string, pads: number[], value = 0): string {
  const [t, l, b, r] = pads as [number, number, number, number];
  const paddings = ctx.b.constant(`${ctx.node.name}/paddings`, intConstant([4, 2], [0, 0, t, b, l, r, 0, 0]));
  if (value === 0) return ctx.b.op(`${ctx.node.name}/pad`, 'Pad', [x, paddings], { Tpaddings: { type: 'DT_INT32' } });
  const fill = ctx.b.constant(`${ctx.node.name}/pad_value`, floatConstant([], [value]));
  return ctx.b.op(`${ctx.node.name}/pad`, 'PadV2', [x, paddings, fill], { Tpaddings: { type: 'DT_INT32' } });
}

/** A max pool's padding: never a window's maximum, and finite (−∞ times the one-hot kernels of the exact MaxPool gradient is NaN). */
const LOWEST_FLOAT = -3.4e38;

const nhwcAttrs = (w: Window, padding: string) => ({
  strides: intListAttr([1, ...w.strides, 1]), padding: stringAttr(padding), data_format: stringAttr('NHWC'), dilations: intListAttr([1, ...w.dilations, 1]),
});

const conv: Translate = (ctx) => {
  const x = nodeInput(ctx, 0);
  const weight = constInput(ctx, 1, 'weights');
  const bias = constInput(ctx, 2, 'bias', true);
  if (x.dims.length !== 4 || weight.dims.length !== 4) refuse(ctx.node, `is a ${x.dims.length - 2}-D convolution; the page reads 2-D ones`);
  const [outC, groupIn, kh, kw] = weight.dims as [number, number, number, number];
  const inC = x.dims[1]!;
  const groups = intAttr(ctx, 'group', 1);
  const spatial = x.dims.slice(2);
  const w = windowOf(ctx, spatial, [kh, kw]);
  const padding = tfPadding(w, spatial);
  const input = padding ? ctx.b.nhwc(x) : padded(ctx, ctx.b.nhwc(x), w.pads);
  const attrs = nhwcAttrs(w, padding ?? 'VALID');
  // ONNX filters are [out, in / groups, h, w]; TF's are [h, w, in, out], depthwise [h, w, in, multiplier] (the same order).
  const filter = transposeConstant(weight, [2, 3, 1, 0]);
  let out: string;
  if (groups === 1) {
    out = ctx.b.op(`${ctx.node.name}/conv`, 'Conv2D', [input, ctx.b.constant(`${ctx.node.name}/filter`, filter)], attrs);
  } else if (groups === inC && groupIn === 1) {
    const depthwise = { ...filter, dims: [kh, kw, inC, outC / inC] };
    out = ctx.b.op(`${ctx.node.name}/depthwise`, 'DepthwiseConv2dNative', [input, ctx.b.constant(`${ctx.node.name}/filter`, depthwise)], attrs);
  } else {
    out = groupedConv(ctx, input, filter, groups, attrs);
  }
  if (bias) out = ctx.b.op(ctx.node.name, 'BiasAdd', [out, ctx.b.constant(`${ctx.node.name}/bias`, bias)], { data_format: stringAttr('NHWC') });
  ctx.set(0, { kind: 'node', name: out, dims: [x.dims[0]!, outC, ...w.out], nhwc: true });
};

/** A grouped conv as a conv per group over its channels, concatenated. */
function groupedConv(ctx: OpContext, input: string, filter: Constant, groups: number, attrs: ReturnType<typeof nhwcAttrs>): string {
  const [kh, kw, groupIn, outC] = filter.dims as [number, number, number, number];
  const per = outC / groups;
  const sizes = ctx.b.constant(`${ctx.node.name}/group_sizes`, intConstant([groups], Array<number>(groups).fill(groupIn)));
  const axis = ctx.b.constant(`${ctx.node.name}/channels`, intConstant([], [3]));
  const parts = ctx.b.op(`${ctx.node.name}/groups`, 'SplitV', [input, sizes, axis], { num_split: { i: String(groups) }, Tlen: { type: 'DT_INT32' } });
  const convs = Array.from({ length: groups }, (_, g) => {
    const values = new Float32Array(kh * kw * groupIn * per);
    for (let i = 0; i < values.length; i++) values[i] = filter.values[Math.floor(i / per) * outC + g * per + (i % per)]!;
    const f = ctx.b.constant(`${ctx.node.name}/filter_${g}`, floatConstant([kh, kw, groupIn, per], values));
    return ctx.b.op(`${ctx.node.name}/conv_${g}`, 'Conv2D', [`${parts}:${g}`, f], attrs);
  });
  return ctx.b.op(`${ctx.node.name}/concat`, 'ConcatV2', [...convs, axis], { N: { i: String(groups) }, Tidx: { type: 'DT_INT32' } });
}

function pool(kind: 'max' | 'average'): Translate {
  return (ctx) => {
    const x = nodeInput(ctx, 0);
    if (ctx.node.outputs[1]) refuse(ctx.node, 'returns its indices, which the page does not compute');
    const kernel = intsAttr(ctx, 'kernel_shape') ?? refuse(ctx.node, 'has no kernel_shape');
    if (x.dims.length !== 4) refuse(ctx.node, `pools over ${x.dims.length - 2} dimensions; the page reads 2-D pools`);
    const spatial = x.dims.slice(2);
    const w = windowOf(ctx, spatial, kernel, intAttr(ctx, 'ceil_mode', 0) === 1);
    if (w.dilations.some((d) => d !== 1)) refuse(ctx.node, 'is a dilated pool');
    let padding = tfPadding(w, spatial);
    let input = ctx.b.nhwc(x);
    if (kind === 'average' && padding === 'SAME' && intAttr(ctx, 'count_include_pad', 0) === 1) padding = undefined;
    if (!padding) {
      if (kind === 'average' && intAttr(ctx, 'count_include_pad', 0) !== 1) {
        refuse(ctx.node, `pads [${w.pads.join(', ')}] and leaves the padding out of its averages, which TF.js's pools cannot do`);
      }
      if (kind === 'average' && w.pads.some((p, i) => p !== (intsAttr(ctx, 'pads') ?? [0, 0, 0, 0])[i])) {
        refuse(ctx.node, 'averages windows that run past its padding (ceil_mode), which TF.js\'s pools cannot do');
      }
      input = padded(ctx, input, w.pads, kind === 'max' ? LOWEST_FLOAT : 0);
    }
    const name = ctx.b.op(ctx.node.name, kind === 'max' ? 'MaxPool' : 'AvgPool', [input], {
      ksize: intListAttr([1, ...kernel, 1]), strides: intListAttr([1, ...w.strides, 1]), padding: stringAttr(padding ?? 'VALID'), data_format: stringAttr('NHWC'),
    });
    ctx.set(0, { kind: 'node', name, dims: [x.dims[0]!, x.dims[1]!, ...w.out], nhwc: true });
  };
}

/** A reduction over ONNX axes; over a 4-D NHWC value, on the NHWC axes (the result stays NHWC when kept 4-D). */
function reduce(ctx: OpContext, op: 'Mean' | 'Max', x: NodeValue, axes: number[], keep: boolean): void {
  const rank = x.dims.length;
  const onNhwc = rank === 4 && x.nhwc && (keep || (axes.includes(2) && axes.includes(3) && !axes.includes(1)));
  const input = onNhwc ? x.name : ctx.b.nchw(x);
  const tfAxes = axes.map((a) => (onNhwc ? NHWC_AXIS[a]! : a));
  const axesName = ctx.b.constant(`${ctx.node.name}/axes`, intConstant([tfAxes.length], tfAxes));
  const name = ctx.b.op(ctx.node.name, op, [input, axesName], { keep_dims: { b: keep }, Tidx: { type: 'DT_INT32' } });
  const dims = keep ? x.dims.map((d, i) => (axes.includes(i) ? 1 : d)) : x.dims.filter((_, i) => !axes.includes(i));
  ctx.set(0, { kind: 'node', name, dims, nhwc: onNhwc && keep });
}

const globalPool = (op: 'Mean' | 'Max'): Translate => (ctx) => {
  const x = nodeInput(ctx, 0);
  reduce(ctx, op, x, x.dims.map((_, i) => i).slice(2), true);
};

const reduceMean: Translate = (ctx) => {
  const x = nodeInput(ctx, 0);
  const axes = (listFrom(ctx, 'axes', 1) ?? x.dims.map((_, i) => i)).map((a) => axisOf(a, x.dims.length));
  reduce(ctx, 'Mean', x, axes, intAttr(ctx, 'keepdims', 1) === 1);
};

const pad: Translate = (ctx) => {
  const x = nodeInput(ctx, 0);
  const mode = stringAttribute(ctx, 'mode', 'constant');
  if (mode !== 'constant') refuse(ctx.node, `pads in ${mode} mode; the page reads constant padding`);
  const pads = listFrom(ctx, 'pads', 1) ?? refuse(ctx.node, 'has no pads');
  const value = ctx.input(2) ? scalarOf(constInput(ctx, 2, 'padding value'), 0) : floatAttr(ctx, 'value', 0);
  if (pads.every((p) => p === 0)) return ctx.set(0, x);
  const rank = x.dims.length;
  if (rank !== 4 || pads[0] || pads[1] || pads[4] || pads[5] || pads.some((p) => p < 0)) refuse(ctx.node, `pads [${pads.join(', ')}]; the page pads height and width`);
  const name = padded(ctx, ctx.b.nhwc(x), [pads[2]!, pads[3]!, pads[6]!, pads[7]!], value);
  ctx.set(0, { kind: 'node', name, dims: x.dims.map((d, i) => d + pads[i]! + pads[i + rank]!), nhwc: true });
};

const batchNorm: Translate = (ctx) => {
  const x = nodeInput(ctx, 0);
  const [scale, shift, mean, variance] = [1, 2, 3, 4].map((i) => constInput(ctx, i, 'statistics')) as [Constant, Constant, Constant, Constant];
  const epsilon = floatAttr(ctx, 'epsilon', 1e-5);
  const a = scale.values.map((s, c) => s / Math.sqrt(variance.values[c]! + epsilon));
  const b = shift.values.map((s, c) => s - mean.values[c]! * a[c]!);
  const channels = [a.length];
  const onNhwc = x.dims.length === 4 && x.nhwc;
  // Off NHWC, the per-channel constants broadcast along ONNX's axis 1.
  const dims = onNhwc ? channels : [a.length, ...Array<number>(Math.max(0, x.dims.length - 2)).fill(1)];
  const input = onNhwc ? x.name : ctx.b.nchw(x);
  const scaled = ctx.b.op(`${ctx.node.name}/scale`, 'Mul', [input, ctx.b.constant(`${ctx.node.name}/scale`, floatConstant(dims, a))]);
  const name = ctx.b.op(ctx.node.name, 'AddV2', [scaled, ctx.b.constant(`${ctx.node.name}/offset`, floatConstant(dims, b))]);
  ctx.set(0, { kind: 'node', name, dims: x.dims, nhwc: onNhwc });
};

/** Y = α·A'·B' + β·C with B (and C) constant. */
const gemm: Translate = (ctx) => {
  const x = nodeInput(ctx, 0);
  if (x.dims.length !== 2 || intAttr(ctx, 'transA', 0) !== 0) refuse(ctx.node, 'multiplies a transposed or non-matrix input');
  let weights = constInput(ctx, 1, 'weights');
  if (intAttr(ctx, 'transB', 0) === 1) weights = transposeConstant(weights, [1, 0]);
  const alpha = floatAttr(ctx, 'alpha', 1);
  const beta = floatAttr(ctx, 'beta', 1);
  if (alpha !== 1) weights = floatConstant(weights.dims, weights.values.map((v) => v * alpha));
  const product = ctx.b.op(`${ctx.node.name}/matmul`, 'MatMul', [x.name, ctx.b.constant(`${ctx.node.name}/weights`, weights)], { transpose_a: { b: false }, transpose_b: { b: false } });
  const bias = constInput(ctx, 2, 'bias', true);
  const outDims = [x.dims[0]!, weights.dims[1]!];
  if (!bias || beta === 0) return ctx.set(0, { kind: 'node', name: product, dims: outDims, nhwc: false });
  const c = beta === 1 ? bias : floatConstant(bias.dims, bias.values.map((v) => v * beta));
  const name = ctx.b.op(ctx.node.name, 'AddV2', [product, ctx.b.constant(`${ctx.node.name}/bias`, c)]);
  ctx.set(0, { kind: 'node', name, dims: outDims, nhwc: false });
};

const matMul: Translate = (ctx) => {
  const x = nodeInput(ctx, 0);
  const weights = constInput(ctx, 1, 'weights');
  if (x.dims.length !== 2 || weights.dims.length !== 2) refuse(ctx.node, 'multiplies tensors that are not matrices');
  const name = ctx.b.op(ctx.node.name, 'MatMul', [x.name, ctx.b.constant(`${ctx.node.name}/weights`, weights)], { transpose_a: { b: false }, transpose_b: { b: false } });
  ctx.set(0, { kind: 'node', name, dims: [x.dims[0]!, weights.dims[1]!], nhwc: false });
};

export const CONV_OPS: Record<string, Translate> = {
  Conv: conv, MaxPool: pool('max'), AveragePool: pool('average'), GlobalAveragePool: globalPool('Mean'), GlobalMaxPool: globalPool('Max'),
  ReduceMean: reduceMean, Pad: pad, BatchNormalization: batchNorm, Gemm: gemm, MatMul: matMul,
};

import { floatConstant, intConstant, size, transposeConstant, type Constant } from './constants.ts';
import { NHWC_AXIS, type Value } from './graph-builder.ts';
import {
  axisOf, constInput, intAttr, intsAttr, listFrom, nodeInput, refuse, type NodeValue, type OpContext, type Translate,
} from './op-context.ts';

/**
 * Ops that move values around without arithmetic: passed through (Identity, Dropout), folded to
 * constants at load when their inputs are constants (Constant, Shape, Gather, Slice, Concat,
 * ConstantOfShape, Cast, Unsqueeze, Squeeze: torch's shape arithmetic), or reshaping the image's
 * values (Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Split, Concat) in ONNX's order.
 * A shape read from the graph says batch 1; a Reshape keeps the batch free (-1) where its first
 * dimension is the input's, so the app can run several images in one pass.
 */

const passThrough: Translate = (ctx) => ctx.set(0, ctx.input(0) ?? refuse(ctx.node, 'has no input'));

/** A reshape of the image's values to `dims` (ONNX order), the batch kept free. */
export function reshapeTo(ctx: OpContext, v: NodeValue, dims: number[]): Value {
  if (size(dims) !== size(v.dims)) refuse(ctx.node, `reshapes [${v.dims.join(', ')}] to [${dims.join(', ')}]`);
  // NHWC and NCHW hold the same order when one of C or H×W is 1 (a global pool's output).
  const same = v.dims.length === 4 && (v.dims[1] === 1 || v.dims[2]! * v.dims[3]! === 1);
  const x = same ? v.name : ctx.b.nchw(v);
  const target = dims.map((d, i) => (i === 0 && d === v.dims[0] ? -1 : d));
  const shape = ctx.b.constant(`${ctx.node.name}/shape`, intConstant([target.length], target));
  return { kind: 'node', name: ctx.b.op(ctx.node.name, 'Reshape', [x, shape], { Tshape: { type: 'DT_INT32' } }), dims, nhwc: false };
}

/** ONNX Reshape's target: 0 copies the input's dimension (unless allowzero), -1 takes what is left. */
function reshapeDims(ctx: OpContext, from: number[], target: number[]): number[] {
  const allowZero = intAttr(ctx, 'allowzero', 0) === 1;
  const dims = target.map((d, i) => (d === 0 && !allowZero ? from[i]! : d));
  const known = dims.filter((d) => d !== -1).reduce((n, d) => n * d, 1);
  return dims.map((d) => (d === -1 ? size(from) / known : d));
}

const dimsOf = (v: Value) => (v.kind === 'const' ? v.c.dims : v.dims);

const reshape: Translate = (ctx) => {
  const v = ctx.input(0)!;
  const dims = reshapeDims(ctx, dimsOf(v), [...constInput(ctx, 1, 'target shape').values]);
  ctx.set(0, v.kind === 'const' ? { kind: 'const', c: { ...v.c, dims } } : reshapeTo(ctx, v, dims));
};

const flatten: Translate = (ctx) => {
  const v = ctx.input(0)!;
  const from = dimsOf(v);
  const axis = axisOf(intAttr(ctx, 'axis', 1), from.length);
  const dims = [size(from.slice(0, axis)), size(from.slice(axis))];
  ctx.set(0, v.kind === 'const' ? { kind: 'const', c: { ...v.c, dims } } : reshapeTo(ctx, v, dims));
};

const unsqueeze: Translate = (ctx) => {
  const v = ctx.input(0)!;
  const from = dimsOf(v);
  const rank = from.length + (listFrom(ctx, 'axes', 1) ?? []).length;
  const axes = new Set((listFrom(ctx, 'axes', 1) ?? []).map((a) => axisOf(a, rank)));
  const dims: number[] = [];
  for (let i = 0, k = 0; i < rank; i++) dims.push(axes.has(i) ? 1 : from[k++]!);
  ctx.set(0, v.kind === 'const' ? { kind: 'const', c: { ...v.c, dims } } : reshapeTo(ctx, v, dims));
};

const squeeze: Translate = (ctx) => {
  const v = ctx.input(0)!;
  const from = dimsOf(v);
  const listed = listFrom(ctx, 'axes', 1)?.map((a) => axisOf(a, from.length));
  const dims = from.filter((d, i) => (listed ? !listed.includes(i) : d !== 1));
  ctx.set(0, v.kind === 'const' ? { kind: 'const', c: { ...v.c, dims } } : reshapeTo(ctx, v, dims));
};

const transpose: Translate = (ctx) => {
  const v = ctx.input(0)!;
  const rank = dimsOf(v).length;
  const perm = intsAttr(ctx, 'perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  if (v.kind === 'const') return ctx.set(0, { kind: 'const', c: transposeConstant(v.c, perm) });
  const permName = ctx.b.constant(`${ctx.node.name}/perm`, intConstant([rank], perm));
  const name = ctx.b.op(ctx.node.name, 'Transpose', [ctx.b.nchw(v), permName], { Tperm: { type: 'DT_INT32' } });
  ctx.set(0, { kind: 'node', name, dims: perm.map((p) => v.dims[p]!), nhwc: false });
};

const concat: Translate = (ctx) => {
  const values = ctx.node.inputs.map((_, i) => ctx.input(i)).filter((v): v is Value => v !== undefined);
  const rank = dimsOf(values[0]!).length;
  const axis = axisOf(intAttr(ctx, 'axis', 0), rank);
  const dims = dimsOf(values[0]!).map((d, i) => (i === axis ? values.reduce((n, v) => n + dimsOf(v)[axis]!, 0) : d));
  if (values.every((v) => v.kind === 'const')) {
    const parts = values.map((v) => (v as { c: Constant }).c);
    const outer = size(dims.slice(0, axis));
    const out: number[] = [];
    for (let o = 0; o < outer; o++) for (const c of parts) { const chunk = size(c.dims.slice(axis)); out.push(...c.values.subarray(o * chunk, (o + 1) * chunk)); }
    return ctx.set(0, { kind: 'const', c: parts.every((c) => c.type === 'int') ? intConstant(dims, out) : floatConstant(dims, out) });
  }
  const nodes = values.map((v, i) => (v.kind === 'node' ? v : refuse(ctx.node, `concatenates a constant (input ${i}) with the image's values`)));
  const asNhwc = rank === 4 && nodes.some((v) => v.nhwc);
  const inputs = nodes.map((v) => (asNhwc ? ctx.b.nhwc(v) : ctx.b.nchw(v)));
  const axisName = ctx.b.constant(`${ctx.node.name}/axis`, intConstant([], [asNhwc ? NHWC_AXIS[axis]! : axis]));
  const name = ctx.b.op(ctx.node.name, 'ConcatV2', [...inputs, axisName], { N: { i: String(inputs.length) }, Tidx: { type: 'DT_INT32' } });
  ctx.set(0, { kind: 'node', name, dims, nhwc: asNhwc });
};

const split: Translate = (ctx) => {
  const v = nodeInput(ctx, 0);
  const axis = axisOf(intAttr(ctx, 'axis', 0), v.dims.length);
  const count = ctx.node.outputs.length;
  const sizes = listFrom(ctx, 'split', 1) ?? Array<number>(count).fill(v.dims[axis]! / count);
  const asNhwc = v.dims.length === 4 && v.nhwc;
  const sizesName = ctx.b.constant(`${ctx.node.name}/sizes`, intConstant([count], sizes));
  const axisName = ctx.b.constant(`${ctx.node.name}/axis`, intConstant([], [asNhwc ? NHWC_AXIS[axis]! : axis]));
  const name = ctx.b.op(ctx.node.name, 'SplitV', [asNhwc ? v.name : ctx.b.nchw(v), sizesName, axisName], { num_split: { i: String(count) }, Tlen: { type: 'DT_INT32' } });
  sizes.forEach((s, i) => ctx.set(i, { kind: 'node', name: `${name}:${i}`, dims: v.dims.map((d, k) => (k === axis ? s : d)), nhwc: asNhwc }));
};

const shape: Translate = (ctx) => {
  const dims = dimsOf(ctx.input(0)!);
  const start = axisOf(intAttr(ctx, 'start', 0), dims.length);
  const end = axisOf(intAttr(ctx, 'end', dims.length), dims.length);
  const picked = dims.slice(start, end);
  ctx.set(0, { kind: 'const', c: intConstant([picked.length], picked) });
};

const gather: Translate = (ctx) => {
  const data = constInput(ctx, 0, 'data');
  const indices = constInput(ctx, 1, 'indices');
  const axis = axisOf(intAttr(ctx, 'axis', 0), data.dims.length);
  const outer = size(data.dims.slice(0, axis));
  const inner = size(data.dims.slice(axis + 1));
  const along = data.dims[axis]!;
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const raw of indices.values) {
      const at = raw < 0 ? raw + along : raw;
      out.push(...data.values.subarray((o * along + at) * inner, (o * along + at + 1) * inner));
    }
  }
  const dims = [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)];
  ctx.set(0, { kind: 'const', c: { dims, values: data.type === 'int' ? Float64Array.from(out) : Float32Array.from(out), type: data.type } });
};

/** The indices Slice keeps along each axis (ONNX's clamping of starts and ends, negative steps included). */
function slicePicks(ctx: OpContext, dims: number[]): number[][] {
  const starts = listFrom(ctx, 'starts', 1)!;
  const ends = listFrom(ctx, 'ends', 2)!;
  const axes = (listFrom(ctx, 'axes', 3) ?? starts.map((_, i) => i)).map((a) => axisOf(a, dims.length));
  const steps = ctx.input(4) ? [...constInput(ctx, 4, 'steps').values] : starts.map(() => 1);
  const picks = dims.map((d) => Array.from({ length: d }, (_, i) => i));
  axes.forEach((axis, k) => {
    const d = dims[axis]!;
    const step = steps[k]!;
    const clampIndex = (i: number) => Math.min(step > 0 ? d : d - 1, Math.max(step > 0 ? 0 : -1, i < 0 ? i + d : i));
    const [first, last] = [clampIndex(starts[k]!), clampIndex(ends[k]!)];
    const picked: number[] = [];
    for (let i = first; step > 0 ? i < last : i > last; i += step) picked.push(i);
    picks[axis] = picked;
  });
  return picks;
}

const slice: Translate = (ctx) => {
  const v = ctx.input(0)!;
  const picks = slicePicks(ctx, dimsOf(v));
  const dims = picks.map((p) => p.length);
  if (v.kind === 'node') {
    // A torch chunk or narrow: a contiguous run along each axis.
    if (picks.some((p) => p.some((i, k) => k > 0 && i !== p[k - 1]! + 1))) refuse(ctx.node, 'slices the image\'s values with a step');
    const onNhwc = v.dims.length === 4 && v.nhwc;
    const order = onNhwc ? [0, 2, 3, 1] : dims.map((_, i) => i);
    const begin = order.map((a) => (dims[a] === 0 ? 0 : picks[a]![0]!));
    const sizes = order.map((a) => (a === 0 && dims[0] === v.dims[0] ? -1 : dims[a]!));
    const beginName = ctx.b.constant(`${ctx.node.name}/begin`, intConstant([begin.length], begin));
    const sizeName = ctx.b.constant(`${ctx.node.name}/size`, intConstant([sizes.length], sizes));
    const name = ctx.b.op(ctx.node.name, 'Slice', [onNhwc ? v.name : ctx.b.nchw(v), beginName, sizeName], { Index: { type: 'DT_INT32' } });
    return ctx.set(0, { kind: 'node', name, dims, nhwc: onNhwc });
  }
  const data = v.c;
  const strides = data.dims.map((_, i) => size(data.dims.slice(i + 1)));
  const out: number[] = [];
  const walk = (axis: number, offset: number) => {
    if (axis === dims.length) return void out.push(data.values[offset]!);
    for (const i of picks[axis]!) walk(axis + 1, offset + i * strides[axis]!);
  };
  if (size(dims) > 0) walk(0, 0);
  ctx.set(0, { kind: 'const', c: { dims, values: data.type === 'int' ? Float64Array.from(out) : Float32Array.from(out), type: data.type } });
};

const constantOfShape: Translate = (ctx) => {
  const dims = [...constInput(ctx, 0, 'shape').values];
  const value = ctx.node.attributes.get('value');
  const fill = typeof value === 'object' && !Array.isArray(value) ? value : floatConstant([1], [0]);
  const values = new (fill.values.constructor as Float32ArrayConstructor)(size(dims)).fill(fill.values[0] ?? 0);
  ctx.set(0, { kind: 'const', c: { dims, values, type: fill.type } });
};

const constant: Translate = (ctx) => {
  const a = ctx.node.attributes;
  const value = a.get('value') ?? a.get('value_float') ?? a.get('value_floats') ?? a.get('value_int') ?? a.get('value_ints');
  if (value === undefined || typeof value === 'string') refuse(ctx.node, 'holds a kind of constant the page does not read');
  if (typeof value === 'object' && !Array.isArray(value)) return ctx.set(0, { kind: 'const', c: value });
  const list = Array.isArray(value) ? value : [value];
  const dims = Array.isArray(value) ? [list.length] : [];
  ctx.set(0, { kind: 'const', c: a.has('value_int') || a.has('value_ints') ? intConstant(dims, list) : floatConstant(dims, list) });
};

/** ONNX's float types: FLOAT, FLOAT16, DOUBLE, BFLOAT16. */
const FLOAT_TYPES = [1, 10, 11, 16];

const cast: Translate = (ctx) => {
  const v = ctx.input(0)!;
  const toFloat = FLOAT_TYPES.includes(intAttr(ctx, 'to', 1));
  if (v.kind === 'node') return toFloat ? ctx.set(0, v) : refuse(ctx.node, 'casts the image\'s values to integers');
  ctx.set(0, { kind: 'const', c: toFloat ? floatConstant(v.c.dims, v.c.values) : intConstant(v.c.dims, Array.from(v.c.values, Math.trunc)) });
};

export const SHAPE_OPS: Record<string, Translate> = {
  Identity: passThrough, Dropout: passThrough, Constant: constant, Shape: shape, Gather: gather, Slice: slice,
  ConstantOfShape: constantOfShape, Cast: cast, Reshape: reshape, Flatten: flatten, Unsqueeze: unsqueeze,
  Squeeze: squeeze, Transpose: transpose, Concat: concat, Split: split,
};

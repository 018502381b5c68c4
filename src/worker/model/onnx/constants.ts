import type { onnx as OnnxTypes } from 'onnx-proto';

/**
 * An ONNX constant (a weight, a Constant node, or shape arithmetic folded at load) in ONNX's own
 * layout: floats as float32 (float16 and double converted), integers as JavaScript numbers (int64's
 * "to the end" sentinels stay huge, which is what they mean).
 */
export interface Constant {
  dims: number[];
  values: Float32Array | Float64Array;
  type: 'float' | 'int';
}

/** ONNX TensorProto.DataType values. */
const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10, DOUBLE: 11 } as const;

const toNumber = (v: number | { toNumber(): number }) => (typeof v === 'number' ? v : v.toNumber());

export const size = (dims: readonly number[]) => dims.reduce((n, d) => n * d, 1);

export function floatConstant(dims: number[], values: ArrayLike<number>): Constant {
  return { dims, values: Float32Array.from(values), type: 'float' };
}

export function intConstant(dims: number[], values: ArrayLike<number>): Constant {
  return { dims, values: Float64Array.from(values), type: 'int' };
}

export function fromTensorProto(t: OnnxTypes.ITensorProto): Constant {
  const dims = (t.dims ?? []).map(toNumber);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  const view = raw && new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const count = size(dims);
  const read = (fromRaw: (i: number) => number, listed: ArrayLike<number> | undefined | null) => {
    if (view) return Array.from({ length: count }, (_, i) => fromRaw(i));
    if (!listed || listed.length !== count) throw new Error(`the tensor "${t.name}" holds ${listed?.length ?? 0} values; its shape [${dims.join(', ')}] needs ${count}`);
    return listed;
  };
  if (raw && t.dataType !== DataType.FLOAT16) {
    const width = { [DataType.FLOAT]: 4, [DataType.INT32]: 4, [DataType.INT64]: 8, [DataType.DOUBLE]: 8, [DataType.UINT8]: 1, [DataType.INT8]: 1, [DataType.BOOL]: 1 }[t.dataType ?? 0];
    if (width && raw.length !== count * width) throw new Error(`the tensor "${t.name}" holds ${raw.length} bytes; its shape [${dims.join(', ')}] needs ${count * width}`);
  }
  switch (t.dataType) {
    case DataType.FLOAT:
      // A copy of just these bytes: the file's need not be 4-byte aligned for a view (and Node's Buffer.slice is a view of a shared pool).
      return { dims, values: raw ? new Float32Array(new Uint8Array(raw).buffer) : Float32Array.from(read(() => 0, t.floatData)), type: 'float' };
    case DataType.FLOAT16:
      return { dims, values: Float32Array.from(read((i) => view!.getUint16(i * 2, true), t.int32Data), halfToFloat), type: 'float' };
    case DataType.DOUBLE:
      return floatConstant(dims, read((i) => view!.getFloat64(i * 8, true), t.doubleData));
    case DataType.INT64:
      return intConstant(dims, read((i) => Number(view!.getBigInt64(i * 8, true)), t.int64Data?.map(toNumber)));
    case DataType.INT32:
      return intConstant(dims, read((i) => view!.getInt32(i * 4, true), t.int32Data));
    case DataType.UINT8:
    case DataType.BOOL:
      return intConstant(dims, read((i) => view!.getUint8(i), t.int32Data));
    case DataType.INT8:
      return intConstant(dims, read((i) => view!.getInt8(i), t.int32Data));
    default:
      throw new Error(`the tensor "${t.name}" has data type ${t.dataType}; the page reads float, float16, double and integer tensors`);
  }
}

/** IEEE 754 half precision bits -> number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** numpy broadcasting of two shapes. */
export function broadcastDims(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    return Math.max(x, y);
  });
}

/** An elementwise operation of two constants, with broadcasting; integer division truncates as ONNX's does. */
export function foldBinary(a: Constant, b: Constant, f: (x: number, y: number) => number): Constant {
  const dims = broadcastDims(a.dims, b.dims);
  const index = (c: Constant) => {
    const strides = c.dims.map((_, i) => size(c.dims.slice(i + 1)));
    const offset = dims.length - c.dims.length;
    return (flat: number) => {
      let at = 0;
      for (let axis = dims.length - 1, rest = flat; axis >= 0; axis--) {
        const coord = rest % dims[axis]!;
        rest = Math.floor(rest / dims[axis]!);
        const own = axis - offset;
        if (own >= 0 && c.dims[own] !== 1) at += coord * strides[own]!;
      }
      return at;
    };
  };
  const ia = index(a);
  const ib = index(b);
  const type = a.type === 'int' && b.type === 'int' ? 'int' : 'float';
  const values = Array.from({ length: size(dims) }, (_, i) => f(a.values[ia(i)]!, b.values[ib(i)]!));
  return type === 'int' ? intConstant(dims, values.map(Math.trunc)) : floatConstant(dims, values);
}

/** The constant's values moved so that axis `perm[i]` becomes axis i. */
export function transposeConstant(c: Constant, perm: readonly number[]): Constant {
  const dims = perm.map((p) => c.dims[p]!);
  const inStrides = c.dims.map((_, i) => size(c.dims.slice(i + 1)));
  const out = new (c.values.constructor as Float32ArrayConstructor)(c.values.length);
  if (dims.length === 4) {
    // Conv filters, the bulk of a model's weights: plain loops (the general walk below is ~5x slower).
    const [d0, d1, d2, d3] = dims as [number, number, number, number];
    const [s0, s1, s2, s3] = perm.map((p) => inStrides[p]!) as [number, number, number, number];
    let i = 0;
    for (let a = 0; a < d0; a++) for (let b = 0; b < d1; b++) for (let e = 0; e < d2; e++) {
      const base = a * s0 + b * s1 + e * s2;
      for (let f = 0; f < d3; f++) out[i++] = c.values[base + f * s3]!;
    }
    return { dims, values: out, type: c.type };
  }
  const coord = new Array<number>(dims.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    let src = 0;
    for (let k = 0; k < dims.length; k++) src += coord[k]! * inStrides[perm[k]!]!;
    out[i] = c.values[src]!;
    for (let k = dims.length - 1; k >= 0; k--) {
      if (++coord[k]! < dims[k]!) break;
      coord[k] = 0;
    }
  }
  return { dims, values: out, type: c.type };
}

export const scalarOf = (c: Constant | undefined, fallback: number): number => (c && c.values.length > 0 ? c.values[0]! : fallback);

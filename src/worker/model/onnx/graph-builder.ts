import { constNode, opNode, type AttrValue, type GraphNode, type Weight } from '../graph-def.ts';
import { size, transposeConstant, type Constant } from './constants.ts';

/**
 * The TF.js graph an ONNX graph becomes, built node by node, and what each ONNX value is on the way:
 * a constant (folded at load: weights, shape arithmetic), or a node of the graph with its ONNX shape
 * (batch 1) and, for a 4-D one, whether it is held as NHWC (the app's layout: what convs and pools
 * take) or as ONNX's NCHW (after a Reshape or Transpose that works on ONNX's order). A value is
 * transposed from one to the other only where an op needs it, once.
 */

export type Value =
  | { kind: 'const'; c: Constant }
  | { kind: 'node'; name: string; dims: number[]; nhwc: boolean };

export const NCHW_TO_NHWC = [0, 2, 3, 1];
export const NHWC_TO_NCHW = [0, 3, 1, 2];
/** Where ONNX's axis a of a 4-D tensor sits in NHWC. */
export const NHWC_AXIS = [0, 3, 1, 2];

export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly weights: Weight[] = [];
  private readonly used = new Set<string>();
  private readonly materialized = new WeakMap<Constant, string>();
  private readonly transposed = new Map<string, string>();

  /** A node name nobody has: ONNX names may hold ':' (tfjs reads it as an output index) and start with '/'. */
  unique(wanted: string): string {
    const base = wanted.replace(/^\/+/, '').replace(/[^A-Za-z0-9_./-]/g, '_') || 'node';
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  /** Adds an op node named (uniquely) after `wanted`; returns its name. */
  op(wanted: string, op: string, inputs: string[], attr: Record<string, AttrValue> = {}): string {
    const name = this.unique(wanted);
    this.nodes.push(opNode(name, op, inputs, attr));
    return name;
  }

  /** A constant as a Const node (float32, or int32 for integers). */
  constant(wanted: string, c: Constant): string {
    const known = this.materialized.get(c);
    if (known) return known;
    const name = this.unique(wanted);
    const values = c.type === 'float' ? (c.values instanceof Float32Array ? c.values : Float32Array.from(c.values)) : Int32Array.from(c.values, (v) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, v)));
    const weight: Weight = { name, shape: c.dims, dtype: c.type === 'float' ? 'float32' : 'int32', bytes: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
    this.weights.push(weight);
    this.nodes.push(constNode(weight));
    this.materialized.set(c, name);
    return name;
  }

  /** The node holding a 4-D value in NHWC (a Transpose added once if it is NCHW). */
  nhwc(v: Extract<Value, { kind: 'node' }>): string {
    return v.dims.length === 4 && !v.nhwc ? this.transpose(v.name, NCHW_TO_NHWC) : v.name;
  }

  /** The node holding a value in ONNX's order (a Transpose added once if it is a 4-D NHWC one whose order matters). */
  nchw(v: Extract<Value, { kind: 'node' }>): string {
    return v.dims.length === 4 && v.nhwc ? this.transpose(v.name, NHWC_TO_NCHW) : v.name;
  }

  /** A float constant to combine with a 4-D NHWC tensor: ONNX's broadcasting shape padded to rank 4, then moved to NHWC. */
  nhwcOperand(c: Constant, wanted: string): string {
    if (size(c.dims) === 1 || c.dims.length === 0) return this.constant(wanted, c);
    const padded = { ...c, dims: [...Array<number>(4 - c.dims.length).fill(1), ...c.dims] };
    return this.constant(wanted, transposeConstant(padded, NCHW_TO_NHWC));
  }

  private transpose(name: string, perm: number[]): string {
    const key = `${name}|${perm.join(',')}`;
    const known = this.transposed.get(key);
    if (known) return known;
    const permName = this.constant(`${name}/perm`, { dims: [4], values: Float64Array.from(perm), type: 'int' });
    const out = this.op(`${name}/${perm[1] === 2 ? 'to_nhwc' : 'to_nchw'}`, 'Transpose', [name, permName], { Tperm: { type: 'DT_INT32' } });
    this.transposed.set(key, out);
    return out;
  }
}

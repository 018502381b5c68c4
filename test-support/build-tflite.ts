import { Builder } from 'flatbuffers';

/**
 * Writes small TF Lite flatbuffers (schema v3) for tests: tiny CNNs with known weights, and models
 * that the converter must refuse. Only the fields the reader uses are written.
 */

export interface TensorSpec {
  name: string;
  shape: number[];
  type: number;
  /** Constant data; activations have none. */
  data?: Uint8Array;
  quantization?: { scale: number[]; zeroPoint: bigint[] };
}

export type OptionsSpec =
  | { kind: 'conv'; padding: number; stride: [number, number]; activation?: number }
  | { kind: 'depthwise'; padding: number; stride: [number, number]; multiplier: number; activation?: number }
  | { kind: 'fc'; activation?: number }
  | { kind: 'add'; activation?: number }
  | { kind: 'reducer'; keepDims: boolean }
  | { kind: 'softmax'; beta: number }
  | { kind: 'pool'; padding: number; stride: [number, number]; filter: [number, number]; activation?: number }
  | { kind: 'concat'; axis: number }
  | { kind: 'reshape'; shape: number[] };

export interface OperatorSpec {
  opcode: number;
  inputs: number[];
  outputs: number[];
  options?: OptionsSpec;
}

export interface ModelSpec {
  tensors: TensorSpec[];
  operators: OperatorSpec[];
  inputs: number[];
  outputs: number[];
  description?: string;
}

/** The BuiltinOptions union's type codes, by option table. */
const OPTIONS_TYPE = { conv: 1, depthwise: 2, pool: 5, fc: 8, softmax: 9, concat: 10, add: 11, reshape: 17, reducer: 27 } as const;

export function buildTflite(spec: ModelSpec): Uint8Array {
  const b = new Builder(1024);
  const opcodes = [...new Set(spec.operators.map((op) => op.opcode))];

  // Buffer 0 is the schema's empty sentinel; constants follow in tensor order.
  const buffers = [undefined, ...spec.tensors.filter((t) => t.data).map((t) => t.data)].map((data) => {
    const vector = data ? b.createByteVector(data) : 0;
    b.startObject(1);
    if (vector) b.addFieldOffset(0, vector, 0);
    return b.endObject();
  });

  let nextBuffer = 1;
  const tensors = spec.tensors.map((t) => {
    const name = b.createString(t.name);
    const shape = int32Vector(b, t.shape);
    const quantization = t.quantization ? quantizationTable(b, t.quantization) : 0;
    b.startObject(5);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, t.type, null);
    b.addFieldInt32(2, t.data ? nextBuffer++ : 0, null);
    b.addFieldOffset(3, name, 0);
    if (quantization) b.addFieldOffset(4, quantization, 0);
    return b.endObject();
  });

  const operators = spec.operators.map((op) => {
    const inputs = int32Vector(b, op.inputs);
    const outputs = int32Vector(b, op.outputs);
    const options = op.options ? optionsTable(b, op.options) : 0;
    b.startObject(5);
    b.addFieldInt32(0, opcodes.indexOf(op.opcode), null);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    if (op.options) {
      b.addFieldInt8(3, OPTIONS_TYPE[op.options.kind], null);
      b.addFieldOffset(4, options, 0);
    }
    return b.endObject();
  });

  const graphTensors = offsetVector(b, tensors);
  const graphOperators = offsetVector(b, operators);
  const graphInputs = int32Vector(b, spec.inputs);
  const graphOutputs = int32Vector(b, spec.outputs);
  b.startObject(4);
  b.addFieldOffset(0, graphTensors, 0);
  b.addFieldOffset(1, graphInputs, 0);
  b.addFieldOffset(2, graphOutputs, 0);
  b.addFieldOffset(3, graphOperators, 0);
  const subgraph = b.endObject();

  const codes = opcodes.map((code) => {
    b.startObject(4);
    b.addFieldInt8(0, Math.min(code, 127), null);
    b.addFieldInt32(3, code, null);
    return b.endObject();
  });

  const codeVector = offsetVector(b, codes);
  const subgraphVector = offsetVector(b, [subgraph]);
  const bufferVector = offsetVector(b, buffers);
  const description = b.createString(spec.description ?? 'test model');
  b.startObject(5);
  b.addFieldInt32(0, 3, null);
  b.addFieldOffset(1, codeVector, 0);
  b.addFieldOffset(2, subgraphVector, 0);
  b.addFieldOffset(3, description, 0);
  b.addFieldOffset(4, bufferVector, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array().slice();
}

function optionsTable(b: Builder, options: OptionsSpec): number {
  switch (options.kind) {
    case 'conv':
      b.startObject(4);
      b.addFieldInt8(0, options.padding, null);
      b.addFieldInt32(1, options.stride[1], null);
      b.addFieldInt32(2, options.stride[0], null);
      b.addFieldInt8(3, options.activation ?? 0, null);
      return b.endObject();
    case 'pool':
      b.startObject(6);
      b.addFieldInt8(0, options.padding, null);
      b.addFieldInt32(1, options.stride[1], null);
      b.addFieldInt32(2, options.stride[0], null);
      b.addFieldInt32(3, options.filter[1], null);
      b.addFieldInt32(4, options.filter[0], null);
      b.addFieldInt8(5, options.activation ?? 0, null);
      return b.endObject();
    case 'depthwise':
      b.startObject(5);
      b.addFieldInt8(0, options.padding, null);
      b.addFieldInt32(1, options.stride[1], null);
      b.addFieldInt32(2, options.stride[0], null);
      b.addFieldInt32(3, options.multiplier, null);
      b.addFieldInt8(4, options.activation ?? 0, null);
      return b.endObject();
    case 'fc':
    case 'add':
      b.startObject(1);
      b.addFieldInt8(0, options.activation ?? 0, null);
      return b.endObject();
    case 'reducer':
      b.startObject(1);
      b.addFieldInt8(0, options.keepDims ? 1 : 0, null);
      return b.endObject();
    case 'softmax':
      b.startObject(1);
      b.addFieldFloat32(0, options.beta, null);
      return b.endObject();
    case 'concat':
      b.startObject(2);
      b.addFieldInt32(0, options.axis, null);
      return b.endObject();
    case 'reshape': {
      const shape = int32Vector(b, options.shape);
      b.startObject(1);
      b.addFieldOffset(0, shape, 0);
      return b.endObject();
    }
  }
}

function quantizationTable(b: Builder, q: { scale: number[]; zeroPoint: bigint[] }): number {
  b.startVector(4, q.scale.length, 4);
  for (const s of [...q.scale].reverse()) b.addFloat32(s);
  const scale = b.endVector();
  b.startVector(8, q.zeroPoint.length, 8);
  for (const z of [...q.zeroPoint].reverse()) b.addInt64(z);
  const zeroPoint = b.endVector();
  b.startObject(7);
  b.addFieldOffset(2, scale, 0);
  b.addFieldOffset(3, zeroPoint, 0);
  return b.endObject();
}

function int32Vector(b: Builder, values: number[]): number {
  b.startVector(4, values.length, 4);
  for (const v of [...values].reverse()) b.addInt32(v);
  return b.endVector();
}

function offsetVector(b: Builder, offsets: number[]): number {
  b.startVector(4, offsets.length, 4);
  for (const o of [...offsets].reverse()) b.addOffset(o);
  return b.endVector();
}

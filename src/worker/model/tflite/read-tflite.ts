// The TF Lite room of the model: a bounds-checked reader of the flatbuffer tables a CNN needs, and its
// translation to a TF.js graph model (scripts/convert-model.ts runs it too). Imports graph-def.ts, shared/.
import { CorruptModelError, FlatbufferTable } from './flatbuffer-table.ts';

/**
 * Reads the few tables of the TF Lite schema (tensorflow/lite/schema/schema.fbs, v3) that a
 * plain CNN needs. Field numbers below are the schema's field indices.
 */

export const TensorType = { FLOAT32: 0, FLOAT16: 1, INT32: 2, UINT8: 3, INT64: 4, INT8: 9 } as const;
export const TENSOR_TYPE_NAMES: Record<number, string> = {
  0: 'FLOAT32', 1: 'FLOAT16', 2: 'INT32', 3: 'UINT8', 4: 'INT64', 5: 'STRING', 6: 'BOOL',
  7: 'INT16', 8: 'COMPLEX64', 9: 'INT8', 10: 'FLOAT64',
};

export const BuiltinOp = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  FULLY_CONNECTED: 9,
  MAX_POOL_2D: 17,
  RELU: 19,
  RELU6: 21,
  RESHAPE: 22,
  SOFTMAX: 25,
  PAD: 34,
  MEAN: 40,
} as const;

export const Padding = { SAME: 0, VALID: 1 } as const;
export const Activation = { NONE: 0, RELU: 1, RELU_N1_TO_1: 2, RELU6: 3 } as const;

export interface Quantization {
  scale: number[];
  zeroPoint: bigint[];
  quantizedDimension: number;
}

export interface Tensor {
  index: number;
  name: string;
  shape: number[];
  type: number;
  /** Constant data (weights), or undefined for activations. */
  data?: Uint8Array;
  quantization?: Quantization;
}

export interface Operator {
  index: number;
  opcode: number;
  /** Custom op name, when opcode is CUSTOM. */
  customCode?: string;
  inputs: number[];
  outputs: number[];
  options?: FlatbufferTable;
}

export interface TfliteModel {
  version: number;
  description?: string;
  tensors: Tensor[];
  operators: Operator[];
  inputs: number[];
  outputs: number[];
}

const SCHEMA_VERSION = 3;
const FILE_IDENTIFIER = 'TFL3';
/** Builtin codes past 127 live in `builtin_code` (int32); older files only fill the byte. */
const PLACEHOLDER_FOR_GREATER_OP_CODES = 127;

export function readTflite(bytes: Uint8Array): TfliteModel {
  const identifier = new TextDecoder().decode(bytes.subarray(4, 8));
  if (bytes.length < 8 || identifier !== FILE_IDENTIFIER) {
    throw new CorruptModelError(`not a TF Lite flatbuffer (file identifier "${identifier}", expected "${FILE_IDENTIFIER}")`);
  }
  const model = FlatbufferTable.root(bytes);
  const version = model.int32(0);
  if (version !== SCHEMA_VERSION) {
    throw new Error(`unsupported TF Lite schema version ${version} (this converter reads v${SCHEMA_VERSION})`);
  }
  const opcodes = model.tables(1).map(readOperatorCode);
  const buffers = model.tables(4).map((buffer) => buffer.bytes(0));
  const subgraphs = model.tables(2);
  if (subgraphs.length !== 1) {
    throw new Error(`expected exactly one subgraph, found ${subgraphs.length}`);
  }
  const graph = subgraphs[0]!;
  const tensors = graph.tables(0).map((tensor, index) => readTensor(tensor, index, buffers));
  const operators = graph.tables(3).map((op, index): Operator => {
    const opcodeIndex = op.int32(0);
    const code = opcodes[opcodeIndex];
    if (!code) throw new CorruptModelError(`operator ${index} names opcode ${opcodeIndex}, which does not exist`);
    return {
      index,
      opcode: code.builtin,
      customCode: code.custom,
      inputs: op.int32s(1),
      outputs: op.int32s(2),
      options: op.table(4),
    };
  });
  for (const op of operators) {
    for (const t of [...op.inputs, ...op.outputs]) {
      if (t !== -1 && !tensors[t]) throw new CorruptModelError(`operator ${op.index} names tensor ${t}, which does not exist`);
    }
  }
  return {
    version,
    description: model.string(3),
    tensors,
    operators,
    inputs: graph.int32s(1),
    outputs: graph.int32s(2),
  };
}

function readOperatorCode(code: FlatbufferTable): { builtin: number; custom?: string } {
  const deprecated = code.int8(0);
  const builtin = code.has(3) ? Math.max(code.int32(3), deprecated) : deprecated;
  if (deprecated === PLACEHOLDER_FOR_GREATER_OP_CODES && !code.has(3)) {
    throw new CorruptModelError('an operator code says its number is in builtin_code, which is missing');
  }
  return { builtin, custom: code.string(1) };
}

function readTensor(tensor: FlatbufferTable, index: number, buffers: Uint8Array[]): Tensor {
  const bufferIndex = tensor.int32(2);
  const data = buffers[bufferIndex];
  if (bufferIndex !== 0 && data === undefined) {
    throw new CorruptModelError(`tensor ${index} names buffer ${bufferIndex}, which does not exist`);
  }
  const q = tensor.table(4);
  const quantization = q && q.has(2)
    ? { scale: q.float32s(2), zeroPoint: q.int64s(3), quantizedDimension: q.int32(6) }
    : undefined;
  return {
    index,
    name: tensor.string(3) ?? `tensor_${index}`,
    shape: tensor.int32s(0),
    type: tensor.int8(1),
    data: data && data.length > 0 ? data : undefined,
    quantization,
  };
}

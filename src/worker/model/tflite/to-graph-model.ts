import type { PresetId } from '../../../shared/preprocess.ts';
import type { FlatbufferTable } from './flatbuffer-table.ts';
import {
  constNode, intAttr, intListAttr, opNode, placeholderNode, stringAttr, stringListAttr,
  type GraphNode, type Weight,
} from '../graph-def.ts';
import {
  Activation, BuiltinOp, Padding, TENSOR_TYPE_NAMES, TensorType,
  type Operator, type Tensor, type TfliteModel,
} from './read-tflite.ts';

/** The graph's input, class scores (before the softmax) and probabilities, as the bundled model names them. */
export const INPUT_NAME = 'input';
export const LOGITS_NAME = 'logits';
export const PROBABILITIES_NAME = 'probabilities';

export interface ConvertedGraph {
  nodes: GraphNode[];
  /** In shard order. */
  weights: Weight[];
  inputShape: number[];
  opCounts: Record<string, number>;
}

const OP_NAMES: Record<number, string> = {
  0: 'ADD', 1: 'AVERAGE_POOL_2D', 2: 'CONCATENATION', 3: 'CONV_2D', 4: 'DEPTHWISE_CONV_2D',
  6: 'DEQUANTIZE', 9: 'FULLY_CONNECTED', 14: 'LOGISTIC', 17: 'MAX_POOL_2D', 18: 'MUL', 19: 'RELU',
  21: 'RELU6', 22: 'RESHAPE', 25: 'SOFTMAX', 32: 'CUSTOM', 34: 'PAD', 40: 'MEAN', 98: 'LEAKY_RELU',
  114: 'QUANTIZE', 117: 'HARD_SWISH',
};

export function opName(opcode: number): string {
  return OP_NAMES[opcode] ?? `builtin operator ${opcode}`;
}

/**
 * Translates a TF Lite CNN (uint8 quantization-aware trained, or float32) to TF.js graph-model
 * nodes evaluated in float32. Quantized weights stay uint8 in the shards with their affine
 * dequantization in the manifest; activations run in float, so their uint8 ranges only tell where a
 * ReLU was folded in (TOCO folds ReLU into an output range that starts at 0).
 *
 * Ops: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED (each with a fused ReLU or ReLU6), ADD, MAX and
 * AVERAGE_POOL_2D, MEAN, PAD, CONCATENATION, RESHAPE, RELU, RELU6, and a final SOFTMAX (the graph's
 * `logits` are its input): Inception V3 and a float MobileNet (a Teachable Machine export). Used by
 * scripts/convert-model.ts and by the worker for a dropped .tflite file.
 */
export function toGraphModel(model: TfliteModel): ConvertedGraph {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error(`expected one input and one output, found ${model.inputs.length} and ${model.outputs.length}`);
  }
  const input = model.tensors[model.inputs[0]!]!;
  const output = model.tensors[model.outputs[0]!]!;
  const names = new Map<number, string>([[input.index, INPUT_NAME]]);
  const nodes: GraphNode[] = [placeholderNode(INPUT_NAME, [-1, ...input.shape.slice(1)])];
  const weights: Weight[] = [];
  const opCounts: Record<string, number> = {};

  const nameOf = (tensor: number): string => {
    const name = names.get(tensor);
    if (name === undefined) throw new Error(`tensor ${model.tensors[tensor]!.name} is used before it is computed`);
    return name;
  };
  // TF Lite tensor names become node names; they must not collide with each other or ours.
  const used = new Set([INPUT_NAME, LOGITS_NAME, PROBABILITIES_NAME]);
  const uniqueName = (wanted: string): string => {
    let name = wanted;
    for (let k = 1; used.has(name); k++) name = `${wanted}_${k}`;
    used.add(name);
    return name;
  };
  const addWeight = (weight: Weight): string => {
    weight.name = uniqueName(weight.name);
    weights.push(weight);
    nodes.push(constNode(weight));
    return weight.name;
  };

  // A final softmax is what `probabilities` computes: the class scores are its input.
  const last = model.operators.at(-1);
  const finalSoftmax = last?.opcode === BuiltinOp.SOFTMAX && last.outputs[0] === output.index ? last : undefined;
  const scores = finalSoftmax ? model.tensors[finalSoftmax.inputs[0]!]! : output;
  for (const op of model.operators) {
    if (op === finalSoftmax) continue;
    const kind = opName(op.opcode);
    opCounts[kind] = (opCounts[kind] ?? 0) + 1;
    const out = model.tensors[op.outputs[0]!]!;
    const name = uniqueName(out.name);
    const tensor = (i: number) => model.tensors[op.inputs[i]!]!;
    switch (op.opcode) {
      case BuiltinOp.CONV_2D:
        nodes.push(...convNodes(op, name, nameOf(op.inputs[0]!), tensor(1), tensor(2), out, addWeight));
        break;
      case BuiltinOp.DEPTHWISE_CONV_2D:
        nodes.push(...depthwiseNodes(op, name, nameOf(op.inputs[0]!), tensor(0), tensor(1), tensor(2), addWeight));
        break;
      case BuiltinOp.FULLY_CONNECTED:
        nodes.push(...denseNodes(op, name, nameOf(op.inputs[0]!), tensor(0), tensor(1), op.inputs[2] === undefined || op.inputs[2] < 0 ? undefined : tensor(2), addWeight));
        break;
      case BuiltinOp.ADD:
        nodes.push(...withActivation(name, 'AddV2', [nameOf(op.inputs[0]!), nameOf(op.inputs[1]!)], {}, requireOptions(op).int8(0), op));
        break;
      case BuiltinOp.RELU:
      case BuiltinOp.RELU6:
        nodes.push(opNode(name, op.opcode === BuiltinOp.RELU ? 'Relu' : 'Relu6', [nameOf(op.inputs[0]!)]));
        break;
      case BuiltinOp.MEAN:
        nodes.push(opNode(name, 'Mean', [nameOf(op.inputs[0]!), addWeight(int32Weight(`${name}/axes`, tensor(1).shape, int32Values(tensor(1))))], { keep_dims: { b: (op.options?.int8(0) ?? 0) !== 0 } }));
        break;
      case BuiltinOp.PAD:
        nodes.push(opNode(name, 'Pad', [nameOf(op.inputs[0]!), addWeight(int32Weight(`${name}/paddings`, tensor(1).shape, int32Values(tensor(1))))]));
        break;
      case BuiltinOp.MAX_POOL_2D:
      case BuiltinOp.AVERAGE_POOL_2D:
        nodes.push(poolNode(op, name, nameOf(op.inputs[0]!)));
        break;
      case BuiltinOp.CONCATENATION:
        nodes.push(concatNode(op, name, op.inputs.map(nameOf), out.shape.length, addWeight));
        break;
      case BuiltinOp.RESHAPE:
        nodes.push(reshapeNode(name, nameOf(op.inputs[0]!), out, addWeight));
        break;
      default:
        throw new Error(`unsupported operator ${kind} (operator ${op.index}, output "${name}")`);
    }
    names.set(out.index, name);
  }

  nodes.push(opNode(LOGITS_NAME, 'Identity', [nameOf(scores.index)]));
  nodes.push(opNode(PROBABILITIES_NAME, 'Softmax', [LOGITS_NAME]));
  return { nodes, weights, inputShape: input.shape, opCounts };
}

function convNodes(
  op: Operator, name: string, x: string, filter: Tensor, bias: Tensor, out: Tensor,
  addWeight: (w: Weight) => string,
): GraphNode[] {
  const opts = requireOptions(op);
  const padding = paddingName(opts.int8(0), op);
  const strides = [1, opts.int32(2, 1), opts.int32(1, 1), 1];
  const dilations = [1, opts.int32(5, 1), opts.int32(4, 1), 1];
  const relu = hasRelu(op, opts.int8(3), out);
  const filterName = addWeight(filterWeight(`${name}/filter`, filter));
  const biasName = addWeight(biasWeight(`${name}/bias`, bias));
  const attr = { strides: intListAttr(strides), padding: stringAttr(padding), data_format: stringAttr('NHWC'), dilations: intListAttr(dilations) };
  if (relu) {
    return [opNode(name, '_FusedConv2D', [x, filterName, biasName], {
      ...attr, num_args: intAttr(1), fused_ops: stringListAttr(['BiasAdd', 'Relu']),
    })];
  }
  // Unfused on purpose: a fused conv with a linear activation keeps tfjs's custom gradient, which
  // computes filter and bias gradients eagerly even when only the input gradient is wanted.
  return [
    opNode(`${name}/conv`, 'Conv2D', [x, filterName], attr),
    ...withActivation(name, 'BiasAdd', [`${name}/conv`, biasName], { data_format: stringAttr('NHWC') }, opts.int8(3) === Activation.RELU6 ? Activation.RELU6 : Activation.NONE, op),
  ];
}

/** An op, then the ReLU or ReLU6 TF Lite fused into it. */
function withActivation(name: string, op: string, inputs: string[], attr: Parameters<typeof opNode>[3], fused: number, at: Operator): GraphNode[] {
  if (fused === Activation.NONE) return [opNode(name, op, inputs, attr)];
  if (fused !== Activation.RELU && fused !== Activation.RELU6) throw new Error(`unsupported fused activation ${fused} on operator ${at.index} (${opName(at.opcode)})`);
  return [opNode(`${name}/${op}`, op, inputs, attr), opNode(name, fused === Activation.RELU ? 'Relu' : 'Relu6', [`${name}/${op}`])];
}

/** TF Lite's depthwise filter [1, h, w, in × multiplier] is TensorFlow's [h, w, in, multiplier] with the same bytes. */
function depthwiseNodes(op: Operator, name: string, x: string, input: Tensor, filter: Tensor, bias: Tensor, addWeight: (w: Weight) => string): GraphNode[] {
  const opts = requireOptions(op);
  const [, h, w, channels] = filter.shape as [number, number, number, number];
  const inC = input.shape[3]!;
  const { bytes, quantization } = constantData(filter, [TensorType.UINT8, TensorType.FLOAT32]);
  const filterName = addWeight({ name: `${name}/filter`, shape: [h, w, inC, channels / inC], dtype: 'float32', quantization, bytes });
  const attr = {
    strides: intListAttr([1, opts.int32(2, 1), opts.int32(1, 1), 1]),
    padding: stringAttr(paddingName(opts.int8(0), op)),
    data_format: stringAttr('NHWC'),
    dilations: intListAttr([1, opts.int32(6, 1), opts.int32(5, 1), 1]),
  };
  return [
    opNode(`${name}/depthwise`, 'DepthwiseConv2dNative', [x, filterName], attr),
    ...withActivation(name, 'BiasAdd', [`${name}/depthwise`, addWeight(biasWeight(`${name}/bias`, bias))], { data_format: stringAttr('NHWC') }, opts.int8(4), op),
  ];
}

/** FULLY_CONNECTED: the input flattened to [batch, in], times the weights transposed from TF Lite's [out, in], plus the bias. */
function denseNodes(op: Operator, name: string, x: string, input: Tensor, weights: Tensor, bias: Tensor | undefined, addWeight: (w: Weight) => string): GraphNode[] {
  const [outC, inC] = weights.shape as [number, number];
  const { bytes, elementSize, quantization } = constantData(weights, [TensorType.UINT8, TensorType.FLOAT32]);
  const transposed = new Uint8Array(bytes.length);
  for (let o = 0; o < outC; o++) {
    for (let i = 0; i < inC; i++) for (let b = 0; b < elementSize; b++) transposed[(i * outC + o) * elementSize + b] = bytes[(o * inC + i) * elementSize + b]!;
  }
  const nodes: GraphNode[] = [];
  let flat = x;
  if (input.shape.length !== 2) {
    flat = `${name}/flatten`;
    nodes.push(opNode(flat, 'Reshape', [x, addWeight(int32Weight(`${flat}/shape`, [2], [-1, inC]))], { Tshape: { type: 'DT_INT32' } }));
  }
  const kernel = addWeight({ name: `${name}/weights`, shape: [inC, outC], dtype: 'float32', quantization, bytes: transposed });
  const fused = requireOptions(op).int8(0);
  if (!bias) return [...nodes, ...withActivation(name, 'MatMul', [flat, kernel], {}, fused, op)];
  nodes.push(opNode(`${name}/MatMul`, 'MatMul', [flat, kernel]));
  return [...nodes, ...withActivation(name, 'BiasAdd', [`${name}/MatMul`, addWeight(biasWeight(`${name}/bias`, bias))], {}, fused, op)];
}

function int32Values(tensor: Tensor): number[] {
  const { bytes } = constantData(tensor, [TensorType.INT32]);
  return [...new Int32Array(bytes.slice().buffer)];
}

/** A uint8 quantized output range that starts at 0 is where TOCO folded a ReLU into the conv. */
function hasRelu(op: Operator, fused: number, out: Tensor): boolean {
  if (fused === Activation.RELU) return true;
  if (fused === Activation.RELU6) return false;
  if (fused !== Activation.NONE) {
    throw new Error(`unsupported fused activation ${fused} on operator ${op.index} ("${out.name}")`);
  }
  if (out.type !== TensorType.UINT8 || !out.quantization) return false;
  return Number(out.quantization.zeroPoint[0]) === 0;
}

function poolNode(op: Operator, name: string, x: string): GraphNode {
  const opts = requireOptions(op);
  requireNoActivation(op, opts.int8(5));
  const tfOp = op.opcode === BuiltinOp.MAX_POOL_2D ? 'MaxPool' : 'AvgPool';
  // TF Lite's and tfjs's SAME average pools both divide by the number of cells inside the input,
  // not by the window size, so AvgPool maps one to one.
  return opNode(name, tfOp, [x], {
    ksize: intListAttr([1, opts.int32(4), opts.int32(3), 1]),
    strides: intListAttr([1, opts.int32(2), opts.int32(1), 1]),
    padding: stringAttr(paddingName(opts.int8(0), op)),
    data_format: stringAttr('NHWC'),
  });
}

function concatNode(op: Operator, name: string, inputs: string[], rank: number, addWeight: (w: Weight) => string): GraphNode {
  const opts = requireOptions(op);
  requireNoActivation(op, opts.int8(1));
  const axis = (opts.int32(0) + rank) % rank;
  const axisName = addWeight(int32Weight(`${name}/axis`, [], [axis]));
  return opNode(name, 'ConcatV2', [...inputs, axisName], { N: intAttr(inputs.length), Tidx: { type: 'DT_INT32' } });
}

function reshapeNode(name: string, x: string, out: Tensor, addWeight: (w: Weight) => string): GraphNode {
  // The batch dimension is left free so that the app can run several inputs in one pass.
  const shape = out.shape.map((size, i) => (i === 0 ? -1 : size));
  const shapeName = addWeight(int32Weight(`${name}/shape`, [shape.length], shape));
  return opNode(name, 'Reshape', [x, shapeName], { Tshape: { type: 'DT_INT32' } });
}

/** TF Lite stores conv filters as [out, h, w, in]; TensorFlow wants [h, w, in, out]. */
function filterWeight(name: string, tensor: Tensor): Weight {
  const [outC, h, w, inC] = tensor.shape as [number, number, number, number];
  if (tensor.shape.length !== 4) throw new Error(`filter "${tensor.name}" has rank ${tensor.shape.length}, expected 4`);
  const { bytes, elementSize, quantization } = constantData(tensor, [TensorType.UINT8, TensorType.FLOAT32]);
  const transposed = new Uint8Array(bytes.length);
  const inner = inC * elementSize;
  for (let o = 0; o < outC; o++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const src = ((o * h + y) * w + x) * inner;
        for (let i = 0; i < inC; i++) {
          const dst = (((y * w + x) * inC + i) * outC + o) * elementSize;
          for (let b = 0; b < elementSize; b++) transposed[dst + b] = bytes[src + i * elementSize + b]!;
        }
      }
    }
  }
  return { name, shape: [h, w, inC, outC], dtype: 'float32', quantization, bytes: transposed };
}

/** Quantized biases are int32 with scale = input scale x filter scale; stored dequantized. */
function biasWeight(name: string, tensor: Tensor): Weight {
  if (tensor.type === TensorType.FLOAT32) {
    return { name, shape: tensor.shape, dtype: 'float32', bytes: constantData(tensor, [TensorType.FLOAT32]).bytes.slice() };
  }
  const { bytes } = constantData(tensor, [TensorType.INT32]);
  const q = requireQuantization(tensor);
  const ints = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const floats = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < floats.length; i++) {
    floats[i] = (ints.getInt32(i * 4, true) - q.zeroPoint) * q.scale;
  }
  return { name, shape: tensor.shape, dtype: 'float32', bytes: new Uint8Array(floats.buffer) };
}

function int32Weight(name: string, shape: number[], values: number[]): Weight {
  return { name, shape, dtype: 'int32', bytes: new Uint8Array(Int32Array.from(values).buffer) };
}

function constantData(tensor: Tensor, allowed: number[]) {
  if (!allowed.includes(tensor.type)) {
    const want = allowed.map((t) => TENSOR_TYPE_NAMES[t]).join(' or ');
    throw new Error(`unsupported tensor type ${TENSOR_TYPE_NAMES[tensor.type] ?? tensor.type} for "${tensor.name}" (expected ${want})`);
  }
  if (!tensor.data) throw new Error(`"${tensor.name}" should be a constant but has no data`);
  const elementSize = tensor.type === TensorType.UINT8 ? 1 : 4;
  const expected = tensor.shape.reduce((a, b) => a * b, 1) * elementSize;
  if (tensor.data.length !== expected) {
    throw new Error(`"${tensor.name}" holds ${tensor.data.length} bytes, its shape [${tensor.shape}] needs ${expected}`);
  }
  if (tensor.type !== TensorType.UINT8) return { bytes: tensor.data, elementSize, quantization: undefined };
  const q = requireQuantization(tensor);
  return { bytes: tensor.data, elementSize, quantization: { dtype: 'uint8' as const, scale: q.scale, min: -q.zeroPoint * q.scale } };
}

function requireQuantization(tensor: Tensor): { scale: number; zeroPoint: number } {
  const q = tensor.quantization;
  if (!q || q.scale.length === 0) throw new Error(`"${tensor.name}" is quantized but has no scale`);
  if (q.scale.length !== 1 || q.zeroPoint.length > 1) {
    throw new Error(`unsupported quantization for "${tensor.name}": ${q.scale.length} scales (per-channel); only per-tensor is supported`);
  }
  return { scale: q.scale[0]!, zeroPoint: Number(q.zeroPoint[0] ?? 0n) };
}

function requireOptions(op: Operator): FlatbufferTable {
  if (!op.options) throw new Error(`operator ${op.index} (${opName(op.opcode)}) has no options`);
  return op.options;
}

function requireNoActivation(op: Operator, fused: number): void {
  if (fused !== Activation.NONE) {
    throw new Error(`unsupported fused activation ${fused} on operator ${op.index} (${opName(op.opcode)})`);
  }
}

function paddingName(padding: number, op: Operator): 'SAME' | 'VALID' {
  if (padding === Padding.SAME) return 'SAME';
  if (padding === Padding.VALID) return 'VALID';
  throw new Error(`unknown padding ${padding} on operator ${op.index}`);
}

/** A uint8 input with zero point 128 and scale 1/128 takes (p - 128) / 128. */
export function inputScaling(input: Tensor): PresetId | undefined {
  const q = input.quantization;
  if (input.type !== TensorType.UINT8 || !q) return undefined;
  return Number(q.zeroPoint[0]) === 128 && Math.abs(q.scale[0]! - 1 / 128) < 1e-9 ? 'uint8-128' : undefined;
}

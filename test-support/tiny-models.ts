import { buildTflite, type TensorSpec } from './build-tflite.ts';
import { BuiltinOp, Padding, TensorType } from '../src/worker/model/tflite/read-tflite.ts';

/** Little-endian bytes of float32 values. */
export const float32Bytes = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);
export const int32Bytes = (values: number[]) => new Uint8Array(Int32Array.from(values).buffer);

const activation = (name: string, shape: number[]): TensorSpec => ({ name, shape, type: TensorType.FLOAT32 });

/**
 * One float32 CONV_2D (VALID, stride 1, no activation) then RESHAPE to [1, outputs]:
 * input [1, h, w, cin], filter given in TF Lite's [out, kh, kw, in] layout.
 */
export function singleConvModel(opts: {
  inputShape: [number, number, number];
  filter: { shape: [number, number, number, number]; values: number[] };
  bias: number[];
}): Uint8Array {
  const [h, w, cin] = opts.inputShape;
  const [cout, kh, kw] = opts.filter.shape;
  const oh = h - kh + 1;
  const ow = w - kw + 1;
  return buildTflite({
    tensors: [
      activation('image', [1, h, w, cin]),
      { name: 'w', shape: opts.filter.shape, type: TensorType.FLOAT32, data: float32Bytes(opts.filter.values) },
      { name: 'b', shape: [cout], type: TensorType.FLOAT32, data: float32Bytes(opts.bias) },
      activation('conv', [1, oh, ow, cout]),
      { name: 'shape', shape: [2], type: TensorType.INT32, data: int32Bytes([1, oh * ow * cout]) },
      activation('out', [1, oh * ow * cout]),
    ],
    operators: [
      { opcode: BuiltinOp.CONV_2D, inputs: [0, 1, 2], outputs: [3], options: { kind: 'conv', padding: Padding.VALID, stride: [1, 1] } },
      { opcode: BuiltinOp.RESHAPE, inputs: [3, 4], outputs: [5], options: { kind: 'reshape', shape: [1, oh * ow * cout] } },
    ],
    inputs: [0],
    outputs: [5],
  });
}

/** A model whose only operator is `opcode` (no options): the converter must refuse it by name. */
export function singleOpModel(opcode: number): Uint8Array {
  return buildTflite({
    tensors: [activation('x', [1, 2, 2, 1]), activation('y', [1, 2, 2, 1])],
    operators: [{ opcode, inputs: [0], outputs: [1] }],
    inputs: [0],
    outputs: [1],
  });
}

/** A uint8 conv whose filter has one scale per output channel (which the converter does not support). */
export function perChannelModel(): Uint8Array {
  const q = (scale: number[]) => ({ scale, zeroPoint: scale.map(() => 0n) });
  return buildTflite({
    tensors: [
      { name: 'image', shape: [1, 1, 1, 1], type: TensorType.UINT8, quantization: q([1 / 128]) },
      { name: 'w', shape: [2, 1, 1, 1], type: TensorType.UINT8, data: new Uint8Array([1, 2]), quantization: q([0.5, 0.25]) },
      { name: 'b', shape: [2], type: TensorType.INT32, data: int32Bytes([0, 0]), quantization: q([0.1, 0.2]) },
      { name: 'out', shape: [1, 1, 1, 2], type: TensorType.UINT8, quantization: { scale: [0.1], zeroPoint: [10n] } },
    ],
    operators: [{ opcode: BuiltinOp.CONV_2D, inputs: [0, 1, 2], outputs: [3], options: { kind: 'conv', padding: Padding.SAME, stride: [1, 1] } }],
    inputs: [0],
    outputs: [3],
  });
}

/**
 * A small float32 Inception-shaped classifier with the real model's interface (299x299x3 in, 1001
 * logits out) and seeded random weights: fast enough on software WebGL for browser tests that
 * exercise the app, not the real model's accuracy. Four ReLU convs; also max pool, a 3x3 stride-1
 * SAME average pool, concat and the 8x8-style global average pool.
 */
export function tinyClassifierModel(classes = 1001): Uint8Array {
  let seed = 1;
  const weights = (shape: number[], scale: number) => {
    const count = shape.reduce((a, b) => a * b, 1);
    return { shape, type: TensorType.FLOAT32, data: float32Bytes(lcg(count, seed++).map((v) => v * scale)) };
  };
  const relu = { kind: 'conv' as const, padding: Padding.VALID, stride: [2, 2] as [number, number], activation: 1 };
  const same = { kind: 'conv' as const, padding: Padding.SAME, stride: [1, 1] as [number, number], activation: 1 };
  return buildTflite({
    description: 'tiny test classifier',
    tensors: [
      /* 0 */ activation('input', [1, 299, 299, 3]),
      /* 1 */ { name: 'stem/w', ...weights([8, 3, 3, 3], 0.4) },
      /* 2 */ { name: 'stem/b', ...weights([8], 0.05) },
      /* 3 */ activation('stem', [1, 149, 149, 8]),
      /* 4 */ activation('pool', [1, 74, 74, 8]),
      /* 5 */ { name: 'reduce/w', ...weights([12, 3, 3, 8], 0.3) },
      /* 6 */ { name: 'reduce/b', ...weights([12], 0.05) },
      /* 7 */ activation('reduce', [1, 36, 36, 12]),
      /* 8 */ { name: 'a/w', ...weights([8, 1, 1, 12], 0.4) },
      /* 9 */ { name: 'a/b', ...weights([8], 0.05) },
      /* 10 */ activation('a', [1, 36, 36, 8]),
      /* 11 */ activation('avg', [1, 36, 36, 12]),
      /* 12 */ { name: 'b/w', ...weights([8, 3, 3, 12], 0.3) },
      /* 13 */ { name: 'b/b', ...weights([8], 0.05) },
      /* 14 */ activation('b', [1, 36, 36, 8]),
      /* 15 */ activation('mixed', [1, 36, 36, 16]),
      /* 16 */ activation('global', [1, 1, 1, 16]),
      /* 17 */ { name: 'logits/w', ...weights([classes, 1, 1, 16], 1) },
      /* 18 */ { name: 'logits/b', ...weights([classes], 0.1) },
      /* 19 */ activation('logits', [1, 1, 1, classes]),
      /* 20 */ { name: 'shape', shape: [2], type: TensorType.INT32, data: int32Bytes([1, classes]) },
      /* 21 */ activation('output', [1, classes]),
    ],
    operators: [
      { opcode: BuiltinOp.CONV_2D, inputs: [0, 1, 2], outputs: [3], options: relu },
      { opcode: BuiltinOp.MAX_POOL_2D, inputs: [3], outputs: [4], options: { kind: 'pool', padding: Padding.VALID, stride: [2, 2], filter: [3, 3] } },
      { opcode: BuiltinOp.CONV_2D, inputs: [4, 5, 6], outputs: [7], options: relu },
      { opcode: BuiltinOp.CONV_2D, inputs: [7, 8, 9], outputs: [10], options: same },
      { opcode: BuiltinOp.AVERAGE_POOL_2D, inputs: [7], outputs: [11], options: { kind: 'pool', padding: Padding.SAME, stride: [1, 1], filter: [3, 3] } },
      { opcode: BuiltinOp.CONV_2D, inputs: [11, 12, 13], outputs: [14], options: same },
      { opcode: BuiltinOp.CONCATENATION, inputs: [10, 14], outputs: [15], options: { kind: 'concat', axis: 3 } },
      { opcode: BuiltinOp.AVERAGE_POOL_2D, inputs: [15], outputs: [16], options: { kind: 'pool', padding: Padding.VALID, stride: [1, 1], filter: [36, 36] } },
      { opcode: BuiltinOp.CONV_2D, inputs: [16, 17, 18], outputs: [19], options: { kind: 'conv', padding: Padding.VALID, stride: [1, 1] } },
      { opcode: BuiltinOp.RESHAPE, inputs: [19, 20], outputs: [21], options: { kind: 'reshape', shape: [1, classes] } },
    ],
    inputs: [0],
    outputs: [21],
  });
}

function lcg(count: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

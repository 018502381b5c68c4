import { buildTflite, type TensorSpec } from './build-tflite.ts';
import { BuiltinOp, Padding, TensorType } from './read-tflite.ts';

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

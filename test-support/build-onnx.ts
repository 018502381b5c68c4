import onnxProto from 'onnx-proto';

/**
 * Small ONNX files written with onnx-proto's encoder, for the translation's unit tests and the
 * refusals: an image input [1, C, H, W], float32 (or float16, int64) initializers, nodes with int,
 * float, ints and string attributes.
 */

const { onnx } = onnxProto;

export type AttrSpec = number | { f: number } | number[] | string;

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attrs?: Record<string, AttrSpec>;
}

export interface TensorSpec {
  dims: number[];
  values: number[];
  type?: 'float' | 'float16' | 'int64';
}

export interface OnnxSpec {
  inputs?: { name: string; dims: (number | string)[] }[];
  output: string;
  initializers?: Record<string, TensorSpec>;
  nodes: NodeSpec[];
  opset?: number;
  /** Marks the first initializer as stored in an external file. */
  externalData?: boolean;
}

function attribute(name: string, value: AttrSpec): onnxProto.onnx.IAttributeProto {
  const type = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: type.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: type.INTS, ints: value };
  if (typeof value === 'object') return { name, type: type.FLOAT, f: value.f };
  return { name, type: type.INT, i: value };
}

/** Float to IEEE 754 half-precision bits (values the tests use are exact in half precision). */
export function floatToHalf(v: number): number {
  if (v === 0) return 0;
  const sign = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  const exponent = Math.floor(Math.log2(a));
  return sign | ((exponent + 15) << 10) | Math.round((a / 2 ** exponent - 1) * 1024);
}

function tensor(name: string, spec: TensorSpec): onnxProto.onnx.ITensorProto {
  const dataType = onnx.TensorProto.DataType;
  if (spec.type === 'int64') return { name, dims: spec.dims, dataType: dataType.INT64, int64Data: spec.values };
  if (spec.type === 'float16') {
    const raw = new Uint8Array(new Uint16Array(spec.values.map(floatToHalf)).buffer);
    return { name, dims: spec.dims, dataType: dataType.FLOAT16, rawData: raw };
  }
  return { name, dims: spec.dims, dataType: dataType.FLOAT, rawData: new Uint8Array(Float32Array.from(spec.values).buffer) };
}

export function buildOnnx(spec: OnnxSpec): Uint8Array {
  const initializers = Object.entries(spec.initializers ?? {}).map(([name, t]) => tensor(name, t));
  if (spec.externalData && initializers[0]) {
    initializers[0] = { ...initializers[0], rawData: undefined, dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: 'weights.bin' }] };
  }
  const valueInfo = (name: string, dims: (number | string)[]) => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  return onnx.ModelProto.encode({
    irVersion: 7,
    producerName: 'test-support/build-onnx.ts',
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }],
    graph: {
      name: 'test',
      node: spec.nodes.map((n, i) => ({
        name: n.name ?? `${n.op}_${i}`, opType: n.op, input: n.inputs, output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      initializer: initializers,
      input: (spec.inputs ?? [{ name: 'x', dims: [1, 1, 4, 4] }]).map((i) => valueInfo(i.name, i.dims)),
      output: [valueInfo(spec.output, [1, 'classes'])],
    },
  }).finish();
}

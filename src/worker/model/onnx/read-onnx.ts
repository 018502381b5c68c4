import onnxProto from 'onnx-proto';
import { fromTensorProto, type Constant } from './constants.ts';

/**
 * An ONNX file (a `torch.onnx.export`), decoded with onnx-proto: the ONNX schema compiled to static
 * protobufjs code (no schema parsed at run time, no eval), which decodes an 81 MB DenseNet-201 in
 * 0.1-0.2 s here, each weight's bytes a view of the file. It is the schema of ONNX 1.10; the fields an image
 * classifier's graph uses have not changed since. Checked here: a file that is ONNX at all, weights
 * inside the file (not external data), one image input, an opset the translation knows.
 */

const { onnx } = onnxProto;

/** The opsets of the default domain whose operators the translation implements (torch 1.13 exports 13 by default). */
export const OPSETS = { min: 9, max: 18 } as const;

export interface OnnxNode {
  op: string;
  /** The node's name, else its first output's: said in refusals. */
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, Attribute>;
}

export type Attribute = number | number[] | string | Constant;

export interface OnnxModel {
  opset: number;
  producer: string;
  input: { name: string; dims: (number | string)[] };
  output: string;
  initializers: Map<string, Constant>;
  nodes: OnnxNode[];
}

const toNumber = (v: number | { toNumber(): number }) => (typeof v === 'number' ? v : v.toNumber());

export function readOnnx(bytes: Uint8Array): OnnxModel {
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new Error(`it is not an ONNX model (${(error as Error).message})`, { cause: error });
  }
  // Decoded messages hold every repeated field (empty when absent), as the classes' types say.
  const graph = model.graph as onnxProto.onnx.GraphProto | null;
  if (!graph || graph.node.length === 0) throw new Error('it is not an ONNX model (it holds no graph)');
  const opset = model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx');
  const version = opset ? toNumber(opset.version as number) : 0;
  if (version < OPSETS.min || version > OPSETS.max) {
    throw new Error(`its opset is ${version}; the page reads opsets ${OPSETS.min} to ${OPSETS.max} (export with torch.onnx.export(..., opset_version=13))`);
  }
  const external = (graph.initializer as onnxProto.onnx.TensorProto[]).find((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || t.externalData.length > 0);
  if (external) {
    throw new Error(`its weights are in external data files ("${external.name}" is), as ONNX stores models over 2 GB; the page reads a model whose weights are inside the .onnx file`);
  }
  const initializers = new Map<string, Constant>();
  for (const tensor of graph.initializer) initializers.set(tensor.name ?? '', fromTensorProto(tensor));
  const inputs = (graph.input as onnxProto.onnx.ValueInfoProto[]).filter((i) => !initializers.has(i.name));
  if (inputs.length !== 1) {
    throw new Error(`it takes ${inputs.length} inputs (${inputs.map((i) => `"${i.name}"`).join(', ')}); an image classifier takes one image`);
  }
  const dims = inputs[0]!.type?.tensorType?.shape?.dim?.map((d) => (d.dimParam ? d.dimParam : d.dimValue == null ? '?' : toNumber(d.dimValue as number))) ?? [];
  const outputs = graph.output as onnxProto.onnx.ValueInfoProto[];
  if (outputs.length !== 1) throw new Error(`it has ${outputs.length} outputs (${outputs.map((o) => `"${o.name}"`).join(', ')}); an image classifier has one, its class scores`);
  const nodes = (graph.node as onnxProto.onnx.NodeProto[]).map((node, i): OnnxNode => ({
    op: node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType,
    name: node.name || node.output[0] || `node ${i}`,
    inputs: node.input,
    outputs: node.output,
    attributes: new Map((node.attribute as onnxProto.onnx.AttributeProto[]).map((a) => [a.name, attributeValue(a)])),
  }));
  return { opset: version, producer: `${model.producerName} ${model.producerVersion}`.trim(), input: { name: inputs[0]!.name, dims }, output: outputs[0]!.name, initializers, nodes };
}

function attributeValue(a: onnxProto.onnx.IAttributeProto): Attribute {
  const type = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case type.FLOAT: return a.f ?? 0;
    case type.INT: return toNumber(a.i ?? 0);
    case type.STRING: return new TextDecoder().decode(a.s ?? new Uint8Array());
    case type.FLOATS: return a.floats ?? [];
    case type.INTS: return (a.ints ?? []).map(toNumber);
    case type.TENSOR: return fromTensorProto(a.t!);
    default: return `(unsupported attribute type ${a.type})`;
  }
}

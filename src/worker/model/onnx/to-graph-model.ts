import { placeholderNode, type GraphNode } from '../graph-def.ts';
import type { ConvertedGraph } from '../tflite/to-graph-model.ts';
import { GraphBuilder, type Value } from './graph-builder.ts';
import type { OpContext, Translate } from './op-context.ts';
import { CONV_OPS } from './ops-conv.ts';
import { ELEMENTWISE_OPS } from './ops-elementwise.ts';
import { SHAPE_OPS } from './ops-shape.ts';
import type { OnnxModel } from './read-onnx.ts';

/**
 * An ONNX image classifier (NCHW) -> TF.js graph-model nodes (NHWC) and weights, in the form the
 * TF Lite translation gives, for the same loader, audit and maps. Each ONNX op is a row of OPS;
 * an op with no row is refused by name with its node. The image input becomes an NHWC placeholder
 * once; convs and pools run on NHWC, and a value is transposed back to ONNX's order only where an
 * op works on that order (Flatten over a feature map, a channel shuffle's Reshape and Transpose).
 */

export const INPUT_NAME = 'input';
/** The size a graph that leaves its image size open is given. */
export const DEFAULT_SIZE = 224;

export const OPS: Record<string, Translate> = { ...SHAPE_OPS, ...CONV_OPS, ...ELEMENTWISE_OPS };

export interface OnnxGraph extends ConvertedGraph {
  /** The graph left its image size open and was given DEFAULT_SIZE. */
  sizeChosen: boolean;
  classCount: number;
}

export function onnxToGraphModel(model: OnnxModel): OnnxGraph {
  const dims = model.input.dims;
  if (dims.length !== 4 || ![1, 3].includes(dims[1] as number)) {
    throw new Error(`its input "${model.input.name}" is [${dims.join(', ')}]; an image classifier takes [batch, 3, height, width] (or 1 channel)`);
  }
  const channels = dims[1] as number;
  const sizeChosen = typeof dims[2] !== 'number' || typeof dims[3] !== 'number' || dims[2] <= 0 || dims[3] <= 0;
  const [height, width] = sizeChosen ? [DEFAULT_SIZE, DEFAULT_SIZE] : [dims[2] as number, dims[3] as number];
  const b = new GraphBuilder();
  b.unique(INPUT_NAME);
  b.nodes.push(placeholderNode(INPUT_NAME, [-1, height, width, channels]));
  const values = new Map<string, Value>([[model.input.name, { kind: 'node', name: INPUT_NAME, dims: [1, channels, height, width], nhwc: true }]]);
  for (const [name, c] of model.initializers) values.set(name, { kind: 'const', c });
  const opCounts: Record<string, number> = {};
  for (const node of model.nodes) {
    const translate = OPS[node.op];
    if (!translate) throw new Error(`it uses ${node.op} (node "${node.name}"), which the page cannot translate or explain`);
    opCounts[node.op] = (opCounts[node.op] ?? 0) + 1;
    const ctx: OpContext = {
      node,
      opset: model.opset,
      b,
      input: (i) => {
        const name = node.inputs[i];
        if (!name) return undefined;
        const v = values.get(name);
        if (!v) throw new Error(`${node.op} node "${node.name}" reads "${name}", which no earlier node computes`);
        return v;
      },
      set: (i, v) => void (node.outputs[i] && values.set(node.outputs[i], v)),
    };
    translate(ctx);
  }
  const output = values.get(model.output);
  if (!output || output.kind !== 'node') throw new Error(`its output "${model.output}" does not depend on the image`);
  if (output.dims.length !== 2) throw new Error(`its output "${model.output}" is [${output.dims.join(', ')}]; an image classifier gives [batch, classes]`);
  const nodes = reachable(b.nodes, output.name.replace(/:\d+$/, ''));
  const kept = new Set(nodes.map((n) => n.name));
  return { nodes, weights: b.weights.filter((w) => kept.has(w.name)), inputShape: [1, height, width, channels], opCounts, sizeChosen, classCount: output.dims[1]! };
}

/** The nodes the output depends on (ONNX graphs may hold branches nothing reads), in their order. */
function reachable(nodes: GraphNode[], output: string): GraphNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const needed = new Set<string>([INPUT_NAME]);
  const stack = [output];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (needed.has(name) && name !== output) continue;
    needed.add(name);
    for (const input of byName.get(name)?.input ?? []) {
      const from = input.replace(/:\d+$/, '');
      if (!needed.has(from)) stack.push(from);
    }
  }
  return nodes.filter((n) => needed.has(n.name));
}

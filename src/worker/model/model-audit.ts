import { isPlainGradientActivation } from '../../shared/activations.ts';
import { indexGraph, type GraphNode } from './graph.ts';
import { InputError } from '../input-error.ts';

/**
 * What the worker must know of a graph before it explains anything with it, each check refusing
 * with what to do: one image input [batch, h, w, 1 or 3]; the class score (the input of a final
 * softmax, else the output); the ReLUs the rules rewrite and the other activations, which pass their
 * plain gradient; Grad-CAM's feature map.
 */

export interface GraphAudit {
  /** The image input, and the shape the app feeds it: one image at a time. */
  input: { name: string; shape: number[] };
  output: string;
  logits: string;
  logitsFrom: string;
  relus: number;
  /** Activations other than ReLU, by op: deconvnet and guided backprop pass their plain gradient. */
  otherActivations: Record<string, number>;
  featureNode?: string;
}

const PASSIVE = ['Const', 'NoOp', 'Placeholder'];
const RULED = ['Relu', 'Relu6'];

export function auditGraph(nodes: GraphNode[], imageSize?: number, output?: string): GraphAudit {
  const { byName, inputsOf } = indexGraph(nodes);
  const input = imageInput(nodes, imageSize);
  const out = output ?? singleOutput(nodes);
  let logits = out;
  let logitsFrom = 'the model\'s output (it has no final softmax)';
  const final = throughIdentity(byName.get(out)!, inputsOf);
  if (final.op === 'Softmax') {
    logits = throughIdentity(inputsOf(final)[0]!, inputsOf).name;
    logitsFrom = `the input of the final softmax (${final.name})`;
  }
  const hiddenSoftmax = nodes.find((n) => n.op === 'Softmax' && n !== final);
  if (hiddenSoftmax) throw new InputError(`"${hiddenSoftmax.name}" is a softmax inside the network; only a final softmax can be set aside to explain the class score.`);
  const relus = nodes.filter((n) => RULED.includes(n.op)).length + nodes.filter((n) => fusedOps(n).some((op) => RULED.includes(op))).length;
  return { input, output: out, logits, logitsFrom, relus, otherActivations: otherActivations(nodes), featureNode: featureMapNode(nodes, logits) };
}

/** The one Placeholder, checked to be an image: [batch, height, width, 1 or 3] (a size the graph leaves open comes from metadata). */
function imageInput(nodes: GraphNode[], imageSize?: number): GraphAudit['input'] {
  const placeholders = nodes.filter((n) => n.op === 'Placeholder');
  if (placeholders.length !== 1) throw new InputError(`The model takes ${placeholders.length} inputs (${placeholders.map((p) => p.name).join(', ')}); an image classifier takes one image.`);
  const node = placeholders[0]!;
  const dims = (node.attr as { shape?: { shape?: { dim?: { size?: string }[]; unknownRank?: boolean } } } | undefined)?.shape?.shape?.dim?.map((d) => Number(d.size ?? -1));
  const shape = dims?.length === 4 ? dims.map((d, i) => (d < 0 && (i === 1 || i === 2) && imageSize ? imageSize : d)) : dims;
  const shown = dims ? `[${dims.map((d) => (d < 0 ? 'batch' : d)).join(', ')}]` : 'of unknown shape';
  if (!shape || shape.length !== 4 || ![1, 3].includes(shape[3]!) || !(shape[1]! > 0 && shape[2]! > 0)) {
    throw new InputError(`The model's input "${node.name}" is ${shown}; an image classifier takes [batch, height, width, 1 or 3] (greyscale or colour pictures).`);
  }
  return { name: node.name, shape: [1, ...shape.slice(1)] };
}

/** The node no other node reads (a model.json made by tfjs's converter may also name it in its signature). */
function singleOutput(nodes: GraphNode[]): string {
  const read = new Set(nodes.flatMap((n) => (n.input ?? []).map((i) => i.replace(/^\^/, '').replace(/:\d+$/, ''))));
  const sinks = nodes.filter((n) => !read.has(n.name) && !PASSIVE.includes(n.op));
  if (sinks.length !== 1) throw new InputError(`The model has ${sinks.length} outputs (${sinks.slice(0, 4).map((s) => s.name).join(', ')}); an image classifier has one, its class scores.`);
  return sinks[0]!.name;
}

function throughIdentity(node: GraphNode, inputsOf: (n: GraphNode) => GraphNode[]): GraphNode {
  let at = node;
  while (at.op === 'Identity' && inputsOf(at)[0]) at = inputsOf(at)[0]!;
  return at;
}

const fusedOps = (node: GraphNode) => (node.attr?.fused_ops?.list?.s ?? []).map((s) => atob(s));

/** The activations the rules leave alone, counted by op (standalone or fused into another op). */
export function otherActivations(nodes: GraphNode[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of nodes) {
    for (const op of [node.op, ...fusedOps(node)]) if (isPlainGradientActivation(op)) counts[op] = (counts[op] ?? 0) + 1;
  }
  return counts;
}

const GLOBAL_POOLS = ['AvgPool', 'Mean'];

/**
 * Grad-CAM's feature map: the input of the global pool on the way from the input to the logits
 * (Inception V3: Mixed_7c's concatenation, 8×8×2048, the block PAIR-code's Grad-CAM reads; a
 * Teachable Machine model: MobileNet's out_relu, 7×7×1280), found by walking back from the logits
 * along each node's first non-constant input.
 */
export function featureMapNode(nodes: GraphNode[], output = 'logits'): string | undefined {
  const { byName, inputsOf } = indexGraph(nodes);
  let node = byName.get(output);
  for (let steps = 0; node && steps < nodes.length; steps++) {
    const inputs = inputsOf(node).filter((n) => n.op !== 'Const');
    if (GLOBAL_POOLS.includes(node.op)) return inputs[0]?.name;
    node = inputs[0];
  }
  return undefined;
}

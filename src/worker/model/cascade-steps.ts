/**
 * The sanity check's cascade (Adebayo et al. 2018): the model's weights grouped into layers, from
 * the logits down to the first convolution, read from the converted graph's structure.
 *
 * A layer ends at a node every path from the input to the logits goes through (Inception V3: each
 * stem convolution, each mixed block's concatenation, the logits conv), so a mixed block with all
 * its branches is one step; weights of rank 0 or 1 alone (a bias after its conv) join the layer
 * before them. Inception V3 gives 17 steps: the logits, Mixed_7c to Mixed_5b, five stem convolutions.
 */
import { indexGraph, type GraphNode } from './graph.ts';

export interface CascadeStep {
  /** The layer's name in the graph (Inception V3: Logits, Mixed_7c, ..., Conv2d_1a_3x3). */
  label: string;
  /** The node whose output is the layer's output (every path from the input to the logits goes through it). */
  output: string;
  /** The weight tensors (Const nodes) it randomizes. */
  weights: string[];
  /** How each starts in a fresh network, from the op that reads it. */
  inits: Record<string, WeightInit>;
}

/**
 * A fresh network's weights: filters and matrices He-initialized by their fan-in (a depthwise
 * filter's is its window: each output reads one channel), a folded BatchNorm's scale 1 (γ = 1, σ² = 1),
 * biases and offsets 0.
 */
export type WeightInit = 'fan-in' | 'depthwise' | 'ones' | 'zeros';

function initOf(consumer: GraphNode, weight: GraphNode): WeightInit {
  if (consumer.op === 'DepthwiseConv2dNative') return 'depthwise';
  if (consumer.op === 'Mul') return 'ones';
  return rankOf(weight) <= 1 ? 'zeros' : 'fan-in';
}

/** A float tensor a network learns; a scalar is a fixed number of an op (a rescaling, a clip's bounds, a max pool's padding). */
const isWeight = (node: GraphNode) => node.op === 'Const' && node.attr?.dtype?.type === 'DT_FLOAT' && rankOf(node) > 0;
const rankOf = (node: GraphNode) => node.attr?.value?.tensor?.tensorShape?.dim?.length ?? 0;

/** The steps, from the output's side to the input's. */
export function cascadeSteps(nodes: GraphNode[], output = 'logits'): CascadeStep[] {
  const { byName, inputsOf } = indexGraph(nodes);
  // The computing nodes the output depends on, inputs before their consumers.
  const order: GraphNode[] = [];
  const seen = new Set<string>();
  const visit = (node: GraphNode) => {
    if (seen.has(node.name) || node.op === 'Const') return;
    seen.add(node.name);
    inputsOf(node).forEach(visit);
    order.push(node);
  };
  const last = byName.get(output);
  if (!last) return [];
  visit(last);
  const position = new Map(order.map((n, i) => [n.name, i]));

  // A node is on every path when no edge jumps over it in this order.
  const jumped = new Int32Array(order.length + 1);
  for (const node of order) {
    for (const from of inputsOf(node)) {
      const [a, b] = [position.get(from.name), position.get(node.name)!];
      if (a === undefined || b - a < 2) continue;
      jumped[a + 1]! += 1;
      jumped[b]! -= 1;
    }
  }
  const inits: Record<string, WeightInit> = {};
  const layers: { nodes: string[]; weights: GraphNode[] }[] = [{ nodes: [], weights: [] }];
  let covering = 0;
  for (const [i, node] of order.entries()) {
    covering += jumped[i]!;
    const layer = layers.at(-1)!;
    layer.nodes.push(node.name);
    const weights = inputsOf(node).filter(isWeight);
    for (const weight of weights) inits[weight.name] = initOf(node, weight);
    layer.weights.push(...weights);
    if (covering === 0) layers.push({ nodes: [], weights: [] });
  }
  const weighted = layers.filter((l) => l.weights.length > 0);
  const merged: typeof weighted = [];
  for (const layer of weighted) {
    if (merged.length > 0 && layer.weights.every((w) => rankOf(w) <= 1)) {
      merged.at(-1)!.nodes.push(...layer.nodes);
      merged.at(-1)!.weights.push(...layer.weights);
    } else {
      merged.push(layer);
    }
  }
  merged.reverse();
  const names = merged.map((layer) => [...new Set(layer.weights.map((w) => w.name))]);
  // Named by their filters and matrices: a bias or a folded BatchNorm belongs to another Keras layer.
  const labels = labelsOf(names.map((weights) => (weights.some((w) => rankOf(byName.get(w)!) > 1) ? weights.filter((w) => rankOf(byName.get(w)!) > 1) : weights)));
  return names.map((weights, i) => ({ label: labels[i]!, output: merged[i]!.nodes.at(-1)!, weights, inits: Object.fromEntries(weights.map((w) => [w, inits[w]!])) }));
}

/** The path segments every name starts with. */
function commonPrefix(names: string[]): string[] {
  const split = names.map((n) => n.split('/'));
  const prefix: string[] = [];
  for (let i = 0; split.every((s) => s.length > i + 1 && s[i] === split[0]![i]); i++) prefix.push(split[0]![i]!);
  return prefix;
}

/**
 * Each layer's name: the first scope of its weights' common path that no other layer's weights are
 * under (Inception V3: Mixed_7c, not the InceptionV3 scope they all share; a Teachable Machine model:
 * Conv1 or dense_Dense2, not the Sequential models that hold them), else its scopes joined.
 */
function labelsOf(layers: string[][]): string[] {
  const scopes = layers.map((names) => commonPrefix(names));
  const pathTo = (own: string[], i: number) => own.slice(0, i + 1).join('/');
  const holders = new Map<string, number>();
  for (const own of scopes) own.forEach((_, i) => holders.set(pathTo(own, i), (holders.get(pathTo(own, i)) ?? 0) + 1));
  return scopes.map((own, l) => {
    const first = own.findIndex((_, i) => holders.get(pathTo(own, i)) === 1);
    return own[first] ?? own.at(-1) ?? [...new Set(layers[l]!.map((n) => n.split('/')[0]))].join(' + ');
  });
}

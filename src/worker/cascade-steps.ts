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
  /** The weight tensors (Const nodes) it randomizes. */
  weights: string[];
}

const isWeight = (node: GraphNode) => node.op === 'Const' && node.attr?.dtype?.type === 'DT_FLOAT';
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
  const layers: { nodes: string[]; weights: GraphNode[] }[] = [{ nodes: [], weights: [] }];
  let covering = 0;
  for (const [i, node] of order.entries()) {
    covering += jumped[i]!;
    const layer = layers.at(-1)!;
    layer.nodes.push(node.name);
    layer.weights.push(...inputsOf(node).filter(isWeight));
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
  const everyName = merged.flatMap((l) => l.weights.map((w) => w.name));
  const shared = commonPrefix(everyName);
  return merged.reverse().map((layer) => ({ label: labelOf(layer.weights.map((w) => w.name), shared), weights: [...new Set(layer.weights.map((w) => w.name))] }));
}

/** The path segments every name starts with. */
function commonPrefix(names: string[]): string[] {
  const split = names.map((n) => n.split('/'));
  const prefix: string[] = [];
  for (let i = 0; split.every((s) => s.length > i + 1 && s[i] === split[0]![i]); i++) prefix.push(split[0]![i]!);
  return prefix;
}

/** The first segment of the layer's own path below the model's (Inception V3's scopes repeat the model's name), else its scopes joined. */
function labelOf(weightNames: string[], shared: string[]): string {
  const own = commonPrefix(weightNames);
  const rest = own.slice(shared.length).filter((segment) => segment !== shared.at(-1));
  return rest[0] ?? own.at(-1) ?? [...new Set(weightNames.map((n) => n.split('/')[0]))].join(' + ');
}

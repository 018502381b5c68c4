/** A converted graph model's nodes (model.json's modelTopology.node), as the worker reads them. */
export interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: {
    dtype?: { type?: string };
    value?: { tensor?: { tensorShape?: { dim?: unknown[] } } };
    fused_ops?: { list?: { s?: string[] } };
  };
}

/** The nodes by name, and each node's inputs as nodes (a control input `^a` and an output `a:1` name node `a`). */
export function indexGraph(nodes: GraphNode[]) {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const inputsOf = (node: GraphNode) =>
    (node.input ?? []).map((i) => byName.get(i.replace(/^\^/, '').replace(/:\d+$/, ''))).filter((n): n is GraphNode => n !== undefined);
  return { byName, inputsOf };
}

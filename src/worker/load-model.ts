import * as tf from '@tensorflow/tfjs';
import { UNSUPPORTED_ACTIVATIONS } from './gradient-rules.ts';

interface GraphNode {
  name: string;
  op: string;
  attr?: { fused_ops?: { list?: { s?: string[] } } };
}

/** Fetches the model with progress, then refuses it if it uses activations the rules cannot handle. */
export async function loadModel(url: string, onProgress: (fraction: number) => void): Promise<tf.GraphModel> {
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await tf.io.http(url, { onProgress }).load!();
  } catch (error) {
    throw new Error(`Could not load the model from ${url}: ${(error as Error).message}`, { cause: error });
  }
  const nodes = ((artifacts.modelTopology as { node?: GraphNode[] } | undefined)?.node ?? []);
  const unsupported = unsupportedActivations(nodes);
  if (unsupported.length > 0) {
    throw new Error(
      `This model uses ${unsupported.join(', ')}. The deconvnet and guided backprop rules here are defined ` +
        'for ReLU and ReLU6 only, so its maps would be wrong; pick a ReLU network.',
    );
  }
  return tf.loadGraphModel(tf.io.fromMemory(artifacts));
}

export function unsupportedActivations(nodes: GraphNode[]): string[] {
  const found = new Set<string>();
  for (const node of nodes) {
    if (UNSUPPORTED_ACTIVATIONS.includes(node.op)) found.add(node.op);
    for (const encoded of node.attr?.fused_ops?.list?.s ?? []) {
      const fused = atob(encoded);
      if (UNSUPPORTED_ACTIVATIONS.includes(fused)) found.add(`${fused} (fused into ${node.op})`);
    }
  }
  return [...found].sort();
}

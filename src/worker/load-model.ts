import * as tf from '@tensorflow/tfjs';
import { cascadeSteps, type CascadeStep } from './cascade-steps.ts';
import { UNSUPPORTED_ACTIVATIONS } from './gradient-rules.ts';
import { indexGraph, type GraphNode } from './graph.ts';


export interface LoadedModel {
  model: tf.GraphModel;
  /** The node whose output is Grad-CAM's feature map, if the model has one. */
  featureNode?: string;
  /** The sanity check's layers, output side first. */
  cascade: CascadeStep[];
}

/** Fetches the model with progress, then refuses it if it uses activations the rules cannot handle. */
export async function loadModel(url: string, onProgress: (fraction: number) => void): Promise<LoadedModel> {
  const artifacts = await fetchArtifacts(url, onProgress);
  const nodes = ((artifacts.modelTopology as { node?: GraphNode[] } | undefined)?.node ?? []);
  const unsupported = unsupportedActivations(nodes);
  if (unsupported.length > 0) {
    throw new Error(
      `This model uses ${unsupported.join(', ')}. The deconvnet and guided backprop rules here are defined ` +
        'for ReLU and ReLU6 only, so its maps would be wrong; pick a ReLU network.',
    );
  }
  return { model: await tf.loadGraphModel(tf.io.fromMemory(artifacts)), featureNode: featureMapNode(nodes), cascade: cascadeSteps(nodes) };
}

const GLOBAL_POOLS = ['AvgPool', 'Mean'];

/**
 * Grad-CAM's feature map: the input of the global pool on the way from the input to the logits
 * (Inception V3: Mixed_7c's concatenation, 8×8×2048, the block PAIR-code's Grad-CAM reads), found by
 * walking back from `logits` along each node's first non-constant input.
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

interface ModelJson {
  format?: string;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/**
 * model.json and its weight files, one after another (progress by bytes), each checked so that an
 * error names the file: a failed request, the web page many servers (Vite's preview among them)
 * answer for a missing file with status 200, invalid JSON, or weights shorter or longer than the
 * manifest says. (tf.io.http reports a missing shard as an unhandled rejection, without its name.)
 */
async function fetchArtifacts(url: string, onProgress: (fraction: number) => void): Promise<tf.io.ModelArtifacts> {
  const json = await fetchFile(url);
  let model: ModelJson;
  try {
    model = JSON.parse(new TextDecoder().decode(json)) as ModelJson;
    if (!model.modelTopology || !Array.isArray(model.weightsManifest)) throw new Error('it has no modelTopology or weightsManifest');
  } catch (error) {
    throw new Error(`${pathOf(url)} is not a TF.js graph model: ${(error as Error).message}.`, { cause: error });
  }
  const groups = model.weightsManifest;
  const specs = groups.flatMap((group) => group.weights);
  const expected = specs.reduce((sum, spec) => sum + spec.shape.reduce((n, d) => n * d, 1) * BYTES_PER_ELEMENT[spec.quantization?.dtype ?? spec.dtype]!, 0);
  const shardUrls = groups.flatMap((group) => group.paths.map((path) => new URL(path, url).href));
  const shards: Uint8Array[] = [];
  let received = 0;
  for (const shardUrl of shardUrls) {
    const bytes = await fetchFile(shardUrl);
    shards.push(bytes);
    received += bytes.length;
    onProgress(Math.min(1, received / expected));
  }
  // Weights of dtype string (none in image models) have no fixed size: no check then.
  if (Number.isFinite(expected) && received !== expected) {
    throw new Error(`The weight files ${shardUrls.map(pathOf).join(', ')} hold ${received} bytes; ${pathOf(url)} expects ${expected}: a file is damaged or from another model.`);
  }
  const weightData = new Uint8Array(received);
  shards.reduce((offset, shard) => (weightData.set(shard, offset), offset + shard.length), 0);
  return { format: model.format, modelTopology: model.modelTopology, weightSpecs: specs, weightData: weightData.buffer };
}

async function fetchFile(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`${pathOf(url)} could not be fetched: ${(error as Error).message}.`, { cause: error });
  }
  if (!response.ok) throw new Error(`${pathOf(url)} could not be fetched (HTTP ${response.status} ${response.statusText}).`);
  if (response.headers.get('content-type')?.includes('text/html')) throw new Error(`${pathOf(url)} is missing: the server answered with a web page.`);
  return new Uint8Array(await response.arrayBuffer());
}

const pathOf = (url: string) => new URL(url, location.href).pathname;

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

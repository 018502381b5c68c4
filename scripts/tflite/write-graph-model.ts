import { concatWeights, manifestEntry } from '../../src/worker/model/graph-def.ts';
import type { ConvertedGraph } from '../../src/worker/model/tflite/to-graph-model.ts';

/** tfjs's own converter splits weights into 4 MB shards so browsers can cache and fetch them in parallel. */
const SHARD_BYTES = 4 * 1024 * 1024;

export interface GraphModelFiles {
  /** File name -> contents, model.json first. */
  files: Map<string, Uint8Array>;
  weightBytes: number;
}

export function writeGraphModel(graph: ConvertedGraph, generatedBy: string): GraphModelFiles {
  const data = concatWeights(graph.weights);
  const total = data.length;
  const shardCount = Math.max(1, Math.ceil(total / SHARD_BYTES));
  const shardNames = Array.from({ length: shardCount }, (_, i) => `group1-shard${i + 1}of${shardCount}.bin`);
  const modelJson = {
    format: 'graph-model',
    generatedBy,
    convertedBy: 'saliency-lens scripts/convert-model.ts',
    modelTopology: { node: graph.nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: shardNames, weights: graph.weights.map(manifestEntry) }],
  };
  const files = new Map<string, Uint8Array>();
  files.set('model.json', new TextEncoder().encode(JSON.stringify(modelJson)));
  shardNames.forEach((name, i) => files.set(name, data.subarray(i * SHARD_BYTES, (i + 1) * SHARD_BYTES)));
  return { files, weightBytes: total };
}

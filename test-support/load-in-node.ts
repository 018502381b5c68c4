import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ModelJson {
  format: string;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** Loads a converted graph model from files (name -> bytes), as tfjs would from a server. */
export function loadGraphModelFromFiles(files: Map<string, Uint8Array>): Promise<tf.GraphModel> {
  const read = (name: string) => {
    const bytes = files.get(name);
    if (!bytes) throw new Error(`missing ${name}`);
    return bytes;
  };
  const json = JSON.parse(new TextDecoder().decode(read('model.json'))) as ModelJson;
  const [group] = json.weightsManifest;
  const shards = group!.paths.map(read);
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.length;
  }
  return tf.loadGraphModel({
    load: async () => ({
      format: json.format,
      modelTopology: json.modelTopology,
      weightSpecs: group!.weights,
      weightData: weightData.buffer,
    }),
  });
}

export function loadGraphModelFromDir(dir: string): Promise<tf.GraphModel> {
  const modelJson = readFileSync(join(dir, 'model.json'));
  const json = JSON.parse(modelJson.toString('utf8')) as ModelJson;
  const files = new Map<string, Uint8Array>([['model.json', modelJson]]);
  for (const path of json.weightsManifest[0]!.paths) files.set(path, readFileSync(join(dir, path)));
  return loadGraphModelFromFiles(files);
}

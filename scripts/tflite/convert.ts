import { parseLabels } from './labels.ts';
import { readTflite } from './read-tflite.ts';
import { toGraphModel } from './to-graph-model.ts';
import { writeGraphModel } from './write-graph-model.ts';

export const LABELS_FILE = 'labels.json';

export interface ConversionSummary {
  opCounts: Record<string, number>;
  weightBytes: number;
  inputShape: number[];
  classes: number;
}

/** graph.lite + labels.txt -> model.json, weight shards and labels.json (file name -> bytes). */
export function convertTflite(source: Uint8Array, labelsText: string) {
  let model;
  try {
    model = readTflite(source);
  } catch (error) {
    throw new Error(`cannot read the TF Lite model: ${(error as Error).message}`, { cause: error });
  }
  const graph = toGraphModel(model);
  const outputShape = model.tensors[model.outputs[0]!]!.shape;
  const classes = outputShape.at(-1)!;
  const labels = parseLabels(labelsText, classes);
  const { files, weightBytes } = writeGraphModel(graph, model.description ?? 'TF Lite');
  files.set(LABELS_FILE, new TextEncoder().encode(JSON.stringify(labels, null, 0)));
  const summary: ConversionSummary = { opCounts: graph.opCounts, weightBytes, inputShape: graph.inputShape, classes };
  return { files, summary };
}

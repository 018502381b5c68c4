import { METADATA_FILE, type ModelMetadata } from '../../src/shared/model-descriptor.ts';
import type { PresetId } from '../../src/shared/preprocess.ts';
import { parseLabels } from './labels.ts';
import { readTflite } from '../../src/worker/model/tflite/read-tflite.ts';
import { inputScaling, toGraphModel } from '../../src/worker/model/tflite/to-graph-model.ts';
import { writeGraphModel } from './write-graph-model.ts';


export interface ConversionSummary {
  opCounts: Record<string, number>;
  weightBytes: number;
  inputShape: number[];
  classes: number;
}

/**
 * graph.lite + labels.txt -> model.json, weight shards and metadata.json (file name -> bytes). The
 * metadata (Teachable Machine's format) holds the name, the labels, the image size and the
 * preprocessing the input's uint8 quantization implies (else the one given, else none: the page asks).
 */
export function convertTflite(source: Uint8Array, labelsText: string, options: { name?: string; preprocessing?: PresetId } = {}) {
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
  const input = model.tensors[model.inputs[0]!]!;
  const metadata: ModelMetadata = {
    modelName: options.name ?? model.description ?? 'TF Lite model',
    imageSize: input.shape[1],
    preprocessing: inputScaling(input) ?? options.preprocessing,
    labels,
  };
  files.set(METADATA_FILE, new TextEncoder().encode(JSON.stringify(metadata)));
  const summary: ConversionSummary = { opCounts: graph.opCounts, weightBytes, inputShape: graph.inputShape, classes };
  return { files, summary };
}

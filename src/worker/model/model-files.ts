import * as tf from '@tensorflow/tfjs';
import { METADATA_FILE, type ModelMetadata } from '../../shared/model-descriptor.ts';
import { READABLE_MODELS } from '../../shared/model-formats.ts';
import type { ModelSource } from '../../shared/protocol.ts';
import { concatWeights, manifestEntry } from './graph-def.ts';
import { InputError } from '../input-error.ts';
import { modelFileKind } from '../image/model-file-kinds.ts';
import { readTflite } from './tflite/read-tflite.ts';
import { inputScaling, toGraphModel, type ConvertedGraph } from './tflite/to-graph-model.ts';
import { readOnnx } from './onnx/read-onnx.ts';
import { DEFAULT_SIZE, onnxToGraphModel } from './onnx/to-graph-model.ts';
import type { PresetId } from '../../shared/preprocess.ts';

/**
 * A model's files, from where they are: beside a model.json URL (the bundled model, a folder the app
 * serves, a link's https address), or among the files a person dropped. Every check names the file:
 * a failed request, the web page many servers (Vite's preview among them) answer for a missing file
 * with status 200, invalid JSON, a weight file missing from a drop, weights shorter or longer than the
 * manifest says, a model too large for a browser tab.
 */

export interface ModelJson {
  format?: string;
  modelTopology: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  signature?: unknown;
}

export interface ModelFiles {
  /** A name for the page: the folder the files came from, or the model.json's address. */
  name: string;
  json: ModelJson;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
  metadata?: ModelMetadata;
  /** The preprocessing a translated format suggests (the person may choose another). */
  defaultPreprocessing?: PresetId;
  /** What the page should say about the model (a size it chose for it). */
  notes?: string[];
  /** Labels from a labels file (metadata's labels come first), and the file's name. */
  labels?: { names: string[]; from: string };
}

/** Float weights in memory above this would stall a school laptop's tab (Inception V3: 95 MB). */
export const MAX_WEIGHT_BYTES = 400 * 1024 * 1024;

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };
const LABEL_FILES = ['labels.txt', 'labels.json'];

interface Reader {
  name: string;
  modelJsonName: string;
  /** A file named by model.json (its path relative to it); missing is an error naming it. onBytes hears of each part as it arrives. */
  read(path: string, onBytes?: (count: number) => void): Promise<Uint8Array>;
  /** A file that may be absent (metadata, labels). */
  optional(name: string): Promise<Uint8Array | undefined>;
  /** How a message names a file: its path on the server, or its name among the dropped files. */
  where(path: string): string;
}

export async function readModelFiles(source: ModelSource, onProgress: (fraction: number) => void): Promise<ModelFiles> {
  if (source.kind === 'files') {
    const file = source.files.find((f) => translatedFormat(f.name));
    if (file) {
      checkSize(file.name, file.size, translatedFormat(file.name)!);
      return readTranslatedFile(new Uint8Array(await file.arrayBuffer()), file.name, translatedFormat(file.name)!, droppedReader(source.files, file.name), onProgress);
    }
  } else if (translatedFormat(new URL(source.url, location.href).pathname)) {
    const reader = urlReader(source.url);
    const bytes = await reader.read(reader.modelJsonName, () => undefined);
    return readTranslatedFile(bytes, reader.modelJsonName, translatedFormat(reader.modelJsonName)!, reader, onProgress);
  }
  let reader: Reader;
  let json: ModelJson;
  try {
    reader = source.kind === 'url' ? urlReader(source.url) : droppedReader(source.files);
    json = parseModelJson(await reader.read(reader.modelJsonName), reader.where(reader.modelJsonName));
  } catch (error) {
    throw (source.kind === 'files' && unreadableAmong(source.files)) || error;
  }
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  const sizes = specs.map((spec) => spec.shape.reduce((n, d) => n * d, 1));
  const elements = sizes.reduce((sum, size) => sum + size, 0);
  if (elements * 4 > MAX_WEIGHT_BYTES) {
    throw new InputError(`The model has ${(elements / 1e6).toFixed(0)} million weights (${Math.round((elements * 4) / 2 ** 20)} MB as floats); the limit is ${MAX_WEIGHT_BYTES / 2 ** 20} MB, so that a school laptop's browser tab keeps up. Pick a smaller model (MobileNet, Teachable Machine).`);
  }
  const expected = specs.reduce((sum, spec, i) => sum + sizes[i]! * BYTES_PER_ELEMENT[spec.quantization?.dtype ?? spec.dtype]!, 0);
  const paths = json.weightsManifest.flatMap((group) => group.paths);
  const shards: Uint8Array[] = [];
  let received = 0;
  for (const path of paths) {
    // Progress as the bytes arrive, not per shard: on a slow network a 4 MB shard takes half a minute, and the page's watchdog listens.
    let arrived = 0;
    const bytes = await reader.read(path, (count) => onProgress(Math.min(1, (received + (arrived += count)) / expected)));
    shards.push(bytes);
    received += bytes.length;
    onProgress(Math.min(1, received / expected));
  }
  // Weights of dtype string (none in image models) have no fixed size: no check then.
  if (Number.isFinite(expected) && received !== expected) {
    throw new InputError(`The weight files ${paths.map(reader.where).join(', ')} hold ${received} bytes; ${reader.where(reader.modelJsonName)} expects ${expected}: a file is damaged, cut short or from another model.`);
  }
  const weightData = concatBytes(shards);
  const metadata = parseOptionalJson<ModelMetadata>(await reader.optional(METADATA_FILE), METADATA_FILE);
  return { name: metadata?.modelName || reader.name, json, weightSpecs: specs, weightData: weightData.buffer, metadata, labels: metadata?.labels ? undefined : await labelsFile(reader) };
}

/**
 * A dropped model file of a kind the page cannot read, told by its name (a Hugging Face folder:
 * config.json beside pytorch_model.bin or model.safetensors): its message says what to do.
 */
function unreadableAmong(files: readonly File[]): InputError | undefined {
  for (const file of files) {
    const kind = modelFileKind(new Uint8Array(0), file.name);
    if (kind) return new InputError(kind.message(file.name));
  }
  return undefined;
}

function parseModelJson(bytes: Uint8Array, name: string): ModelJson {
  try {
    const json = JSON.parse(new TextDecoder().decode(bytes)) as ModelJson;
    if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new Error('it has no modelTopology or weightsManifest');
    return json;
  } catch (error) {
    throw new InputError(`${name} is not a TF.js model: ${(error as Error).message}.`, { cause: error });
  }
}

function parseOptionalJson<T>(bytes: Uint8Array | undefined, name: string): T | undefined {
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (error) {
    throw new InputError(`${name} is not valid JSON: ${(error as Error).message}.`, { cause: error });
  }
}

/** A model file translated in the worker into a TF.js graph, and what it says of the pixels it wants. */
interface TranslatedFormat {
  pattern: RegExp;
  translate(bytes: Uint8Array): { graph: ConvertedGraph; preprocessing?: PresetId; defaultPreprocessing?: PresetId; notes?: string[]; imagenet?: boolean };
  /** The largest file: its weights as floats within MAX_WEIGHT_BYTES. */
  maxBytes: number;
  /** What the page reads, said after the reason a file was refused. */
  reads: string;
}

/**
 * TF Lite flatbuffers (src/worker/model/tflite, the converter that makes the bundled model) and
 * ONNX files (src/worker/model/onnx: a `torch.onnx.export`, with torchvision's preprocessing by
 * default), each with a labels file if one was dropped with it.
 */
const TRANSLATED_FORMATS: TranslatedFormat[] = [
  {
    pattern: /\.tflite$/i,
    translate: (bytes) => {
      const model = readTflite(bytes);
      return { graph: toGraphModel(model), preprocessing: inputScaling(model.tensors[model.inputs[0]!]!) };
    },
    maxBytes: MAX_WEIGHT_BYTES / 4,
    reads: 'The page reads float and uint8 TF Lite CNNs (a Teachable Machine "model_unquant.tflite"); a TF.js export works for any model.',
  },
  {
    pattern: /\.onnx$/i,
    translate: (bytes) => {
      const graph = onnxToGraphModel(readOnnx(bytes));
      const notes = graph.sizeChosen ? [`its input size is left open; the page feeds it ${DEFAULT_SIZE}×${DEFAULT_SIZE} pictures`] : [];
      return { graph, defaultPreprocessing: 'torchvision', notes, imagenet: graph.classCount === IMAGENET_CLASSES };
    },
    maxBytes: MAX_WEIGHT_BYTES,
    reads: 'The page reads image classifiers exported by torch.onnx.export (opset 9 to 18) made of convolutions, pools, ReLU-like activations and dense layers (docs/model.md, "From PyTorch").',
  },
];

function checkSize(name: string, bytes: number, format: TranslatedFormat): void {
  if (bytes > format.maxBytes) throw new InputError(`${name} is ${Math.round(bytes / 2 ** 20)} MB; the limit is ${format.maxBytes / 2 ** 20} MB, so that a school laptop's browser tab keeps up.`);
}

const translatedFormat = (name: string) => TRANSLATED_FORMATS.find((f) => f.pattern.test(name));

async function readTranslatedFile(bytes: Uint8Array, name: string, format: TranslatedFormat, reader: Reader, onProgress: (fraction: number) => void): Promise<ModelFiles> {
  checkSize(name, bytes.length, format);
  onProgress(0.5);
  let translated;
  try {
    translated = format.translate(bytes);
  } catch (error) {
    throw new InputError(`${name} cannot be explained here: ${(error as Error).message}. ${format.reads}`, { cause: error });
  }
  onProgress(0.9);
  const { graph, preprocessing, defaultPreprocessing, notes, imagenet } = translated;
  const weightSpecs = graph.weights.map(manifestEntry);
  const weightData = concatWeights(graph.weights).buffer;
  return {
    name: name.replace(format.pattern, ''),
    json: { format: 'graph-model', modelTopology: { node: graph.nodes, library: {}, versions: {} }, weightsManifest: [{ paths: [], weights: weightSpecs }] },
    weightSpecs,
    weightData,
    metadata: preprocessing && { preprocessing },
    defaultPreprocessing,
    notes,
    labels: (await labelsFile(reader)) ?? (imagenet ? await imagenetLabels() : undefined),
  };
}

const IMAGENET_CLASSES = 1000;

/** ImageNet's 1000 class names, as the bundled model lists them after its background class. */
async function imagenetLabels(): Promise<ModelFiles['labels']> {
  try {
    const bytes = await fetchFile(new URL(`${import.meta.env.BASE_URL}model/${METADATA_FILE}`, location.href).href);
    const labels = (parseOptionalJson<ModelMetadata>(bytes, METADATA_FILE)?.labels ?? []).slice(1);
    return labels.length === IMAGENET_CLASSES ? { names: labels, from: 'ImageNet (the bundled model\'s list)' } : undefined;
  } catch {
    return undefined;
  }
}

/** labels.txt (one per line; Teachable Machine writes "0 cat", its index first) or labels.json (an array), if the model has one. */
async function labelsFile(reader: Reader): Promise<ModelFiles['labels']> {
  for (const name of LABEL_FILES) {
    const bytes = await reader.optional(name);
    if (!bytes) continue;
    const text = new TextDecoder().decode(bytes);
    let names = name.endsWith('.json') ? parseOptionalJson<string[]>(bytes, name) : text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (!Array.isArray(names)) continue;
    if (names.every((label, i) => label.startsWith(`${i} `))) names = names.map((label) => label.replace(/^\d+ /, ''));
    return { names: names.map(String), from: name };
  }
  return undefined;
}

function urlReader(url: string): Reader {
  const path = new URL(url, location.href).pathname;
  return {
    name: path.split('/').at(-2) || path,
    modelJsonName: path.split('/').at(-1) || 'model.json',
    where: (file) => new URL(file, url).pathname,
    read: (file, onBytes) => fetchFile(new URL(file, url).href, onBytes),
    optional: async (file) => {
      try {
        return await fetchFile(new URL(file, url).href);
      } catch {
        return undefined;
      }
    },
  };
}

async function fetchFile(url: string, onBytes?: (count: number) => void): Promise<Uint8Array> {
  const path = new URL(url, location.href).pathname;
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch (error) {
    throw new InputError(`${path} could not be fetched (${(error as Error).message}): the address is wrong, the network is down, or its host does not share it with other sites (CORS).`, { cause: error });
  }
  if (!response.ok) throw new InputError(`${path} could not be fetched (HTTP ${response.status} ${response.statusText}).`);
  if (response.headers.get('content-type')?.includes('text/html')) throw new InputError(`${path} is missing: the server answered with a web page.`);
  if (!onBytes || !response.body) return new Uint8Array(await response.arrayBuffer());
  const parts: Uint8Array[] = [];
  const reader = response.body.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    parts.push(part.value);
    onBytes(part.value.length);
  }
  return concatBytes(parts);
}

/** The parts one after another, in one array. */
function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (bytes.set(p, offset), offset + p.length), 0);
  return bytes;
}

function droppedReader(files: readonly File[], main?: string): Reader {
  const byName = new Map(files.map((f) => [f.name, f]));
  const jsons = files.filter((f) => f.name.endsWith('.json') && f.name !== METADATA_FILE && !LABEL_FILES.includes(f.name));
  const modelJson = main ? byName.get(main) : byName.get('model.json') ?? (jsons.length === 1 ? jsons[0] : undefined);
  if (!modelJson) throw new InputError(`No model among the files. The page reads ${READABLE_MODELS}: drop a TF.js model's model.json together with its weight files (and metadata.json).`);
  const folder = (modelJson as File & { webkitRelativePath?: string }).webkitRelativePath?.split('/').at(-2);
  const bytes = async (file: File) => new Uint8Array(await file.arrayBuffer());
  return {
    name: folder || 'your model',
    modelJsonName: modelJson.name,
    where: (file) => file,
    read: async (path) => {
      const file = byName.get(path.split('/').at(-1)!);
      if (!file) throw new InputError(`${modelJson.name} names the weight file ${path}, which was not among the files: drop ${modelJson.name} together with all its weight files.`);
      return bytes(file);
    },
    optional: async (name) => {
      const file = byName.get(name);
      return file && bytes(file);
    },
  };
}

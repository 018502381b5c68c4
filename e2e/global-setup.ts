import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertTflite } from '../scripts/tflite/convert.ts';
import { LABELS_SOURCE } from '../scripts/tflite/model-source.ts';
import { tinyClassifierModel } from '../test-support/tiny-models.ts';
import { graphModelFiles, refusedModels, teachableFiles, tfliteFiles } from '../test-support/own-models.ts';
import { ensureOnnxExports, ONNX_DIR } from '../test-support/onnx-exports.ts';
import { REFUSED_ONNX } from '../test-support/refused-onnx.ts';

export const TINY_MODEL = 'e2e-tiny';
/** Broken copies of it, for the fault tests: without its weights file, with a cut model.json, with cut weights. */
export const MISSING_SHARD_MODEL = 'e2e-missing-shard';
export const CORRUPT_JSON_MODEL = 'e2e-corrupt-json';
export const SHORT_SHARD_MODEL = 'e2e-short-shard';
/** A person's own models (served too, for links to a hosted model). */
export const TEACHABLE_MODEL = 'e2e-teachable';
export const GRAPH_MODEL = 'e2e-graph';
export const TFLITE_MODEL = 'e2e-tflite';
/** Models the app must refuse, one folder each, to be dropped. */
export const REFUSED_DIR = join('e2e', '.artifacts', 'refused-models');
/** A PyTorch export the app serves with a labels.txt beside it, for a link to an .onnx file. */
export const ONNX_MODEL = 'e2e-onnx';
/** ONNX files the app must refuse, to be opened. */
export const ONNX_REFUSED_DIR = join('e2e', '.artifacts', 'refused-onnx');

/**
 * Most browser tests run a tiny generated model (same interface as Inception V3, seeded random
 * weights) so they take seconds, not minutes, on software WebGL; real-model.spec.ts runs the real one.
 * It goes through the same converter and is served by the app like any other model.
 */
export default async function globalSetup(): Promise<void> {
  const { files } = convertTflite(tinyClassifierModel(), readFileSync(LABELS_SOURCE, 'utf8'), { preprocessing: 'uint8-128' });
  writeModel(TINY_MODEL, files);
  writeModel(MISSING_SHARD_MODEL, new Map([...files].filter(([name]) => !name.endsWith('.bin'))));
  writeModel(SHORT_SHARD_MODEL, new Map([...files].map(([name, bytes]) => [name, name.endsWith('.bin') ? bytes.subarray(0, bytes.length - 64) : bytes])));
  writeModel(CORRUPT_JSON_MODEL, new Map([...files].map(([name, bytes]) => [name, name === 'model.json' ? bytes.subarray(0, bytes.length >> 1) : bytes])));
  writeModel(TEACHABLE_MODEL, await teachableFiles());
  writeModel(GRAPH_MODEL, await graphModelFiles());
  writeModel(TFLITE_MODEL, tfliteFiles());
  for (const { name, files: refused } of await refusedModels()) writeModel(name, refused, REFUSED_DIR);
  // A PyTorch export (onnx.spec.ts), made with Debian's torch unless it is current.
  ensureOnnxExports(['densenet121', 'squeezenet1_1', 'shufflenet_v2_x0_5']);
  writeModel(ONNX_MODEL, new Map([['squeezenet1_1.onnx', readFileSync(join(ONNX_DIR, 'squeezenet1_1.onnx'))], ['labels.txt', new TextEncoder().encode(Array.from({ length: 1000 }, (_, i) => `thing ${i}`).join('\n'))]]));
  writeModel('', new Map(REFUSED_ONNX.map(({ file, bytes }) => [file, bytes()])), ONNX_REFUSED_DIR);
}

export function writeModel(name: string, files: Map<string, Uint8Array>, under = join('dist', 'models')) {
  const out = join(under, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const [file, bytes] of files) writeFileSync(join(out, file), bytes);
}

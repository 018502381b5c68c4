import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertTflite } from '../scripts/tflite/convert.ts';
import { LABELS_SOURCE } from '../scripts/tflite/model-source.ts';
import { tinyClassifierModel } from '../scripts/tflite/tiny-models.ts';

export const TINY_MODEL = 'e2e-tiny';

/**
 * Most browser tests run a tiny generated model (same interface as Inception V3, seeded random
 * weights) so they take seconds, not minutes, on software WebGL; real-model.spec.ts runs the real one.
 * It goes through the same converter and is served by the app like any other model.
 */
export default function globalSetup(): void {
  const out = join('dist', 'models', TINY_MODEL);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const { files } = convertTflite(tinyClassifierModel(), readFileSync(LABELS_SOURCE, 'utf8'));
  for (const [name, bytes] of files) writeFileSync(join(out, name), bytes);
}

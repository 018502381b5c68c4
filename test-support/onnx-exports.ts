import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * torchvision classifiers exported by torch.onnx.export with PyTorch's own float64 vanilla and
 * guided-backprop maps (test-support/onnx_reference.py), made once into a gitignored folder and
 * made again when the script changes. Needs Debian's python3-torch, python3-torchvision and
 * python3-onnx (scripts/install-test-deps.sh).
 */

export const ONNX_DIR = join('tmp', 'onnx');
const SCRIPT = join('test-support', 'onnx_reference.py');
/** Debian's interpreter, which has torch: a `python3` earlier on PATH may be another one. */
const PYTHON = '/usr/bin/python3';

export const FAMILIES = ['resnet18', 'squeezenet1_1', 'mobilenet_v2', 'densenet121', 'mobilenet_v3_small', 'efficientnet_b0', 'shufflenet_v2_x0_5', 'googlenet'] as const;
export type Family = (typeof FAMILIES)[number];

export interface PytorchReference {
  onnx: Uint8Array;
  /** [1, 3, H, W] as PyTorch read it. */
  input: Float32Array;
  vanilla: Float32Array;
  guided: Float32Array;
  shape: [number, number, number, number];
  classIndex: number;
  top5: number[];
  /** The 99.9th percentile of |PyTorch float32 − float64| over the map's largest magnitude: this net's float32 noise. */
  float32Error: { vanilla: number; guided: number };
}

/** Exports the families whose files are missing or older than the script. */
export function ensureOnnxExports(families: readonly Family[] = FAMILIES): void {
  const hash = createHash('sha256').update(readFileSync(SCRIPT)).digest('hex').slice(0, 16);
  const stale = families.filter((f) => {
    const stamp = join(ONNX_DIR, `${f}.stamp`);
    return !existsSync(stamp) || readFileSync(stamp, 'utf8') !== hash || !existsSync(join(ONNX_DIR, `${f}.onnx`));
  });
  if (stale.length === 0) return;
  execFileSync(PYTHON, [SCRIPT, ONNX_DIR, ...stale], { stdio: 'inherit' });
  for (const f of stale) writeFileSync(join(ONNX_DIR, `${f}.stamp`), hash);
}

const floats = (path: string) => {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

export function pytorchReference(family: Family): PytorchReference {
  const at = (suffix: string) => join(ONNX_DIR, `${family}${suffix}`);
  const facts = JSON.parse(readFileSync(at('.json'), 'utf8')) as Pick<PytorchReference, 'shape' | 'classIndex' | 'top5' | 'float32Error'>;
  return { onnx: readFileSync(at('.onnx')), input: floats(at('.input.bin')), vanilla: floats(at('.vanilla.bin')), guided: floats(at('.guided.bin')), ...facts };
}

/** [1, C, H, W] -> [1, H, W, C]. */
export function nchwToNhwc(values: Float32Array, [, c, h, w]: readonly number[]): Float32Array {
  const out = new Float32Array(values.length);
  for (let ch = 0; ch < c!; ch++) for (let i = 0; i < h! * w!; i++) out[i * c! + ch] = values[ch * h! * w! + i]!;
  return out;
}

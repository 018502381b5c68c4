import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Torchvision models exported by torch.onnx.export (seeded random weights) that the benches time against PyTorch-CPU. */
export const PYTORCH_BENCH_MODELS = ['densenet201', 'resnet50'] as const;
export type PyTorchBenchModel = (typeof PYTORCH_BENCH_MODELS)[number];

/** Where the exports (`<name>.onnx`) and PyTorch's timings are written. */
export const PYTORCH_BENCH_DIR = join('tmp', 'onnx-bench');

/** PyTorch-CPU's times on this machine, per thread count: a forward pass, and the three maps (a forward and a backward pass each, float32). */
export interface PyTorchTimes {
  threads: Record<string, { threeMapsMs: number[]; forwardMs: number[] }>;
  torch: string;
}

/** Exports each model (test-support/onnx_reference.py --bench) and times PyTorch-CPU's three maps on it, with 1 and 2 threads. */
export function exportAndTimePyTorch(models: readonly string[]): Record<string, PyTorchTimes> {
  execFileSync('/usr/bin/python3', [join('test-support', 'onnx_reference.py'), PYTORCH_BENCH_DIR, '--bench', ...models], { stdio: 'inherit' });
  return Object.fromEntries(models.map((name) => [name, JSON.parse(readFileSync(join(PYTORCH_BENCH_DIR, `${name}.pytorch.json`), 'utf8')) as PyTorchTimes]));
}

/** An export exportAndTimePyTorch made, as its file's bytes. */
export const exportBytes = (name: string) => readFileSync(join(PYTORCH_BENCH_DIR, `${name}.onnx`));

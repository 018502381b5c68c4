import type { BackendName } from './engines.ts';

/**
 * Which engine runs the maps, chosen by measuring the real work on this device: one forward pass
 * and the first backward pass over it (the vanilla rule's, which also builds the max-pool masks),
 * with the model in use. WebAssembly starts first, so a cold visit's first maps never wait for GPU
 * compilation; each hardware GPU engine is then loaded, compiled and timed in a worker of its own,
 * and the page moves to whichever is fastest. A software GPU (SwiftShader, llvmpipe, a fallback
 * WebGPU adapter) is never tried: on the CPU, WebAssembly beats it ~10x.
 */

/** A GPU engine this browser offers on real hardware: worth timing against WebAssembly. */
export interface GpuCandidate {
  backend: Extract<BackendName, 'webgpu' | 'webgl'>;
  /** The adapter or renderer, as the browser names it. */
  device: string;
}

/** What the worker found: the hardware GPU engines, and why others were left out. */
export interface GpuProbe {
  candidates: GpuCandidate[];
  /** e.g. "WebGPU: a fallback (software) adapter, google swiftshader". */
  skipped: string[];
}

/** One engine's time for a forward and a backward pass, or why it could not be timed. */
export interface EngineTrial {
  backend: BackendName;
  device: string;
  passMs?: number;
  failed?: string;
}

/** The fastest engine measured; ties keep the earlier (the one already running). */
export function fastestEngine(trials: readonly EngineTrial[]): EngineTrial | undefined {
  return trials.reduce<EngineTrial | undefined>(
    (best, trial) => (trial.passMs !== undefined && (best?.passMs === undefined || trial.passMs < best.passMs) ? trial : best), undefined);
}

const ms = (value: number) => (value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);

/** "measured fastest here: webgpu 41 ms, wasm 880 ms a forward and a backward pass (webgl failed: ...)". */
export function describeTrials(trials: readonly EngineTrial[]): string {
  const timed = trials.filter((t) => t.passMs !== undefined).sort((a, b) => a.passMs! - b.passMs!);
  const failed = trials.filter((t) => t.failed);
  const times = timed.map((t) => `${t.backend} ${ms(t.passMs!)}`).join(', ');
  return `measured fastest here: ${times} for a forward and a backward pass${failed.length ? ` (${failed.map((t) => `${t.backend} failed: ${t.failed}`).join('; ')})` : ''}`;
}

/** The devices a choice was made for: the same browser with the same GPUs. */
export const deviceSignature = (candidates: readonly GpuCandidate[]) => candidates.map((c) => `${c.backend}: ${c.device}`).sort().join(' | ');

/** A choice kept for the next visit, valid for this app version on these GPUs. */
export interface EngineMemory {
  version: string;
  devices: string;
  backend: BackendName;
  trials: EngineTrial[];
  /** ISO date of the measurement. */
  measuredAt: string;
}

const MEMORY_KEY = 'saliency-lens:engine';

/** The choice kept for this app version, if any (a page without storage keeps none). */
export function readEngineMemory(storage: Pick<Storage, 'getItem'> | undefined, version: string): EngineMemory | undefined {
  try {
    const memory = JSON.parse(storage?.getItem(MEMORY_KEY) ?? 'null') as EngineMemory | null;
    return memory?.version === version && typeof memory.backend === 'string' && typeof memory.devices === 'string' ? memory : undefined;
  } catch {
    return undefined;
  }
}

export function writeEngineMemory(storage: Pick<Storage, 'setItem'> | undefined, memory: EngineMemory): void {
  try {
    storage?.setItem(MEMORY_KEY, JSON.stringify(memory));
  } catch {
    // Storage full or forbidden (private mode): the next visit measures again.
  }
}

export function forgetEngineMemory(storage: Pick<Storage, 'removeItem'> | undefined): void {
  try {
    storage?.removeItem(MEMORY_KEY);
  } catch {
    // Nothing kept.
  }
}

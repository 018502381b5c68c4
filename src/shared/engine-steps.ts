/**
 * The engines a worker can run, fastest first. A worker starts on the first; one that crashes while
 * starting, or twice in a row afterwards, is replaced by a worker on the next, so the page always
 * ends up on something that draws maps (the last step needs nothing but JavaScript).
 */
export const ENGINE_STEPS = [
  /**
   * The engine measured fastest on this device at an earlier visit, else WebAssembly (a thread per
   * core where the page is cross-origin isolated) while the hardware GPU engines, WebGPU then WebGL,
   * are timed against it (engine-choice.ts).
   */
  { id: 'fastest', label: 'the fastest engine for this browser' },
  /** WebAssembly on one thread: no SharedArrayBuffer, no thread pool. */
  { id: 'wasm-one-thread', label: 'single-threaded WebAssembly' },
  /** tfjs's plain JavaScript backend. */
  { id: 'cpu', label: 'the JavaScript (cpu) backend' },
] as const;

export type EngineStep = (typeof ENGINE_STEPS)[number]['id'];

/** Failures in a row, once the worker was ready, before a step is given up for the next one. */
export const FAILURES_PER_STEP = 2;

export interface RestartState {
  /** Index into ENGINE_STEPS. */
  step: number;
  /** Failures in this step since the last finished job. */
  failures: number;
}

/**
 * Where a failed worker restarts: in the same step after a first failure once it was ready (a lost
 * WebGL context, a one-off crash), in the next step after a failure while starting (threads or a
 * backend that cannot start here) or a repeated one; nowhere after the last step.
 */
export function afterFailure({ step, failures }: RestartState, wasReady: boolean): RestartState | 'give-up' {
  const failed = failures + 1;
  if (wasReady && failed < FAILURES_PER_STEP) return { step, failures: failed };
  return step + 1 < ENGINE_STEPS.length ? { step: step + 1, failures: 0 } : 'give-up';
}

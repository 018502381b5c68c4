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

/**
 * While its engine starts, a worker says it is alive this often. Starting blocks a worker only
 * briefly (a thread pool waits milliseconds for its threads); a worker silent for much longer is
 * stuck for good: under WebDriver BiDi automation, Firefox ESR 153 blocks a worker for ever, in one
 * start in four, inside the constructor of one of the eight thread workers WebAssembly's pool makes.
 */
export const ALIVE_EVERY_MS = 1000;
/** Silence while starting after which the page takes the worker for stuck. */
export const STARTING_SILENCE_MS = 10_000;

export interface RestartState {
  /** Index into ENGINE_STEPS. */
  step: number;
  /** Failures in this step since the last finished job. */
  failures: number;
}

/**
 * How a worker failed: once it was ready (a lost WebGL context, a one-off crash), while starting
 * (threads or a backend that cannot start here), or stuck while starting (a browser that at random
 * never finishes making a thread's worker: the same start may well work next time).
 */
export type Failure = 'once-ready' | 'while-starting' | 'stuck-starting';

/**
 * Where a failed worker restarts: in the same step after a first failure once ready or a first
 * stuck start, in the next step after a failure while starting or a repeated one; nowhere after the
 * last step.
 */
export function afterFailure({ step, failures }: RestartState, failure: Failure): RestartState | 'give-up' {
  const failed = failures + 1;
  if (failure !== 'while-starting' && failed < FAILURES_PER_STEP) return { step, failures: failed };
  return step + 1 < ENGINE_STEPS.length ? { step: step + 1, failures: 0 } : 'give-up';
}

import { describeTrials, deviceSignature, fastestEngine, writeEngineMemory, type EngineTrial, type GpuCandidate } from '../../shared/engine-choice.ts';
import type { BackendName } from '../../shared/engines.ts';
import type { FromWorker, ModelSource, ToWorker } from '../../shared/protocol.ts';
import type { PresetId } from '../../shared/preprocess.ts';

type Ready = Extract<FromWorker, { type: 'ready' }>;

/** How long a GPU engine may take to load the model, compile and time a pass before it counts as failed. */
const TRIAL_LIMIT_MS = 180_000;

export interface TrialHooks {
  /** A fresh worker of the app. */
  spawn: () => Worker;
  /** The model the page runs now: a trial made with another one is not adopted. */
  running: () => { model: ModelSource; preprocessing?: PresetId };
  /** The engines timed so far, and the one warming up. */
  report: (trials: EngineTrial[], warming?: BackendName) => void;
  /** Makes this warm worker the page's engine, saying why. */
  adopt: (worker: Worker, ready: Ready, reason: string) => void;
  /** Where the choice is kept for the next visit, and the app version it holds for. */
  storage: Storage | undefined;
  version: string;
}

/**
 * Times each hardware GPU engine against the engine the page started on (WebAssembly, already
 * drawing maps): one at a time, each in a worker of its own that loads the model, compiles and
 * times a forward and a backward pass; the page moves to a faster one as soon as it is known, and
 * keeps the choice for the next visit. Returns a function that stops the trials.
 */
export function timeGpuEngines(first: Ready, candidates: readonly GpuCandidate[], hooks: TrialHooks): () => void {
  let stopped = false;
  let current: Worker | undefined;
  const trials: EngineTrial[] = [{ backend: first.backend, device: first.renderer, passMs: first.passMs }];
  void (async () => {
    for (const candidate of candidates) {
      hooks.report([...trials], candidate.backend);
      const model = hooks.running();
      current = hooks.spawn();
      const outcome = await trial(current, { type: 'init', ...model, step: 'fastest', backend: candidate.backend, trial: true });
      if (stopped) return;
      const worker = current;
      current = undefined;
      trials.push({ backend: candidate.backend, device: 'ready' in outcome ? outcome.ready.renderer : candidate.device, ...('ready' in outcome ? { passMs: outcome.ready.passMs } : { failed: outcome.failed }) });
      const unchanged = hooks.running().model === model.model && hooks.running().preprocessing === model.preprocessing;
      if ('ready' in outcome && fastestEngine(trials) === trials.at(-1) && unchanged) hooks.adopt(worker, outcome.ready, describeTrials(trials));
      else worker.terminate();
    }
    hooks.report([...trials]);
    const best = fastestEngine(trials);
    if (best) writeEngineMemory(hooks.storage, { version: hooks.version, devices: deviceSignature(candidates), backend: best.backend, trials, measuredAt: new Date().toISOString() });
  })();
  return () => {
    stopped = true;
    current?.terminate();
  };
}

/** Starts a trial worker and waits for its timed pass, or for why it failed. */
function trial(worker: Worker, init: ToWorker): Promise<{ ready: Ready } | { failed: string }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ failed: `not ready within ${TRIAL_LIMIT_MS / 1000} s` }), TRIAL_LIMIT_MS);
    const settle = (outcome: { ready: Ready } | { failed: string }) => {
      clearTimeout(timer);
      worker.onmessage = null;
      worker.onerror = null;
      resolve(outcome);
    };
    worker.onmessage = ({ data }: MessageEvent<FromWorker>) => {
      if (data.type === 'ready') settle(data.passMs === undefined || data.warning ? { failed: data.warning ?? 'not timed' } : { ready: data });
      if (data.type === 'fatal' || data.type === 'lost') settle({ failed: data.message });
    };
    worker.onerror = (event) => {
      event.preventDefault();
      settle({ failed: event.message || 'the worker stopped' });
    };
    worker.postMessage(init);
  });
}

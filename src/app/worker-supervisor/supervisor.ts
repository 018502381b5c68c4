import { forgetEngineMemory, readEngineMemory } from '../../shared/engine-choice.ts';
import { ENGINE_STEPS } from '../../shared/engine-steps.ts';
import type { PresetId } from '../../shared/preprocess.ts';
import type { BackendName } from '../../shared/engines.ts';
import type { FromWorker, ModelSource } from '../../shared/protocol.ts';
import { initialSession, sessionReducer, type InputLabel, type JobRequest, type NewJob, type Session, type SessionEvent } from '../state/session.ts';
import { timeGpuEngines } from './engine-trials.ts';
import { initialEngine, transition, type Effect, type EngineEvent } from './engine-states.ts';
import { loadWatchdog } from './load-watchdog.ts';

export interface EngineOptions {
  /** The model to start with (the link's, else the bundled one). */
  model: ModelSource;
  /** The bundled model: what opens instead when the link's model cannot be used. */
  fallback: Extract<ModelSource, { kind: 'url' }>;
  /** The person's preprocessing for a model whose metadata does not fix one. */
  preprocessing?: PresetId;
  backend?: BackendName;
}

/** What the supervisor needs from the page: given, so that tests can hand it a fake worker. */
export interface PageHooks {
  /** A fresh worker of the app. */
  spawn: () => Worker;
  /** Where the engine measured fastest is kept for the next visit (none where the browser forbids it), and the app version it holds for. */
  storage: Storage | undefined;
  version: string;
  /** The first maps are drawn, or the engine is ready with nothing to draw: the offline cache is set up then. */
  settled: () => void;
}

export interface Supervisor {
  /** Starts the first worker; `close` ends it and whatever runs beside it. */
  open: () => void;
  close: () => void;
  /** Any job: a new image (or model), other classes or methods of the image on screen, its sanity check or faithfulness test. */
  submit: (job: NewJob, input: InputLabel) => void;
  /** Stops the running job; what it drew stays. */
  stop: () => void;
  /** Starts the worker again on the same engine, after a stalled download. */
  retry: () => void;
  /** The session as the page shows it, and a way to hear that it changed (React's useSyncExternalStore). */
  session: () => Session;
  subscribe: (listener: () => void) => () => void;
}

type Ready = Extract<FromWorker, { type: 'ready' }>;

/**
 * Owns the page's worker (one, model kept loaded) and the session state it feeds. The engine's
 * states and restarts are engine-states.ts's pure transition; this module does what it says:
 * starts and closes workers, arms the load watchdog, keeps the running job for a fresh worker to
 * pick up, and, once the first maps are drawn, times the hardware GPU engines (engine-trials.ts).
 */
export function superviseWorker(options: EngineOptions, hooks: PageHooks): Supervisor {
  let session = initialSession;
  const listeners = new Set<() => void>();
  let engine = initialEngine({ model: options.model, preprocessing: options.preprocessing });
  let worker: Worker | undefined;
  let nextJob = 1;
  /** The job running, if any: a fresh worker picks it up; one already finished is not run again. */
  let runningJob: JobRequest | undefined;
  let trialsPlanned = false;
  let startTrials: (() => void) | undefined;
  let stopTrials: (() => void) | undefined;
  const watchdog = loadWatchdog((stall) => handle({ type: 'silent', stall }));

  const tell = (event: SessionEvent) => {
    session = sessionReducer(session, event);
    listeners.forEach((listener) => listener());
  };

  const attach = (candidate: Worker) => {
    // A worker already replaced has nothing more to say.
    candidate.onmessage = (event: MessageEvent<FromWorker>) => {
      if (candidate === worker) handle(event.data);
    };
    candidate.onerror = (event) => {
      event.preventDefault();
      if (candidate === worker) handle({ type: 'crashed', error: event.message });
    };
    return candidate;
  };

  const perform = (effect: Effect) => {
    switch (effect.do) {
      case 'start': {
        worker?.terminate();
        worker = attach(hooks.spawn());
        const { step } = engine.restart;
        const remembered = step === 0 && !options.backend ? readEngineMemory(hooks.storage, hooks.version) : undefined;
        worker.postMessage({ type: 'init', ...engine.running, step: ENGINE_STEPS[step]!.id, backend: options.backend, remembered });
        if (runningJob) worker.postMessage(runningJob);
        return;
      }
      case 'close':
        worker?.terminate();
        worker = undefined;
        return;
      case 'watch':
        return watchdog.progress(effect.stall);
      case 'unwatch':
        return watchdog.stop();
      case 'forget-engine':
        return forgetEngineMemory(hooks.storage);
      case 'tell':
        return tell(effect.event);
    }
  };

  function handle(event: EngineEvent) {
    followJobs(event);
    const next = transition(engine, event, options.fallback);
    engine = next.state;
    next.effects.forEach(perform);
  }

  /** The running job, the offline cache and the GPU trials follow the jobs' ends. */
  function followJobs(event: EngineEvent) {
    if (event.type === 'ready') planTrials(event);
    const finished = event.type === 'done' || event.type === 'jobError';
    if (finished || (event.type === 'ready' && !runningJob)) hooks.settled();
    if (!finished) return;
    startTrials?.();
    startTrials = undefined;
    if (event.jobId === runningJob?.jobId) runningJob = undefined;
  }

  function planTrials(ready: Ready) {
    const candidates = ready.gpus?.candidates ?? [];
    if (ready.remembered) return tell({ type: 'engineTrials', trials: ready.remembered.trials });
    if (trialsPlanned || candidates.length === 0 || ready.passMs === undefined) return;
    trialsPlanned = true;
    // After the first maps: a GPU engine compiling meanwhile would compete with them for the CPU.
    startTrials = () => {
      stopTrials = timeGpuEngines(ready, candidates, {
        spawn: hooks.spawn, storage: hooks.storage, version: hooks.version, running: () => engine.running,
        report: (trials, warming) => tell({ type: 'engineTrials', trials, warming }),
        adopt: (warm, readyThere, reason) => {
          worker?.terminate();
          worker = attach(warm);
          handle({ type: 'adopted', ready: readyThere, reason });
          if (runningJob) warm.postMessage(runningJob);
        },
      });
    };
  }

  return {
    open: () => handle({ type: 'open' }),
    close: () => {
      watchdog.stop();
      stopTrials?.();
      perform({ do: 'close' });
    },
    submit: (job, input) => {
      const request = { ...job, jobId: nextJob++ } as JobRequest;
      // A camera's frame is transferred, so a fresh worker cannot be handed it again; the camera sends a newer one anyway.
      runningJob = request.type === 'frame' ? undefined : request;
      tell({ type: 'submitted', job: { request, input, startedAt: performance.now() } });
      worker?.postMessage(request, request.type === 'frame' ? [request.frame] : []);
    },
    stop: () => {
      runningJob = undefined;
      tell({ type: 'stopped' });
      worker?.postMessage({ type: 'stop', jobId: nextJob++ });
    },
    retry: () => handle({ type: 'retry' }),
    session: () => session,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

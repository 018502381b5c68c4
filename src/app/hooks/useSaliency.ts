import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { PresetId } from '../../shared/preprocess.ts';
import type { BackendName, FromWorker, ModelSource, ToWorker } from '../../shared/protocol.ts';
import { registerServiceWorker } from '../../offline/register.ts';
import { afterFailure, ENGINE_STEPS, STARTING_SILENCE_MS, type Failure, type RestartState } from '../../shared/engine-steps.ts';
import { forgetEngineMemory, readEngineMemory } from '../../shared/engine-choice.ts';
import { initialSession, sessionReducer, type InputLabel, type JobRequest, type NewJob } from '../state/session.ts';
import { timeGpuEngines } from '../worker-supervisor/engine-trials.ts';
import { DOWNLOAD_STALL_MS, loadWatchdog, WARM_UP_LIMIT_MS } from '../worker-supervisor/load-watchdog.ts';

/** This build's version: a choice of engine measured with another build is measured again. */
const APP_VERSION = __APP_VERSION__;

/** localStorage, unless the browser forbids it (sandboxed frames, some private modes): then nothing is kept. */
function localStorageIfAllowed(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export interface EngineOptions {
  /** The model to start with (the link's, else the bundled one). */
  model: ModelSource;
  /** The bundled model: what opens instead when the link's model cannot be used. */
  fallback: Extract<ModelSource, { kind: 'url' }>;
  /** The person's preprocessing for a model whose metadata does not fix one. */
  preprocessing?: PresetId;
  backend?: BackendName;
}

/** Another model, or another preprocessing, for an image. */
export interface ModelChange {
  model?: ModelSource;
  preprocessing?: PresetId;
}

/**
 * The worker (created once, model kept loaded) and the session state it feeds. The first worker
 * starts on the engine kept from an earlier visit, else on WebAssembly; hardware GPU engines found
 * then are timed against it in the background and the fastest takes over (engine-trials.ts). A worker that
 * crashes or loses its WebGL context or WebGPU device is replaced by a fresh one, which loads the model again (from
 * the browser's cache) and picks up the job that was running, and so is one that falls silent while
 * starting its engine (stuck for good); one that keeps failing, or fails while starting, is
 * replaced by one on the next engine step (single-threaded WebAssembly, then cpu), so the page
 * always ends up drawing maps. The offline cache is set up after the first maps.
 */
export function useSaliency(options: EngineOptions) {
  const [session, dispatch] = useReducer(sessionReducer, initialSession);
  const workerRef = useRef<Worker | null>(null);
  const nextJob = useRef(1);
  const lastJob = useRef<JobRequest | undefined>(undefined);
  /** The model the worker runs: a restarted worker loads it again. */
  const running = useRef({ model: options.model, preprocessing: options.preprocessing });
  /** Starts the worker again on the same engine (after a stalled download). */
  const retryRef = useRef(() => {});

  useEffect(() => {
    let restart: RestartState = { step: 0, failures: 0 };
    let ready = false;
    let trialsStarted = false;
    let startTrials: (() => void) | undefined;
    let stopTrials: (() => void) | undefined;
    const storage = localStorageIfAllowed();
    const watchdog = loadWatchdog((stall) => {
      if (stall === 'engine-start') return fail(`The computation worker stopped answering while its engine started (nothing for ${STARTING_SILENCE_MS / 1000} s).`, 'stuck-starting');
      if (stall === 'warm-up') return fail(`Warming up the engine made no progress for ${WARM_UP_LIMIT_MS / 60_000} minutes.`);
      workerRef.current?.terminate();
      dispatch({ type: 'stalled', message: `The model's download stopped: no data arrived for ${DOWNLOAD_STALL_MS / 1000} s. Check the connection, then retry.` });
    });
    const spawn = () => new Worker(new URL('../../worker/worker.ts', import.meta.url), { type: 'module', name: 'saliency' });
    const attach = (worker: Worker) => {
      worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        if (message.type === 'starting') {
          if (!ready) watchdog.progress('engine-start');
          return;
        }
        if (!ready && message.type === 'progress') watchdog.progress(message.stage);
        if (message.type === 'ready' || message.type === 'fatal' || message.type === 'lost') watchdog.stop();
        if (message.type === 'lost') return fail(message.message);
        if (message.type === 'fatal' && !ready && running.current.model.kind === 'url' && running.current.model.url !== options.fallback.url) {
          // A link's model that cannot be used leaves the page on the bundled one, saying why.
          worker.terminate();
          running.current = { model: options.fallback, preprocessing: undefined };
          dispatch({ type: 'modelRefused', message: `${message.message} The bundled model opened instead.` });
          return start();
        }
        if (message.type === 'ready') {
          ready = true;
          const candidates = message.gpus?.candidates ?? [];
          if (message.remembered) dispatch({ type: 'engineTrials', trials: message.remembered.trials });
          else if (!trialsStarted && candidates.length > 0 && message.passMs !== undefined) {
            trialsStarted = true;
            // After the first maps: a GPU engine compiling meanwhile would compete with them for the CPU.
            startTrials = () => {
              stopTrials = timeGpuEngines(message, candidates, {
                spawn, storage, version: APP_VERSION, running: () => running.current, adopt,
                report: (trials, warming) => dispatch({ type: 'engineTrials', trials, warming }),
              });
            };
          }
        }
        if (message.type === 'done' || message.type === 'jobError' || (message.type === 'ready' && !lastJob.current)) registerServiceWorker();
        if ((message.type === 'done' || message.type === 'jobError') && startTrials) {
          startTrials();
          startTrials = undefined;
        }
        if (message.type === 'model') running.current = { model: message.source ?? running.current.model, preprocessing: message.model.input.preprocessing };
        if (message.type === 'done') restart = { ...restart, failures: 0 };
        if ((message.type === 'done' || message.type === 'jobError') && message.jobId === lastJob.current?.jobId) lastJob.current = undefined;
        dispatch(message);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(`The computation worker stopped (${event.message || 'unknown error'}).`);
      };
    };
    const start = () => {
      const worker = spawn();
      workerRef.current = worker;
      ready = false;
      // Starting an engine (a thread pool, a GPU device) has the warm-up's limit; the download then reports its progress.
      watchdog.progress('warm-up');
      attach(worker);
      const remembered = restart.step === 0 && !options.backend ? readEngineMemory(storage, APP_VERSION) : undefined;
      post(worker, { type: 'init', ...running.current, step: ENGINE_STEPS[restart.step]!.id, backend: options.backend, remembered });
      // The running job, if any; a job already finished is not run again.
      if (lastJob.current) post(worker, lastJob.current);
    };
    /** A warm worker on an engine measured faster takes over; the running job, if any, goes on there. */
    const adopt = (worker: Worker, readyMessage: Extract<FromWorker, { type: 'ready' }>, reason: string) => {
      workerRef.current?.terminate();
      workerRef.current = worker;
      restart = { step: 0, failures: 0 };
      ready = true;
      attach(worker);
      dispatch({ ...readyMessage, reason });
      if (lastJob.current) post(worker, lastJob.current);
    };
    const fail = (why: string, failure: Failure = ready ? 'once-ready' : 'while-starting') => {
      watchdog.stop();
      workerRef.current?.terminate();
      const next = afterFailure(restart, failure);
      if (next === 'give-up') {
        dispatch({ type: 'fatal', message: `${why} Every engine this browser offers failed; reload the page to try again.` });
        return;
      }
      if (next.step !== restart.step) forgetEngineMemory(storage);
      const where = next.step === restart.step ? 'It was restarted' : `It was restarted on ${ENGINE_STEPS[next.step]!.label}`;
      restart = next;
      dispatch({ type: 'restarting', message: `${why} ${where}; the model is loading again.` });
      start();
    };
    start();
    retryRef.current = () => {
      dispatch({ type: 'retrying' });
      start();
    };
    return () => {
      watchdog.stop();
      stopTrials?.();
      workerRef.current?.terminate();
      workerRef.current = null;
    };
    // The engine is chosen once per page load (from the URL, else by measuring); changing it needs a reload.
  }, []);

  /** Any job: a new image (or model), other classes or methods of the image on screen, its sanity check or faithfulness test. */
  const submit = useCallback((job: NewJob, input: InputLabel) => {
    const request = { ...job, jobId: nextJob.current++ } as JobRequest;
    lastJob.current = request;
    dispatch({ type: 'submitted', job: { request, input, startedAt: performance.now() } });
    if (workerRef.current) post(workerRef.current, request);
  }, []);

  /** Stops the running job; what it drew stays. */
  const stop = useCallback(() => {
    lastJob.current = undefined;
    dispatch({ type: 'stopped' });
    if (workerRef.current) post(workerRef.current, { type: 'stop', jobId: nextJob.current++ });
  }, []);

  const retry = useCallback(() => retryRef.current(), []);

  return { session, submit, stop, retry };
}

function post(worker: Worker, message: ToWorker) {
  worker.postMessage(message);
}

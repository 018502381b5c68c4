import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { PresetId } from '../../shared/preprocess.ts';
import type { BackendName, Explanation, FromWorker, ModelSource, ToWorker } from '../../shared/protocol.ts';
import { afterFailure, ENGINE_STEPS, type RestartState } from '../../shared/engine-steps.ts';
import type { Method } from '../../shared/methods.ts';
import { initialSession, sessionReducer, type InputLabel, type PendingJob } from '../state/session.ts';

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

type JobMessage = Extract<ToWorker, { jobId: number }>;

/**
 * The worker (created once, model kept loaded) and the session state it feeds. A worker that
 * crashes or loses its WebGL context is replaced by a fresh one, which loads the model again (from
 * the browser's cache) and picks up the job that was running; one that keeps failing, or fails
 * while starting, is replaced by one on the next engine step (single-threaded WebAssembly, then
 * cpu), so the page always ends up drawing maps.
 */
export function useSaliency(options: EngineOptions) {
  const [session, dispatch] = useReducer(sessionReducer, initialSession);
  const workerRef = useRef<Worker | null>(null);
  const nextJob = useRef(1);
  const lastJob = useRef<JobMessage | undefined>(undefined);
  /** The model the worker runs: a restarted worker loads it again. */
  const running = useRef({ model: options.model, preprocessing: options.preprocessing });

  useEffect(() => {
    let restart: RestartState = { step: 0, failures: 0 };
    let ready = false;
    const start = () => {
      const worker = new Worker(new URL('../../worker/worker.ts', import.meta.url), { type: 'module', name: 'saliency' });
      workerRef.current = worker;
      ready = false;
      worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        if (message.type === 'lost') return fail(message.message);
        if (message.type === 'fatal' && !ready && running.current.model.kind === 'url' && running.current.model.url !== options.fallback.url) {
          // A link's model that cannot be used leaves the page on the bundled one, saying why.
          worker.terminate();
          running.current = { model: options.fallback, preprocessing: undefined };
          dispatch({ type: 'modelRefused', message: `${message.message} The bundled model opened instead.` });
          return start();
        }
        if (message.type === 'ready') ready = true;
        if (message.type === 'model') running.current = { model: message.source ?? running.current.model, preprocessing: message.model.input.preprocessing };
        if (message.type === 'done') restart = { ...restart, failures: 0 };
        if ((message.type === 'done' || message.type === 'jobError') && message.jobId === lastJob.current?.jobId) lastJob.current = undefined;
        dispatch(message);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(`The computation worker stopped (${event.message || 'unknown error'}).`);
      };
      post(worker, { type: 'init', ...running.current, step: ENGINE_STEPS[restart.step]!.id, backend: options.backend });
      // The running job, if any; a job already finished is not run again.
      if (lastJob.current) post(worker, lastJob.current);
    };
    const fail = (why: string) => {
      workerRef.current?.terminate();
      const next = afterFailure(restart, ready);
      if (next === 'give-up') {
        dispatch({ type: 'fatal', message: `${why} Every engine this browser offers failed; reload the page to try again.` });
        return;
      }
      const where = next.step === restart.step ? 'It was restarted' : `It was restarted on ${ENGINE_STEPS[next.step]!.label}`;
      restart = next;
      dispatch({ type: 'restarting', message: `${why} ${where}; the model is loading again.` });
      start();
    };
    start();
    return () => {
      workerRef.current?.terminate();
      workerRef.current = null;
    };
    // The engine is chosen once per page load (from the URL); changing it needs a reload.
  }, []);

  const submit = useCallback((message: JobMessage, job: Omit<PendingJob, 'id' | 'startedAt'>) => {
    lastJob.current = message;
    dispatch({ type: 'submitted', job: { id: message.jobId, ...job, startedAt: performance.now() } });
    if (workerRef.current) post(workerRef.current, message);
  }, []);

  /** A new image (or model): its top class (or classIndex), and a second class for the compare view if asked. */
  const analyze = useCallback((image: Blob, input: InputLabel, classIndex: number | undefined, explanation: Explanation, change: ModelChange = {}) => {
    const { compareIndex } = explanation;
    submit({ type: 'analyze', jobId: nextJob.current++, image, classIndex, ...change, ...explanation }, { kind: 'analyze', input, image, classIndex, compareIndex });
  }, [submit]);

  /** Other classes (or other methods) of the image on screen. */
  const explain = useCallback((classIndex: number, input: InputLabel, modelInput: Float32Array, explanation: Explanation) => {
    const { compareIndex } = explanation;
    submit({ type: 'explain', jobId: nextJob.current++, classIndex, input: modelInput, ...explanation }, { kind: 'explain', input, classIndex, compareIndex });
  }, [submit]);

  /** The sanity check of a class of the image on screen. */
  const sanityCheck = useCallback((classIndex: number, input: InputLabel, modelInput: Float32Array, methods: Method[], seed: number) => {
    submit({ type: 'sanity', jobId: nextJob.current++, classIndex, input: modelInput, methods, seed }, { kind: 'sanity', input, classIndex });
  }, [submit]);

  /** Stops the running job; what it drew stays. */
  const stop = useCallback(() => {
    lastJob.current = undefined;
    dispatch({ type: 'stopped' });
    if (workerRef.current) post(workerRef.current, { type: 'stop', jobId: nextJob.current++ });
  }, []);

  return { session, analyze, explain, sanityCheck, stop };
}

function post(worker: Worker, message: ToWorker) {
  worker.postMessage(message);
}

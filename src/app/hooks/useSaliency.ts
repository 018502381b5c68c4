import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { BackendName, CompareChoice, Explanation, FromWorker, ToWorker } from '../../shared/protocol.ts';
import { afterFailure, ENGINE_STEPS, type RestartState } from '../../shared/engine-steps.ts';
import type { Method } from '../../shared/methods.ts';
import { initialSession, sessionReducer, type InputLabel, type PendingJob } from '../state/session.ts';

export interface EngineOptions {
  /** The model's folder under the app's base URL, e.g. "model/". */
  modelDirectory: string;
  backend?: BackendName;
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
        if (message.type === 'ready') ready = true;
        if (message.type === 'done') restart = { ...restart, failures: 0 };
        if ((message.type === 'done' || message.type === 'jobError') && message.jobId === lastJob.current?.jobId) lastJob.current = undefined;
        dispatch(message);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(`The computation worker stopped (${event.message || 'unknown error'}).`);
      };
      const modelUrl = new URL(`${import.meta.env.BASE_URL}${options.modelDirectory}model.json`, document.baseURI).href;
      post(worker, { type: 'init', modelUrl, step: ENGINE_STEPS[restart.step]!.id, backend: options.backend });
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

  const submit = useCallback((message: JobMessage, job: { kind: PendingJob['kind']; input: InputLabel; classIndex?: number; compareIndex?: CompareChoice }) => {
    lastJob.current = message;
    dispatch({ type: 'submitted', job: { id: message.jobId, ...job, startedAt: performance.now() } });
    if (workerRef.current) post(workerRef.current, message);
  }, []);

  /** A new image: its top class (or classIndex), and a second class for the compare view if asked. */
  const analyze = useCallback((image: Blob, input: InputLabel, classIndex: number | undefined, explanation: Explanation) => {
    const { compareIndex } = explanation;
    submit({ type: 'analyze', jobId: nextJob.current++, image, classIndex, ...explanation }, { kind: 'analyze', input, classIndex, compareIndex });
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

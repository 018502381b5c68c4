import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { BackendName, FromWorker, Passes, ToWorker } from '../../shared/protocol.ts';
import { initialSession, sessionReducer, type InputLabel } from '../state/session.ts';

export interface EngineOptions {
  /** The model's folder under the app's base URL, e.g. "model/". */
  modelDirectory: string;
  backend?: BackendName;
  passes?: Passes;
}

/** The worker (created once, model kept loaded) and the session state it feeds. */
export function useSaliency(options: EngineOptions) {
  const [session, dispatch] = useReducer(sessionReducer, initialSession);
  const workerRef = useRef<Worker | null>(null);
  const nextJob = useRef(1);

  useEffect(() => {
    const worker = new Worker(new URL('../../worker/worker.ts', import.meta.url), { type: 'module', name: 'saliency' });
    workerRef.current = worker;
    worker.onmessage = (event: MessageEvent<FromWorker>) => dispatch(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      dispatch({ type: 'fatal', message: `The computation worker stopped: ${event.message || 'unknown error'}. Reload the page to restart it.` });
    };
    const modelUrl = new URL(`${import.meta.env.BASE_URL}${options.modelDirectory}model.json`, document.baseURI).href;
    post(worker, { type: 'init', modelUrl, backend: options.backend, passes: options.passes });
    return () => {
      worker.terminate();
      workerRef.current = null;
    };
    // The engine is chosen once per page load (from the URL); changing it needs a reload.
  }, []);

  const analyze = useCallback((image: Blob, input: InputLabel, classIndex?: number) => {
    const id = nextJob.current++;
    dispatch({ type: 'submitted', job: { id, kind: 'analyze', input, classIndex, startedAt: performance.now() } });
    if (workerRef.current) post(workerRef.current, { type: 'analyze', jobId: id, image, classIndex });
  }, []);

  const explain = useCallback((classIndex: number, input: InputLabel, modelInput: Float32Array) => {
    const id = nextJob.current++;
    dispatch({ type: 'submitted', job: { id, kind: 'explain', input, classIndex, startedAt: performance.now() } });
    if (workerRef.current) post(workerRef.current, { type: 'explain', jobId: id, classIndex, input: modelInput });
  }, []);

  return { session, analyze, explain };
}

function post(worker: Worker, message: ToWorker) {
  worker.postMessage(message);
}

import { useEffect, useState, useSyncExternalStore } from 'react';
import { registerServiceWorker } from '../../offline/register.ts';
import type { ModelSource } from '../../shared/protocol.ts';
import type { PresetId } from '../../shared/preprocess.ts';
import { superviseWorker, type EngineOptions } from '../worker-supervisor/supervisor.ts';

/** Another model, or another preprocessing, for an image. */
export interface ModelChange {
  model?: ModelSource;
  preprocessing?: PresetId;
}

/** localStorage, unless the browser forbids it (sandboxed frames, some private modes): then nothing is kept. */
function localStorageIfAllowed(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The worker and the session state it feeds, from the worker supervisor (worker-supervisor/). The
 * first worker starts on the engine kept from an earlier visit, else on WebAssembly; hardware GPU
 * engines found then are timed against it in the background and the fastest takes over. A worker
 * that crashes or loses its WebGL context or WebGPU device is replaced by a fresh one, which loads
 * the model again (from the browser's cache) and picks up the job that was running, and so is one
 * that falls silent while starting its engine (stuck for good); one that keeps failing, or fails
 * while starting, is replaced by one on the next engine step (single-threaded WebAssembly, then
 * cpu), so the page always ends up drawing maps. The offline cache is set up after the first maps.
 * The engine is chosen once per page load (from the URL, else by measuring); changing it needs a reload.
 */
export function useSaliency(options: EngineOptions) {
  const [supervisor] = useState(() => superviseWorker(options, {
    spawn: () => new Worker(new URL('../../worker/worker.ts', import.meta.url), { type: 'module', name: 'saliency' }),
    storage: localStorageIfAllowed(),
    // This build's version: a choice of engine measured with another build is measured again.
    version: __APP_VERSION__,
    settled: registerServiceWorker,
  }));
  useEffect(() => {
    supervisor.open();
    return supervisor.close;
  }, [supervisor]);
  const session = useSyncExternalStore(supervisor.subscribe, supervisor.session);
  return { session, submit: supervisor.submit, stop: supervisor.stop, retry: supervisor.retry };
}

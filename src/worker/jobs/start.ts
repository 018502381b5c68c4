import type { FromWorker, ToWorker } from '../../shared/protocol.ts';
import type { StartedEngine } from '../engine/backend.ts';
import { loadModel } from '../model/load-model.ts';
import { ModelInUse } from './model-in-use.ts';
import { timePass, warmUp } from './warm-up.ts';

/**
 * The model of an init message on a started engine: downloaded (its progress posted), warmed up,
 * and, where the page compares engines, timed; then `ready` says it all.
 */
export async function startModel(
  { model: source, preprocessing, trial }: Extract<ToWorker, { type: 'init' }>, engine: StartedEngine, post: (message: FromWorker) => void,
): Promise<ModelInUse> {
  const started = performance.now();
  post({ type: 'progress', fraction: 0 });
  const loaded = await loadModel(source, reportProgress(post));
  const loadMs = performance.now() - started;
  post({ type: 'progress', fraction: 1, stage: 'warm-up' });
  const warmStart = performance.now();
  await warmUp(loaded);
  const warmupMs = performance.now() - warmStart;
  // Timed where the page compares engines: a trial, or the engine that starts first on a device with GPUs not yet measured.
  const compared = trial || ((engine.gpus?.candidates.length ?? 0) > 0 && !engine.remembered);
  const passMs = compared ? await timePass(loaded) : undefined;
  const model = new ModelInUse(loaded, preprocessing);
  post({ type: 'ready', ...engine, loadMs, warmupMs, passMs, model: model.descriptor });
  return model;
}

/** A download's progress to the page, a percent at a time: a message per network chunk (hundreds) kept the page re-rendering. */
export function reportProgress(post: (message: FromWorker) => void): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    if (fraction < 1 && fraction - last < 0.01) return;
    last = fraction;
    post({ type: 'progress', fraction });
  };
}

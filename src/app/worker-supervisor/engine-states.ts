import { afterFailure, ENGINE_STEPS, STARTING_SILENCE_MS, type Failure, type RestartState } from '../../shared/engine-steps.ts';
import type { PresetId } from '../../shared/preprocess.ts';
import type { FromWorker, ModelSource } from '../../shared/protocol.ts';
import type { SessionEvent } from '../state/session.ts';
import { DOWNLOAD_STALL_MS, WARM_UP_LIMIT_MS, type Stall } from './load-watchdog.ts';

/**
 * The page's worker as a small state machine: what it is doing (phase), which engine step it runs
 * on and how often that step failed, and the model it runs (a fresh worker loads it again). The
 * transition is pure: it says what to do as data (effects), and supervisor.ts does it.
 */

export type Phase =
  /** A worker is starting its engine, loading the model and warming up, watched for silence. */
  | 'starting'
  /** The worker has the model and runs jobs. */
  | 'ready'
  /** The model's download stopped; the worker is closed until the person retries. */
  | 'stalled'
  /** The model cannot be used, or every engine failed: nothing runs until the page is reloaded. */
  | 'failed';

export interface Running {
  model: ModelSource;
  preprocessing?: PresetId;
}

export interface EngineState {
  phase: Phase;
  restart: RestartState;
  running: Running;
}

type Ready = Extract<FromWorker, { type: 'ready' }>;

/** What happens to the engine: the worker's messages, and what the page notices about it. */
export type EngineEvent =
  | FromWorker
  /** The page opens: its first worker starts. */
  | { type: 'open' }
  /** The worker threw, or its script could not run. */
  | { type: 'crashed'; error: string }
  /** The load watchdog heard nothing new for this stage's limit. */
  | { type: 'silent'; stall: Stall }
  | { type: 'retry' }
  /** A trial worker, warm on an engine measured faster, took over. */
  | { type: 'adopted'; ready: Ready; reason: string };

export type Effect =
  /** Close the worker, if any, and start a fresh one on the state's step and model; it picks up the running job. */
  | { do: 'start' }
  | { do: 'close' }
  /** Re-arm the load watchdog for this stage, or stop it. */
  | { do: 'watch'; stall: Stall }
  | { do: 'unwatch' }
  /** The engine kept from an earlier visit failed here: measure again next time. */
  | { do: 'forget-engine' }
  /** News for the page's session. */
  | { do: 'tell'; event: SessionEvent };

export interface Transition {
  state: EngineState;
  effects: Effect[];
}

export const initialEngine = (running: Running): EngineState => ({ phase: 'starting', restart: { step: 0, failures: 0 }, running });

const tell = (event: SessionEvent): Effect => ({ do: 'tell', event });
/** Starting an engine (a thread pool, a GPU device) has the warm-up's limit; the download then reports its progress. */
const START: Effect[] = [{ do: 'start' }, { do: 'watch', stall: 'warm-up' }];

/** What the watchdog's silence at each stage means. */
const SILENCE: Record<Exclude<Stall, 'download'>, { why: string; failure?: Failure }> = {
  'engine-start': { why: `The computation worker stopped answering while its engine started (nothing for ${STARTING_SILENCE_MS / 1000} s).`, failure: 'stuck-starting' },
  'warm-up': { why: `Warming up the engine made no progress for ${WARM_UP_LIMIT_MS / 60_000} minutes.` },
};

/**
 * The next state and what to do, for an event in a state. `bundled` is the app's own model: a
 * link's model that cannot be used gives way to it.
 */
export function transition(state: EngineState, event: EngineEvent, bundled: Extract<ModelSource, { kind: 'url' }>): Transition {
  const { phase, running } = state;
  if (phase === 'failed') return { state, effects: [] };
  const starting = phase === 'starting';
  switch (event.type) {
    case 'open':
      return { state: { ...state, phase: 'starting' }, effects: START };
    case 'starting':
      return { state, effects: starting ? [{ do: 'watch', stall: 'engine-start' }] : [] };
    case 'progress':
      return { state, effects: [...(starting ? [{ do: 'watch', stall: event.stage ?? 'download' } as const] : []), tell(event)] };
    case 'ready':
      return { state: { ...state, phase: 'ready' }, effects: [{ do: 'unwatch' }, tell(event)] };
    case 'adopted':
      return { state: { ...state, phase: 'ready', restart: { step: 0, failures: 0 } }, effects: [{ do: 'unwatch' }, tell({ ...event.ready, reason: event.reason })] };
    case 'fatal': {
      const refusedLink = starting && running.model.kind === 'url' && running.model.url !== bundled.url;
      if (!refusedLink) return { state: { ...state, phase: 'failed' }, effects: [{ do: 'unwatch' }, tell(event)] };
      // A link's model that cannot be used leaves the page on the bundled one, saying why.
      return {
        state: { ...state, running: { model: bundled } },
        effects: [{ do: 'unwatch' }, tell({ type: 'modelRefused', message: `${event.message} The bundled model opened instead.` }), ...START],
      };
    }
    case 'lost':
      return fail(state, event.message);
    case 'crashed':
      return fail(state, `The computation worker stopped (${event.error || 'unknown error'}).`);
    case 'silent': {
      if (!starting) return { state, effects: [] };
      if (event.stall !== 'download') return fail(state, SILENCE[event.stall].why, SILENCE[event.stall].failure);
      const message = `The model's download stopped: no data arrived for ${DOWNLOAD_STALL_MS / 1000} s. Check the connection, then retry.`;
      return { state: { ...state, phase: 'stalled' }, effects: [{ do: 'close' }, tell({ type: 'stalled', message })] };
    }
    case 'retry':
      return phase === 'stalled' ? { state: { ...state, phase: 'starting' }, effects: [tell({ type: 'retrying' }), ...START] } : { state, effects: [] };
    case 'model':
      return { state: { ...state, running: { model: event.source ?? running.model, preprocessing: event.model.input.preprocessing } }, effects: [tell(event)] };
    case 'done':
      return { state: { ...state, restart: { ...state.restart, failures: 0 } }, effects: [tell(event)] };
    default:
      return { state, effects: [tell(event)] };
  }
}

/**
 * A worker that failed is closed and replaced: on the same engine step after a first failure once
 * ready or a first stuck start, on the next after a failure while starting or a repeated one
 * (engine-steps.ts); after the last step the page gives up.
 */
function fail(state: EngineState, why: string, failure: Failure = state.phase === 'ready' ? 'once-ready' : 'while-starting'): Transition {
  const next = afterFailure(state.restart, failure);
  if (next === 'give-up') {
    const message = `${why} Every engine this browser offers failed; reload the page to try again.`;
    return { state: { ...state, phase: 'failed' }, effects: [{ do: 'unwatch' }, { do: 'close' }, tell({ type: 'fatal', message })] };
  }
  const moved = next.step !== state.restart.step;
  const where = moved ? `It was restarted on ${ENGINE_STEPS[next.step]!.label}` : 'It was restarted';
  return {
    state: { ...state, phase: 'starting', restart: next },
    effects: [{ do: 'unwatch' }, ...(moved ? [{ do: 'forget-engine' } as const] : []), tell({ type: 'restarting', message: `${why} ${where}; the model is loading again.` }), ...START],
  };
}

import { describe, expect, it } from 'vitest';
import type { FromWorker, ModelSource } from '../../shared/protocol.ts';
import { initialEngine, transition, type Effect, type EngineEvent, type EngineState } from './engine-states.ts';

const BUNDLED = { kind: 'url', url: '/model/model.json' } as const;
const LINKED: ModelSource = { kind: 'url', url: '/models/theirs/model.json' };
const ready = { type: 'ready', backend: 'wasm', renderer: '', reason: '', threads: 1, threadsReason: '', loadMs: 1, warmupMs: 1, model: {} } as unknown as FromWorker;
const done: EngineEvent = { type: 'done', jobId: 1, totalMs: 1, tensors: 0, bytes: 0 };
const lost: EngineEvent = { type: 'lost', message: 'The WebGL context was lost.' };

/** Runs events from a state: the last state, and each event's effects in short (a session's news by its type). */
function run(events: EngineEvent[], from: EngineState = initialEngine({ model: BUNDLED })) {
  let state = from;
  const effects: string[][] = [];
  for (const event of events) {
    const next = transition(state, event, BUNDLED);
    state = next.state;
    effects.push(next.effects.map(short));
  }
  return { state, effects };
}
const short = (effect: Effect) => (effect.do === 'tell' ? `tell ${effect.event.type}` : effect.do === 'watch' ? `watch ${effect.stall}` : effect.do);
/** The messages the session is told on the way. */
const told = (events: EngineEvent[], from?: EngineState) => {
  let state = from ?? initialEngine({ model: BUNDLED });
  const messages: string[] = [];
  for (const event of events) {
    const next = transition(state, event, BUNDLED);
    state = next.state;
    for (const effect of next.effects) if (effect.do === 'tell' && 'message' in effect.event) messages.push(effect.event.message);
  }
  return messages;
};

describe('the engine state machine', () => {
  it('starts a worker under the warm-up limit, then watches the engine start, the download and the warm-up until ready', () => {
    const { state, effects } = run([{ type: 'open' }, { type: 'starting' }, { type: 'progress', fraction: 0.5 }, { type: 'progress', fraction: 1, stage: 'warm-up' }, ready, { type: 'starting' }]);
    expect(effects).toEqual([
      ['start', 'watch warm-up'],
      ['watch engine-start'],
      ['watch download', 'tell progress'],
      ['watch warm-up', 'tell progress'],
      ['unwatch', 'tell ready'],
      [],
    ]);
    expect(state.phase).toBe('ready');
  });

  it('a worker that fails once ready is restarted on the same engine; a second failure before a finished job moves down a step', () => {
    const first = run([{ type: 'open' }, ready, lost]);
    expect(first.effects[2]).toEqual(['unwatch', 'tell restarting', 'start', 'watch warm-up']);
    expect(first.state).toMatchObject({ phase: 'starting', restart: { step: 0, failures: 1 } });
    const second = run([ready, lost], first.state);
    expect(second.effects[1]).toEqual(['unwatch', 'forget-engine', 'tell restarting', 'start', 'watch warm-up']);
    expect(second.state.restart).toEqual({ step: 1, failures: 0 });
    expect(told([ready, lost], first.state)).toEqual(['The WebGL context was lost. It was restarted on single-threaded WebAssembly; the model is loading again.']);
    // A finished job in between: the count starts again.
    expect(run([ready, done, lost], first.state).state.restart).toEqual({ step: 0, failures: 1 });
  });

  it('a worker that fails while starting moves down a step at once; after the last step the page gives up', () => {
    const crashed: EngineEvent = { type: 'crashed', error: '' };
    const once = run([{ type: 'open' }, crashed]);
    expect(once.state.restart).toEqual({ step: 1, failures: 0 });
    expect(told([{ type: 'open' }, crashed])).toEqual(['The computation worker stopped (unknown error). It was restarted on single-threaded WebAssembly; the model is loading again.']);
    const last = run([crashed, crashed], once.state);
    expect(last.effects[1]).toEqual(['unwatch', 'close', 'tell fatal']);
    expect(last.state.phase).toBe('failed');
    expect(told([crashed], last.state)).toEqual([]);
    expect(run([ready, lost, { type: 'retry' }], last.state).effects).toEqual([[], [], []]);
  });

  it('a start that falls silent gets a second try on the same engine, then the next step; a silent warm-up moves down at once', () => {
    const silent: EngineEvent = { type: 'silent', stall: 'engine-start' };
    const once = run([{ type: 'open' }, { type: 'starting' }, silent]);
    expect(once.state.restart).toEqual({ step: 0, failures: 1 });
    expect(told([silent])).toEqual(['The computation worker stopped answering while its engine started (nothing for 10 s). It was restarted; the model is loading again.']);
    expect(run([silent], once.state).state.restart).toEqual({ step: 1, failures: 0 });
    expect(run([{ type: 'silent', stall: 'warm-up' }]).state.restart).toEqual({ step: 1, failures: 0 });
    // The watchdog is stopped once ready: a late stall changes nothing.
    expect(run([ready, silent]).effects[1]).toEqual([]);
  });

  it('a stalled download closes the worker and waits for Retry, which starts one on the same engine', () => {
    const stalled = run([{ type: 'open' }, { type: 'progress', fraction: 0.3 }, { type: 'silent', stall: 'download' }]);
    expect(stalled.effects[2]).toEqual(['close', 'tell stalled']);
    expect(stalled.state).toMatchObject({ phase: 'stalled', restart: { step: 0, failures: 0 } });
    const retried = run([{ type: 'retry' }], stalled.state);
    expect(retried.effects[0]).toEqual(['tell retrying', 'start', 'watch warm-up']);
    expect(retried.state.phase).toBe('starting');
    expect(run([{ type: 'retry' }]).effects[0]).toEqual([]);
  });

  it('a link\'s model that cannot be used gives way to the bundled one; the bundled one failing is the end', () => {
    const linked = initialEngine({ model: LINKED, preprocessing: 'imagenet' });
    const fatal: EngineEvent = { type: 'fatal', message: 'model.json is not a TF.js model.' };
    const refused = run([fatal], linked);
    expect(refused.effects[0]).toEqual(['unwatch', 'tell modelRefused', 'start', 'watch warm-up']);
    expect(refused.state).toMatchObject({ phase: 'starting', running: { model: BUNDLED } });
    expect(refused.state.running.preprocessing).toBeUndefined();
    expect(told([fatal], linked)).toEqual(['model.json is not a TF.js model. The bundled model opened instead.']);
    const end = run([fatal], refused.state);
    expect(end.effects[0]).toEqual(['unwatch', 'tell fatal']);
    expect(end.state.phase).toBe('failed');
  });

  it('keeps the model the worker says it runs, for a fresh worker to load again', () => {
    const files: ModelSource = { kind: 'files', files: [] };
    const { state } = run([ready, { type: 'model', model: { input: { preprocessing: 'imagenet' } } as never, source: files }]);
    expect(state.running).toEqual({ model: files, preprocessing: 'imagenet' });
    const same = run([{ type: 'model', model: { input: { preprocessing: 'imagenet' } } as never }], state);
    expect(same.state.running).toEqual({ model: files, preprocessing: 'imagenet' });
  });

  it('passes the jobs\' news to the session in every phase but the last', () => {
    const news: EngineEvent = { type: 'classes', jobId: 3, classes: [1] };
    expect(run([news]).effects[0]).toEqual(['tell classes']);
    expect(run([ready, news]).effects[1]).toEqual(['tell classes']);
  });
});

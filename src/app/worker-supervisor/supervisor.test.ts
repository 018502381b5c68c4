import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeEngineMemory, type EngineMemory } from '../../shared/engine-choice.ts';
import { STARTING_SILENCE_MS } from '../../shared/engine-steps.ts';
import type { FromWorker, ToWorker } from '../../shared/protocol.ts';
import { SETTINGS_DEFAULTS } from '../../shared/map-settings.ts';
import type { NewJob } from '../state/session.ts';
import { DOWNLOAD_STALL_MS } from './load-watchdog.ts';
import { superviseWorker } from './supervisor.ts';

/** Stands in for the app's worker: keeps what it is sent, says what a test makes it say. */
class FakeWorker {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  posted: ToWorker[] = [];
  terminated = false;
  transferred: Transferable[][] = [];
  postMessage(message: ToWorker, transfer: Transferable[] = []) {
    this.posted.push(message);
    this.transferred.push(transfer);
  }
  terminate() {
    this.terminated = true;
  }
  say(message: FromWorker) {
    this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault: () => {} } as ErrorEvent);
  }
}

type Ready = Extract<FromWorker, { type: 'ready' }>;
const ready = (extra: Partial<Ready> = {}): Ready => ({
  type: 'ready', backend: 'wasm', renderer: 'wasm device', reason: 'it starts at once', threads: 1, threadsReason: '', loadMs: 1, warmupMs: 1, model: {} as Ready['model'], ...extra,
});
const done = (jobId: number): FromWorker => ({ type: 'done', jobId, totalMs: 5, tensors: 10, bytes: 100 });
const BUNDLED = { kind: 'url', url: '/model/model.json' } as const;
const NEW_IMAGE: Extract<NewJob, { type: 'analyze' }> = { type: 'analyze', image: new Blob(['dog']), methods: ['vanilla'], settings: SETTINGS_DEFAULTS };

function supervised(kept?: EngineMemory) {
  const workers: FakeWorker[] = [];
  const items = new Map<string, string>();
  const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) } as Storage;
  if (kept) writeEngineMemory(storage, kept);
  const settled = vi.fn();
  const supervisor = superviseWorker({ model: BUNDLED, fallback: BUNDLED }, {
    spawn: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    storage, version: 'v1', settled,
  });
  const changes = vi.fn();
  supervisor.subscribe(changes);
  supervisor.open();
  return { supervisor, workers, latest: () => workers.at(-1)!, storage, settled, changes };
}

afterEach(() => vi.useRealTimers());

describe('the worker supervisor', () => {
  it('starts a worker on the engine kept from an earlier visit, hands it the job, and the session follows what it says', () => {
    const kept: EngineMemory = { version: 'v1', devices: 'webgl: a GPU', backend: 'webgl', trials: [], measuredAt: '2026-12-01' };
    const { supervisor, latest, changes, settled } = supervised(kept);
    supervisor.submit(NEW_IMAGE, { name: 'example: dog' });
    const job = supervisor.session().job!;
    expect(latest().posted).toEqual([{ type: 'init', model: BUNDLED, preprocessing: undefined, step: 'fastest', backend: undefined, remembered: kept }, job.request]);
    expect(job.request).toEqual({ ...NEW_IMAGE, jobId: 1 });
    latest().say(ready());
    expect(supervisor.session().engine.phase).toBe('ready');
    expect(changes).toHaveBeenCalled();
    expect(settled).not.toHaveBeenCalled();
    latest().say(done(1));
    expect(supervisor.session().job).toBeUndefined();
    expect(settled).toHaveBeenCalled();
  });

  it('replaces a worker that is lost, and the fresh one picks up the running job; a finished job is not run again', () => {
    const { supervisor, workers, latest } = supervised();
    latest().say(ready());
    supervisor.submit(NEW_IMAGE, { name: 'dog' });
    const request = supervisor.session().job!.request;
    workers[0]!.say({ type: 'lost', message: 'The WebGL context was lost.' });
    expect(workers[0]!.terminated).toBe(true);
    expect(supervisor.session().restartNotice).toBe('The WebGL context was lost. It was restarted; the model is loading again.');
    expect(workers[1]!.posted.map((m) => m.type)).toEqual(['init', 'analyze']);
    expect(workers[1]!.posted[1]).toBe(request);
    // The old worker's late news never reaches the page.
    workers[0]!.say(done(1));
    expect(supervisor.session().job).toBeDefined();
    workers[1]!.say(ready());
    workers[1]!.say(done(1));
    workers[1]!.crash('out of memory');
    expect(workers[2]!.posted.map((m) => m.type)).toEqual(['init']);
    // The finished job reset the count: the same engine again.
    expect(workers[2]!.posted[0]).toMatchObject({ step: 'fastest' });
    expect(supervisor.session().restartNotice).toBe('The computation worker stopped (out of memory). It was restarted; the model is loading again.');
  });

  it('transfers a camera frame, and a fresh worker is not handed it again (it was moved, not copied)', () => {
    const { supervisor, workers, latest } = supervised();
    latest().say(ready());
    const frame = { width: 640 } as unknown as ImageBitmap;
    supervisor.submit({ type: 'frame', frame, methods: ['gradcam'], settings: SETTINGS_DEFAULTS }, { name: 'camera' });
    expect(workers[0]!.posted.at(-1)).toMatchObject({ type: 'frame', jobId: 1 });
    expect(workers[0]!.transferred.at(-1)).toEqual([frame]);
    workers[0]!.crash('out of memory');
    expect(workers[1]!.posted.map((m) => m.type)).toEqual(['init']);
  });

  it('moves down the engine steps, forgetting the kept engine, when a worker fails while starting', () => {
    const kept: EngineMemory = { version: 'v1', devices: 'webgl: a GPU', backend: 'webgl', trials: [], measuredAt: '2026-12-01' };
    const { workers, latest, storage } = supervised(kept);
    latest().say({ type: 'lost', message: 'WebGL could not start.' });
    expect(workers[1]!.posted[0]).toMatchObject({ type: 'init', step: 'wasm-one-thread', remembered: undefined });
    expect(storage.getItem('saliency-lens:engine')).toBeNull();
  });

  it('replaces a worker that falls silent while starting its engine', () => {
    vi.useFakeTimers();
    const { supervisor, workers, latest } = supervised();
    for (let second = 0; second < 30; second++) {
      latest().say({ type: 'starting' });
      vi.advanceTimersByTime(1000);
    }
    expect(workers).toHaveLength(1);
    vi.advanceTimersByTime(STARTING_SILENCE_MS);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(supervisor.session().restartNotice).toContain('stopped answering while its engine started');
  });

  it('closes a worker whose download stalls, and Retry starts another', () => {
    vi.useFakeTimers();
    const { supervisor, workers, latest } = supervised();
    latest().say({ type: 'progress', fraction: 0.4 });
    vi.advanceTimersByTime(DOWNLOAD_STALL_MS);
    expect(workers[0]!.terminated).toBe(true);
    expect(supervisor.session().engine).toEqual({ phase: 'stalled', message: 'The model\'s download stopped: no data arrived for 30 s. Check the connection, then retry.' });
    supervisor.retry();
    expect(supervisor.session().engine).toEqual({ phase: 'loading', fraction: 0 });
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted[0]!.type).toBe('init');
  });

  it('times a hardware GPU engine once the first maps are drawn, and a faster one takes over with the running job', async () => {
    const { supervisor, workers, latest } = supervised();
    latest().say(ready({ passMs: 900, gpus: { candidates: [{ backend: 'webgl', device: 'a GPU' }], skipped: [] } }));
    supervisor.submit(NEW_IMAGE, { name: 'dog' });
    expect(workers).toHaveLength(1);
    latest().say(done(1));
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted[0]).toMatchObject({ type: 'init', backend: 'webgl', trial: true });
    expect(supervisor.session().engineTrials?.warming).toBe('webgl');
    supervisor.submit({ ...NEW_IMAGE, classIndex: 7 }, { name: 'dog' });
    workers[1]!.say(ready({ backend: 'webgl', renderer: 'a GPU', passMs: 30 }));
    await vi.waitFor(() => expect(supervisor.session().engine).toMatchObject({ backend: 'webgl' }));
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.terminated).toBe(false);
    expect(workers[1]!.posted.at(-1)).toEqual({ ...NEW_IMAGE, classIndex: 7, jobId: 2 });
    expect(supervisor.session().engine).toMatchObject({ reason: 'measured fastest here: webgl 30.0 ms, wasm 900 ms for a forward and a backward pass' });
    workers[1]!.say(done(2));
    expect(supervisor.session().job).toBeUndefined();
  });

  it('stops the running job: the worker is told, and what was drawn stays', () => {
    const { supervisor, latest } = supervised();
    latest().say(ready());
    supervisor.submit(NEW_IMAGE, { name: 'dog' });
    supervisor.stop();
    expect(latest().posted.at(-1)).toEqual({ type: 'stop', jobId: 2 });
    expect(supervisor.session().job).toBeUndefined();
    latest().crash('');
    expect(latest().posted.map((m) => m.type)).toEqual(['init']);
  });
});

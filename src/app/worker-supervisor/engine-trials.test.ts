import { describe, expect, it, vi } from 'vitest';
import { readEngineMemory, type EngineTrial } from '../../shared/engine-choice.ts';
import type { FromWorker, ModelSource, ToWorker } from '../../shared/protocol.ts';
import { timeGpuEngines } from './engine-trials.ts';

type Ready = Extract<FromWorker, { type: 'ready' }>;

/** A worker that answers init as a trial worker on that backend would: ready with its timed pass, or a failure. */
class FakeWorker {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  constructor(private readonly answers: Partial<Record<string, number | string>>) {}
  postMessage(message: ToWorker) {
    if (message.type !== 'init') return;
    const answer = this.answers[message.backend!];
    setTimeout(() => this.onmessage?.({ data: typeof answer === 'number'
      ? ready(message.backend!, answer)
      : { type: 'fatal', message: answer ?? 'no such backend' } } as MessageEvent<FromWorker>));
  }
  terminate() {
    this.terminated = true;
  }
}

const ready = (backend: Ready['backend'], passMs: number): Ready => ({
  type: 'ready', backend, renderer: `${backend} device`, reason: '', threads: 1, threadsReason: '', loadMs: 1, warmupMs: 1, passMs,
  model: {} as Ready['model'],
});

function run(first: number, answers: Partial<Record<string, number | string>>, candidates: ('webgpu' | 'webgl')[] = ['webgpu', 'webgl']) {
  const workers: FakeWorker[] = [];
  const items = new Map<string, string>();
  const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) } as Storage;
  const model: { model: ModelSource } = { model: { kind: 'url', url: 'model/model.json' } };
  const adopt = vi.fn();
  const reports: { trials: EngineTrial[]; warming?: string }[] = [];
  let finished!: () => void;
  const done = new Promise<void>((resolve) => { finished = resolve; });
  timeGpuEngines(ready('wasm', first), candidates.map((backend) => ({ backend, device: `${backend} device` })), {
    spawn: () => { const w = new FakeWorker(answers); workers.push(w); return w as unknown as Worker; },
    running: () => model, adopt, storage, version: 'v1',
    report: (trials, warming) => { reports.push({ trials, warming }); if (!warming) finished(); },
  });
  return { workers, adopt, reports, done, storage };
}

describe('timeGpuEngines', () => {
  it('moves to a GPU engine measured faster, then to a faster one still, and keeps the fastest for the next visit', async () => {
    const { workers, adopt, reports, done, storage } = run(900, { webgpu: 40, webgl: 30 });
    await done;
    expect(reports.map((r) => r.warming)).toEqual(['webgpu', 'webgl', undefined]);
    expect(adopt).toHaveBeenCalledTimes(2);
    expect(adopt.mock.calls[0]![0]).toBe(workers[0]);
    expect(adopt.mock.calls[0]![2]).toBe('measured fastest here: webgpu 40.0 ms, wasm 900 ms for a forward and a backward pass');
    expect(adopt.mock.calls[1]![0]).toBe(workers[1]);
    expect(workers.every((w) => !w.terminated)).toBe(true); // the page terminates the worker it leaves
    const kept = readEngineMemory(storage, 'v1')!;
    expect(kept.backend).toBe('webgl');
    expect(kept.devices).toBe('webgl: webgl device | webgpu: webgpu device');
    expect(kept.trials.map((t) => [t.backend, t.passMs])).toEqual([['wasm', 900], ['webgpu', 40], ['webgl', 30]]);
  });

  it('stays on WebAssembly when it is faster, closing the GPU workers, and says why an engine failed', async () => {
    const r = run(50, { webgpu: 480, webgl: 'The WebGL context was lost.' });
    await r.done;
    expect(r.adopt).not.toHaveBeenCalled();
    expect(r.workers.map((w) => w.terminated)).toEqual([true, true]);
    expect(r.reports.at(-1)!.trials).toEqual([
      { backend: 'wasm', device: 'wasm device', passMs: 50 },
      { backend: 'webgpu', device: 'webgpu device', passMs: 480 },
      { backend: 'webgl', device: 'webgl device', failed: 'The WebGL context was lost.' },
    ]);
    expect(readEngineMemory(r.storage, 'v1')!.backend).toBe('wasm');
  });
});

import { describe, expect, it } from 'vitest';
import { framePump, MEASURED_FRAMES, type LiveMeasure } from './frame-pump.ts';

/** A pump on a hand-set clock, with frames that say whether they were closed. */
function setUp() {
  const clock = { now: 0 };
  const sent: { id: number; closed: boolean }[] = [];
  const made: { id: number; closed: boolean }[] = [];
  const measures: LiveMeasure[] = [];
  let release: (() => void) | undefined;
  const hooks = {
    capture: async () => {
      const frame = { id: made.length, closed: false };
      made.push(frame);
      if (hooks.slow) await new Promise<void>((resolve) => (release = resolve));
      return { close: () => (frame.closed = true), id: frame.id } as unknown as ImageBitmap;
    },
    send: (frame: ImageBitmap) => sent.push(made[(frame as unknown as { id: number }).id]!),
    now: () => clock.now,
    measured: (m: LiveMeasure) => measures.push(m),
    slow: false,
  };
  return { pump: framePump(hooks), hooks, clock, sent, made, measures, release: () => release?.() };
}

describe('frame pump', () => {
  it('sends a frame only when the worker is idle, and measures rate and latency from capture to drawing', async () => {
    const { pump, clock, sent, measures } = setUp();
    pump.start();
    await pump.idle(false);
    expect(sent).toHaveLength(1);
    clock.now = 300;
    await pump.idle(true);
    expect(measures.at(-1)).toEqual({ frames: 1, mapsPerSecond: undefined, latencyMs: 300 });
    clock.now = 650;
    await pump.idle(true);
    // Two frames drawn at 300 and 650 ms: one interval of 350 ms; latencies 300 and 350 ms.
    expect(measures.at(-1)!.frames).toBe(2);
    expect(measures.at(-1)!.mapsPerSecond).toBeCloseTo(1000 / 350, 9);
    expect(measures.at(-1)!.latencyMs).toBe(325);
    expect(sent).toHaveLength(3);
  });
  it('measures over the last frames only', async () => {
    const { pump, clock, measures } = setUp();
    pump.start();
    await pump.idle(false);
    // Twenty frames at 1 s each, then frames at 250 ms: the rate follows the recent ones.
    for (let i = 0; i < 20; i++) { clock.now += 1000; await pump.idle(true); }
    expect(measures.at(-1)!.mapsPerSecond).toBeCloseTo(1, 9);
    for (let i = 0; i < MEASURED_FRAMES; i++) { clock.now += 250; await pump.idle(true); }
    expect(measures.at(-1)!.mapsPerSecond).toBeCloseTo(4, 9);
    expect(measures.at(-1)!.latencyMs).toBe(250);
  });
  it('captures one frame at a time: an idle worker seen twice while capturing sends one frame', async () => {
    const { pump, hooks, sent, made, release } = setUp();
    pump.start();
    hooks.slow = true;
    const first = pump.idle(false);
    const second = pump.idle(false);
    release();
    await Promise.all([first, second]);
    expect(made).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });
  it('closes a frame captured while the camera was stopped, and sends nothing', async () => {
    const { pump, hooks, sent, made, release } = setUp();
    pump.start();
    hooks.slow = true;
    const pending = pump.idle(false);
    pump.stop();
    release();
    await pending;
    expect(sent).toHaveLength(0);
    expect(made[0]!.closed).toBe(true);
  });
  it('counts no frame whose job failed or was superseded', async () => {
    const { pump, clock, measures } = setUp();
    pump.start();
    await pump.idle(false);
    clock.now = 100;
    await pump.idle(false);
    pump.superseded();
    clock.now = 200;
    await pump.idle(true);
    expect(measures).toEqual([]);
  });
});

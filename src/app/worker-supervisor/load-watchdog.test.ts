import { STARTING_SILENCE_MS } from '../../shared/engine-steps.ts';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { DOWNLOAD_STALL_MS, loadWatchdog, WARM_UP_LIMIT_MS } from './load-watchdog.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('a download that keeps making progress is never stopped, one that stalls is', () => {
  const stalls: string[] = [];
  const watchdog = loadWatchdog((stall) => stalls.push(stall));
  watchdog.progress();
  for (let i = 0; i < 10; i++) {
    vi.advanceTimersByTime(DOWNLOAD_STALL_MS - 1);
    watchdog.progress();
  }
  expect(stalls).toEqual([]);
  vi.advanceTimersByTime(DOWNLOAD_STALL_MS);
  expect(stalls).toEqual(['download']);
});

it('the warm-up gets its own, longer limit, and a stopped watchdog stays quiet', () => {
  const stalls: string[] = [];
  const watchdog = loadWatchdog((stall) => stalls.push(stall));
  watchdog.progress('warm-up');
  vi.advanceTimersByTime(DOWNLOAD_STALL_MS * 2);
  expect(stalls).toEqual([]);
  vi.advanceTimersByTime(WARM_UP_LIMIT_MS);
  expect(stalls).toEqual(['warm-up']);
  watchdog.progress();
  watchdog.stop();
  vi.advanceTimersByTime(WARM_UP_LIMIT_MS * 2);
  expect(stalls).toEqual(['warm-up']);
});

it('an engine start must keep saying it is alive: a worker silent for longer is stuck', () => {
  const stalls: string[] = [];
  const watchdog = loadWatchdog((stall) => stalls.push(stall));
  watchdog.progress('warm-up');
  for (let i = 0; i < 30; i++) {
    vi.advanceTimersByTime(1000);
    watchdog.progress('engine-start');
  }
  expect(stalls).toEqual([]);
  vi.advanceTimersByTime(STARTING_SILENCE_MS);
  expect(stalls).toEqual(['engine-start']);
  // Once the engine has started, the download's own limit applies.
  watchdog.progress('engine-start');
  watchdog.progress();
  vi.advanceTimersByTime(DOWNLOAD_STALL_MS - 1);
  expect(stalls).toEqual(['engine-start']);
});

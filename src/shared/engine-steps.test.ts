import { describe, expect, it } from 'vitest';
import { afterFailure, ENGINE_STEPS } from './engine-steps.ts';

describe('where a failed worker restarts', () => {
  it('a first failure once ready (a lost context, a one-off crash) restarts the same engine', () => {
    expect(afterFailure({ step: 0, failures: 0 }, 'once-ready')).toEqual({ step: 0, failures: 1 });
  });
  it('a second failure in a row moves to the next engine', () => {
    expect(afterFailure({ step: 0, failures: 1 }, 'once-ready')).toEqual({ step: 1, failures: 0 });
  });
  it('a failure while starting moves on at once', () => {
    expect(afterFailure({ step: 0, failures: 0 }, 'while-starting')).toEqual({ step: 1, failures: 0 });
    expect(afterFailure({ step: 1, failures: 0 }, 'while-starting')).toEqual({ step: 2, failures: 0 });
  });
  it('a start that got stuck is tried again in the same step once, then the next step', () => {
    expect(afterFailure({ step: 0, failures: 0 }, 'stuck-starting')).toEqual({ step: 0, failures: 1 });
    expect(afterFailure({ step: 0, failures: 1 }, 'stuck-starting')).toEqual({ step: 1, failures: 0 });
  });
  it('gives up only after the last engine failed', () => {
    const last = ENGINE_STEPS.length - 1;
    expect(ENGINE_STEPS[last]!.id).toBe('cpu');
    expect(afterFailure({ step: last, failures: 0 }, 'once-ready')).toEqual({ step: last, failures: 1 });
    expect(afterFailure({ step: last, failures: 1 }, 'once-ready')).toBe('give-up');
    expect(afterFailure({ step: last, failures: 0 }, 'while-starting')).toBe('give-up');
  });
  it('walks fastest, then one thread, then cpu', () => {
    expect(ENGINE_STEPS.map((s) => s.id)).toEqual(['fastest', 'wasm-one-thread', 'cpu']);
  });
});

import { describe, expect, it } from 'vitest';
import { reluOutcome } from './relu-sample.ts';

describe('reluOutcome', () => {
  it('applies each rule to the same numbers (written out by hand)', () => {
    // Four cells: (x > 0, dy > 0), (x > 0, dy < 0), (x < 0, dy > 0), (x = 0, dy < 0).
    const outcome = reluOutcome({ x: [1.5, 2, -1, 0], dy: [0.3, -0.4, 0.7, -0.2] });
    expect(outcome.forwardBlocked).toEqual([false, false, true, true]);
    expect(outcome.backwardBlocked).toEqual([false, true, false, true]);
    expect(outcome.passed).toEqual({
      vanilla: [0.3, -0.4, 0, 0],
      deconvnet: [0.3, 0, 0.7, 0],
      guided: [0.3, 0, 0, 0],
    });
  });
});

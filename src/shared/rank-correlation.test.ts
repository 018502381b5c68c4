import { describe, expect, it } from 'vitest';
import { midranks, spearman } from './rank-correlation.ts';

describe("Spearman's rank correlation", () => {
  it('ranks ties at the mean of the ranks they span', () => {
    expect([...midranks([0, 3, 0, 1, 0])]).toEqual([2, 5, 2, 4, 2]);
  });

  it('matches a hand computation with ties', () => {
    // x ranks: [2, 2, 2, 4, 5]; y = [1, 0, 2, 3, 3] ranks: [2, 1, 3, 4.5, 4.5].
    // Means 3 and 3; deviations x: [-1, -1, -1, 1, 2], y: [-1, -2, 0, 1.5, 1.5];
    // covariance sum 1 + 2 + 0 + 1.5 + 3 = 7.5; sums of squares 8 and 9.5: rho = 7.5 / sqrt(76).
    expect(spearman([0, 0, 0, 1, 5], [1, 0, 2, 3, 3])).toBeCloseTo(7.5 / Math.sqrt(76), 12);
  });

  it('is 1 for any increasing function, -1 for a decreasing one', () => {
    const x = [0.3, 5, -2, 8, 1e-6];
    expect(spearman(x, x.map((v) => Math.exp(v)))).toBeCloseTo(1, 12);
    expect(spearman(x, x.map((v) => -v * 10))).toBeCloseTo(-1, 12);
  });
});

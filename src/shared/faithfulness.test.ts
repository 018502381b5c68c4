import { describe, expect, it } from 'vitest';
import { areaUnder, curveFractions, curveInput, pixelOrder, pixelsAt, randomOrder } from './faithfulness.ts';

describe('faithfulness arithmetic', () => {
  it('orders pixels by their largest |value| over the channels, ties in reading order', () => {
    // 4 pixels, 2 channels: magnitudes 0.5, 3, 0.5, 2.
    expect([...pixelOrder(new Float32Array([0.5, -0.1, 1, -3, 0, 0.5, 2, 0]), 2)]).toEqual([1, 3, 0, 2]);
    expect([...pixelOrder(new Float32Array([0, -4, 1]), 1)]).toEqual([1, 2, 0]);
  });

  it('draws a random order from the seed: every pixel once, the same for the same seed', () => {
    const a = randomOrder(1000, 7);
    expect([...a].sort((x, y) => x - y)).toEqual([...Array(1000).keys()]);
    expect(randomOrder(1000, 7)).toEqual(a);
    expect(randomOrder(1000, 8)).not.toEqual(a);
  });

  it('builds a curve\'s input: the first pixels of the order moved, the rest kept', () => {
    const kept = new Float32Array([1, 1, 2, 2, 3, 3]);
    const moved = new Float32Array([0, 0, 0, 0, 0, 0]);
    expect([...curveInput(new Float32Array(6), kept, moved, Uint32Array.from([2, 0, 1]), 2, 2)]).toEqual([0, 0, 2, 2, 0, 0]);
  });

  it('has 21 points from none to all of the pixels, and the area of known curves', () => {
    expect(curveFractions()).toHaveLength(21);
    expect(pixelsAt(10, 89_401)).toBe(44_701);
    expect(pixelsAt(20, 89_401)).toBe(89_401);
    expect(areaUnder(curveFractions())).toBeCloseTo(0.5, 12);
    expect(areaUnder(curveFractions().map(() => 0.3))).toBeCloseTo(0.3, 12);
    expect(areaUnder([1, 0, 0, 0, 0])).toBeCloseTo(0.125, 12);
    expect(areaUnder([1, undefined, 0])).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { colormap } from './colormaps.ts';
import { clipScale, colorize, overlay, percentile, reduceChannels, rgbToRgba, topShare } from './render.ts';

describe('reduceChannels', () => {
  const gradient = Float32Array.from([1, -3, 2, /**/ -0.5, 0.25, 0, /**/ 0, 0, 0]);
  it('magnitude: max over channels of |g|', () => {
    expect([...reduceChannels(gradient, 'magnitude')]).toEqual([3, 0.5, 0]);
  });
  it('signed: sum over channels', () => {
    expect([...reduceChannels(gradient, 'signed')]).toEqual([0, -0.25, 0]);
  });
});

describe('percentile', () => {
  it('interpolates linearly between order statistics, as numpy does', () => {
    const values = [10, 1, 7, 3, 5]; // sorted 1 3 5 7 10
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile(values, 99)).toBeCloseTo(9.88, 10); // rank 3.96: 7 + 0.96 * 3
    expect(percentile(values, 25)).toBe(3);
  });
  it('equals the sorted definition on random, tied and constant arrays', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const bySorting = (values: number[], q: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      const rank = (q / 100) * (sorted.length - 1);
      const lo = Math.floor(rank);
      return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (rank - lo);
    };
    const arrays = [
      Array.from({ length: 1001 }, () => random() * 10 - 5),
      Array.from({ length: 500 }, () => Math.floor(random() * 4)),
      Array.from({ length: 37 }, () => 2.5),
      [3],
      Array.from({ length: 89_401 }, () => random() ** 4),
    ];
    for (const values of arrays) {
      for (const q of [0, 1, 50, 90, 99, 99.9, 100]) expect(percentile(values, q)).toBe(bySorting(values, q));
    }
  });

  it('clips at the 99th percentile of |value|', () => {
    const map = Float32Array.from({ length: 101 }, (_, i) => (i % 2 ? -i : i)); // |v| = 0..100
    expect(clipScale(map)).toBeCloseTo(99, 6);
  });
});

describe('colorize', () => {
  const viridis = colormap('viridis');
  const blueRed = colormap('blueRed');
  it('magnitude: 0 is the darkest viridis colour, the scale and above the brightest', () => {
    const rgba = colorize(Float32Array.from([0, 2, 5]), 2, 'magnitude');
    expect([...rgba.subarray(0, 4)]).toEqual([68, 1, 84, 255]); // viridis(0) = #440154
    expect([...rgba.subarray(4, 8)]).toEqual([253, 231, 37, 255]); // viridis(1) = #fde725
    expect([...rgba.subarray(8, 12)]).toEqual([...rgba.subarray(4, 8)]);
    expect([...viridis.subarray(0, 3)]).toEqual([68, 1, 84]);
  });
  it('signed: zero is the diverging map centre (near white), negative blue, positive red', () => {
    const rgba = colorize(Float32Array.from([-1, 0, 1]), 1, 'signed');
    const [r0, , b0] = rgba.subarray(0, 3);
    const [r1, g1, b1] = rgba.subarray(4, 7);
    const [r2, , b2] = rgba.subarray(8, 11);
    expect(b0!).toBeGreaterThan(r0!);
    expect(r2!).toBeGreaterThan(b2!);
    expect(Math.min(r1!, g1!, b1!)).toBeGreaterThan(230);
    expect([...blueRed.subarray(0, 3)]).toEqual([...rgba.subarray(0, 3)]);
  });
});

describe('overlay and helpers', () => {
  it('shows the photo where the map is zero and mostly colour where it is at full scale', () => {
    const map = Float32Array.from([0, 1]);
    const colors = Uint8ClampedArray.from([0, 0, 0, 255, 200, 100, 0, 255]);
    const rgb = Uint8ClampedArray.from([10, 20, 30, 100, 100, 100]);
    const out = overlay(colors, map, 1, rgb, 0.5);
    expect([...out]).toEqual([10, 20, 30, 255, 150, 100, 50, 255]);
  });
  it('rgbToRgba adds an opaque alpha', () => {
    expect([...rgbToRgba(Uint8ClampedArray.from([1, 2, 3, 4, 5, 6]))]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
  });
  it('topShare: the share of total |value| in the top 5 % of pixels', () => {
    const map = new Float32Array(100).fill(1);
    expect(topShare(map)).toBeCloseTo(0.05, 10);
    map[0] = 96; // total 195, top 5 = 96 + 4
    expect(topShare(map)).toBeCloseTo(100 / 195, 10);
  });
});

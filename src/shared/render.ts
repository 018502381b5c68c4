import { colormap, LUT_SIZE, type ColormapName } from './colormaps.ts';

/**
 * Pure functions from a raw input gradient [H, W, 3] to pixels. Nothing here knows about React,
 * canvases or tfjs, so each step is tested on known arrays.
 */

/** magnitude: max over channels of |g|, shown 0..scale. signed: sum over channels, shown -scale..scale. */
export type MapView = 'magnitude' | 'signed';

export const CLIP_PERCENTILE = 99;

/** One value per pixel from an interleaved [pixels, 3] gradient. */
export function reduceChannels(gradient: Float32Array, view: MapView, channels = 3): Float32Array {
  const out = new Float32Array(gradient.length / channels);
  for (let p = 0; p < out.length; p++) {
    let v = 0;
    for (let c = 0; c < channels; c++) {
      const g = gradient[p * channels + c]!;
      v = view === 'magnitude' ? Math.max(v, Math.abs(g)) : v + g;
    }
    out[p] = v;
  }
  return out;
}

/**
 * The q-th percentile (0..100) with linear interpolation between order statistics (numpy's
 * default), found by selection in linear time: sorting a map's 89k values took most of a
 * SmoothGrad redraw's main-thread time.
 */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return 0;
  const work = Float64Array.from(values);
  const rank = (q / 100) * (work.length - 1);
  const lo = Math.floor(rank);
  const low = select(work, lo);
  if (lo + 1 >= work.length) return low;
  // After selecting, everything past lo is at least low: the next order statistic is their minimum.
  let next = Infinity;
  for (let i = lo + 1; i < work.length; i++) if (work[i]! < next) next = work[i]!;
  return low + (next - low) * (rank - lo);
}

/** The k-th smallest value (0-based), moving it to index k with the smaller ones before it (Hoare's selection, median-of-three pivots). */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >> 1;
    const pivot = medianOf3(a[left]!, a[mid]!, a[right]!);
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k]!;
}

const medianOf3 = (x: number, y: number, z: number) => Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));

/** The value shown at full colour: the 99th percentile of |value|, so a few extreme pixels don't wash the map out. */
export function clipScale(map: Float32Array): number {
  const magnitudes = map.map(Math.abs);
  const scale = percentile(magnitudes, CLIP_PERCENTILE);
  return scale > 0 ? scale : magnitudes.reduce((max, v) => Math.max(max, v), 0);
}

/** Map values -> RGBA bytes. magnitude: 0..scale on viridis (or the colormap given); signed: -scale..scale on blue-white-red. */
export function colorize(map: Float32Array, scale: number, view: MapView, magnitudeColormap: ColormapName = 'viridis'): Uint8ClampedArray {
  const lut = colormap(view === 'magnitude' ? magnitudeColormap : 'blueRed');
  const out = new Uint8ClampedArray(map.length * 4);
  const safeScale = scale > 0 ? scale : 1;
  for (let p = 0; p < map.length; p++) {
    const t = view === 'magnitude'
      ? clamp(map[p]! / safeScale, 0, 1)
      : (clamp(map[p]! / safeScale, -1, 1) + 1) / 2;
    const i = Math.round(t * (LUT_SIZE - 1)) * 3;
    out[p * 4] = lut[i]!;
    out[p * 4 + 1] = lut[i + 1]!;
    out[p * 4 + 2] = lut[i + 2]!;
    out[p * 4 + 3] = 255;
  }
  return out;
}

/**
 * Blends a colorized map over the image the model saw, each pixel's opacity growing with the
 * map's strength there, so weak regions show the photo and strong ones the colour.
 */
export function overlay(colors: Uint8ClampedArray, map: Float32Array, scale: number, rgb: Uint8ClampedArray, maxOpacity = 0.85): Uint8ClampedArray {
  const out = new Uint8ClampedArray(colors.length);
  const safeScale = scale > 0 ? scale : 1;
  for (let p = 0; p < map.length; p++) {
    const a = maxOpacity * clamp(Math.abs(map[p]!) / safeScale, 0, 1);
    for (let c = 0; c < 3; c++) out[p * 4 + c] = Math.round(rgb[p * 3 + c]! * (1 - a) + colors[p * 4 + c]! * a);
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** RGB bytes -> RGBA bytes (for drawing the model's view). */
export function rgbToRgba(rgb: Uint8ClampedArray): Uint8ClampedArray {
  const out = new Uint8ClampedArray((rgb.length / 3) * 4);
  for (let p = 0; p < rgb.length / 3; p++) {
    out.set(rgb.subarray(p * 3, p * 3 + 3), p * 4);
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** Share of the total |value| held by the top `fraction` of pixels: how concentrated a map is. */
export function topShare(map: Float32Array, fraction = 0.05): number {
  const magnitudes = Float64Array.from(map, Math.abs).sort().reverse();
  const total = magnitudes.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const count = Math.max(1, Math.round(magnitudes.length * fraction));
  return magnitudes.subarray(0, count).reduce((a, b) => a + b, 0) / total;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

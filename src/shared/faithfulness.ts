import type { Method } from './methods.ts';
import { reduceChannels } from './render.ts';

/**
 * The faithfulness test's arithmetic (Petsiuk et al. 2018, RISE): pixel orders, the inputs along a
 * curve and the area under it. Pure, so each piece is tested on known arrays; the worker runs the
 * forward passes.
 */

/** Deletion: the image, its top-ranked pixels replaced by the baseline. Insertion: a blurred image, its top-ranked pixels restored. */
export const CURVE_KINDS = ['deletion', 'insertion'] as const;
export type CurveKind = (typeof CURVE_KINDS)[number];
/** Whose pixel order a curve follows: a map's, or a random order (the reference line). */
export type CurveOrder = Method | 'random';

/** Equal steps from none of the pixels to all of them. */
export const CURVE_STEPS = 20;
export const curveFractions = (steps = CURVE_STEPS): number[] => Array.from({ length: steps + 1 }, (_, k) => k / steps);
/** How many pixels step k moves, of `pixels`. */
export const pixelsAt = (step: number, pixels: number, steps = CURVE_STEPS): number => Math.round((step / steps) * pixels);

/**
 * A map's pixels from the most to the least important: by magnitude (the largest |value| over the
 * channels, as the magnitude view draws it), ties in reading order.
 */
export function pixelOrder(values: Float32Array, channels: number): Uint32Array {
  const importance = reduceChannels(values, 'magnitude', channels);
  const order = Uint32Array.from(importance.keys());
  return order.sort((a, b) => importance[b]! - importance[a]! || a - b);
}

/** Every pixel once, in an order drawn from the seed (Fisher–Yates over mulberry32). */
export function randomOrder(pixels: number, seed: number): Uint32Array {
  const order = Uint32Array.from({ length: pixels }, (_, i) => i);
  const next = mulberry32(seed);
  for (let i = pixels - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The input at one point of a curve, written into `out` ([pixels × channels]): the first `count`
 * pixels of the order come from `moved`, the rest from `kept`. Deletion: kept = the image, moved =
 * the baseline; insertion: kept = the blurred image, moved = the image.
 */
export function curveInput(out: Float32Array, kept: Float32Array, moved: Float32Array, order: Uint32Array, count: number, channels: number): Float32Array {
  out.set(kept);
  for (let r = 0; r < count; r++) {
    const at = order[r]! * channels;
    for (let c = 0; c < channels; c++) out[at + c] = moved[at + c]!;
  }
  return out;
}

/** The area under a curve sampled at equal steps over [0, 1] (trapezoids); undefined until every point is in. */
export function areaUnder(values: readonly (number | undefined)[]): number | undefined {
  if (values.length < 2 || values.some((v) => v === undefined)) return undefined;
  const v = values as number[];
  let area = 0;
  for (let k = 1; k < v.length; k++) area += (v[k - 1]! + v[k]!) / 2;
  return area / (v.length - 1);
}

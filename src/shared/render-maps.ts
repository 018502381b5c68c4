import type { Method } from './methods.ts';
import { clipScale, colorize, overlay, reduceChannels, type MapView } from './render.ts';
import type { ScaleMode } from './url-state.ts';

export interface RenderOptions {
  view: MapView;
  scale: ScaleMode;
  overlay: boolean;
}

export interface RenderedMap {
  rgba: Uint8ClampedArray;
  /** The value drawn at full colour (legend's end). */
  scale: number;
}

/** Raw gradients -> pixels for every map present, with per-map or shared clipping. */
export function renderMaps(
  gradients: Partial<Record<Method, Float32Array>>, options: RenderOptions, modelView: Uint8ClampedArray,
): Partial<Record<Method, RenderedMap>> {
  const reduced = Object.entries(gradients).map(([method, g]) => {
    const map = reduceChannels(g, options.view);
    return { method: method as Method, map, scale: clipScale(map) };
  });
  const shared = Math.max(0, ...reduced.map((r) => r.scale));
  const out: Partial<Record<Method, RenderedMap>> = {};
  for (const { method, map, scale: own } of reduced) {
    const scale = options.scale === 'shared' ? shared : own;
    const colors = colorize(map, scale, options.view);
    out[method] = { rgba: options.overlay ? overlay(colors, map, scale, modelView) : colors, scale };
  }
  return out;
}

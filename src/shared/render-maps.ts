import { METHOD_INFO, type Method } from './methods.ts';
import { clipScale, colorize, overlay, reduceChannels, type MapView } from './render.ts';
import type { ScaleMode } from './url-state.ts';
import type { MapShape } from './protocol.ts';

export interface RenderOptions {
  view: MapView;
  scale: ScaleMode;
  overlay: boolean;
}

export interface MapData {
  values: Float32Array;
  /** [H, W, channels]. */
  shape: Readonly<MapShape>;
}

export interface RenderedMap {
  rgba: Uint8ClampedArray;
  /** The value drawn at full colour (legend's end). */
  scale: number;
  /** How it is drawn (METHOD_INFO): like a gradient, or as a heat map on the image. */
  drawn: 'gradient' | 'heat';
}

/** One value per pixel and the map's own top value, kept per array and view: SmoothGrad redraws every sample, and only its maps changed. */
interface Reduced {
  map: Float32Array;
  scale: number;
}
const reducedCache = new WeakMap<Float32Array, Map<string, Reduced>>();

function reduce(data: MapData, view: MapView, heat: boolean): Reduced {
  const key = heat ? 'heat' : view;
  const cached = reducedCache.get(data.values) ?? new Map<string, Reduced>();
  reducedCache.set(data.values, cached);
  if (!cached.has(key)) {
    const map = reduceChannels(data.values, heat ? 'magnitude' : view, data.shape[2]);
    // A heat map spans 0 to its maximum (Grad-CAM's usual normalisation); a gradient is clipped at its 99th percentile.
    cached.set(key, { map, scale: heat ? map.reduce((max, v) => Math.max(max, v), 0) : clipScale(map) });
  }
  return cached.get(key)!;
}

/**
 * Maps -> pixels for every map present. Gradient-like maps follow the view and overlay options and,
 * when asked, share one scale with the other maps of their row (family); heat maps (Grad-CAM) are
 * always drawn on the image, 0 to their own maximum, on their own colormap: their units are not a
 * gradient's.
 */
export function renderMaps(
  maps: Partial<Record<Method, MapData>>, options: RenderOptions, modelView: Uint8ClampedArray,
): Partial<Record<Method, RenderedMap>> {
  const reduced = (Object.entries(maps) as [Method, MapData][]).map(([method, data]) => {
    const heat = METHOD_INFO[method].drawn === 'heat';
    return { method, heat, ...reduce(data, options.view, heat) };
  });
  const family = (m: Method) => METHOD_INFO[m].family;
  const shared = (m: Method) => Math.max(0, ...reduced.filter((r) => !r.heat && family(r.method) === family(m)).map((r) => r.scale));
  const out: Partial<Record<Method, RenderedMap>> = {};
  for (const { method, heat, map, scale: own } of reduced) {
    const scale = options.scale === 'shared' && !heat ? shared(method) : own;
    out[method] = painted(map, `${heat ? 'heat' : options.view} ${scale} ${heat || options.overlay}`, modelView, () => {
      const colors = heat ? colorize(map, scale, 'magnitude', 'inferno') : colorize(map, scale, options.view);
      return { rgba: heat || options.overlay ? overlay(colors, map, scale, modelView) : colors, scale, drawn: heat ? 'heat' : 'gradient' };
    });
  }
  return out;
}

/** The last pixels painted from a reduced map, and how: a redraw repaints only the maps that changed (SmoothGrad's, each sample). */
const paintedCache = new WeakMap<Float32Array, { how: string; modelView: Uint8ClampedArray; rendered: RenderedMap }>();

function painted(map: Float32Array, how: string, modelView: Uint8ClampedArray, paint: () => RenderedMap): RenderedMap {
  const cached = paintedCache.get(map);
  if (cached?.how === how && cached.modelView === modelView) return cached.rendered;
  const rendered = paint();
  paintedCache.set(map, { how, modelView, rendered });
  return rendered;
}

import type { ColormapName } from '../shared/colormaps.ts';
import { METHODS, type Method } from '../shared/methods.ts';
import type { MapView } from '../shared/render.ts';
import type { ScaleMode } from '../shared/url-state.ts';

export interface LegendScale {
  label: string;
  value: number;
}

export interface LegendContent {
  colormap: ColormapName;
  ticks: string[];
  text: string;
}

const format = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toPrecision(2) : v.toExponential(1));

/** What the colour bar says, for the page and the exported PNG alike. */
export function legendContent(view: MapView, scales: LegendScale[]): LegendContent {
  const signed = view === 'signed';
  return {
    colormap: signed ? 'blueRed' : 'viridis',
    ticks: signed ? ['−scale', '0', '+scale'] : ['0', 'scale'],
    text: `${signed ? 'Sum of the three colour channels\u2019 gradients; blue negative, red positive. ' : 'Largest |gradient| over the colour channels. '}`
      + `Clipped at the 99th percentile: scale = ${scales.map((s) => `${format(s.value)}${s.label ? ` (${s.label})` : ''}`).join(', ')}.`,
  };
}

/**
 * Every scale on screen, for the legend: one per class row when shared, else one per map; a row is
 * named (by its class) only when there are two.
 */
export function legendScales(mode: ScaleMode, rows: { name: string; scales: Partial<Record<Method, number>> }[]): LegendScale[] {
  const named = rows.length > 1;
  return rows.flatMap(({ name, scales }) => {
    const present = METHODS.filter((m) => scales[m] !== undefined);
    if (mode === 'shared') return present.slice(0, 1).map((m) => ({ label: named ? name : 'all maps', value: scales[m]! }));
    return present.map((m) => ({ label: named ? `${m}, ${name}` : m, value: scales[m]! }));
  });
}

import type { ColormapName } from '../shared/colormaps.ts';
import { FAMILIES, FAMILY_INFO, METHOD_INFO, METHODS, type Method } from '../shared/methods.ts';
import type { MapView } from '../shared/render.ts';
import type { ScaleMode } from '../shared/url-state.ts';

export interface LegendScale {
  label: string;
  value: number;
}

export interface LegendContent {
  colormap: ColormapName;
  ticks: string[];
  /** What the top colour stands for in each map (or all, when shared), for the exported PNG, which has no per-map labels. */
  tops: string;
  text: string;
}

/** Maps are clipped at this percentile of their magnitudes: the top colour is this value and above. */
export const CLIP_PERCENTILE = 99;

const format = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toPrecision(2) : v.toExponential(1));

/**
 * What the colour bar says, for the page and the exported PNG alike: with one scale on screen the
 * ticks are its numbers; with several, each map's top value is listed beside the bar.
 */
export function legendContent(view: MapView, scales: LegendScale[]): LegendContent {
  const signed = view === 'signed';
  const top = scales.length === 1 ? format(scales[0]!.value) : `${CLIP_PERCENTILE}th pct.`;
  const listed = scales.map((s) => `${s.label ? `${s.label} ` : ''}${signed ? '±' : ''}${format(s.value)}`).join(' · ');
  return {
    colormap: signed ? 'blueRed' : 'viridis',
    ticks: signed ? [`−${top}`, '0', `+${top}`] : ['0', top],
    tops: `Top colour = the ${CLIP_PERCENTILE}th percentile of |gradient|, larger values clipped: ${listed}`,
    text: `${signed ? 'Sum of the three colour channels\u2019 gradients; blue negative, red positive.' : 'Largest |gradient| over the colour channels.'}`
      + ` The top colour is each map's ${CLIP_PERCENTILE}th percentile (written under it); larger values are clipped.`,
  };
}

/** One map's colour range, written under it: the value its top colour stands for (a heat map's is its maximum). */
export function mapRange(view: MapView | 'heat', top: number): string {
  if (view === 'heat') return `heat 0 … ${format(top)}`;
  return view === 'signed' ? `colours ±${format(top)}` : `colours 0 … ${format(top)}`;
}

/**
 * Every gradient scale on screen, for the legend: one per class row and family when shared, else
 * one per map; a row is named (by its class) only when there are two. Heat maps have their own legend.
 */
export function legendScales(mode: ScaleMode, rows: { name: string; scales: Partial<Record<Method, number>> }[]): LegendScale[] {
  const named = rows.length > 1;
  return rows.flatMap(({ name, scales }) => {
    const present = METHODS.filter((m) => scales[m] !== undefined && METHOD_INFO[m].drawn === 'gradient');
    if (mode === 'shared') {
      const families = FAMILIES.filter((f) => present.some((m) => METHOD_INFO[m].family === f));
      return families.map((family) => {
        const label = [families.length > 1 ? FAMILY_INFO[family].title : '', named ? name : ''].filter(Boolean).join(', ') || 'all maps';
        return { label, value: scales[present.find((m) => METHOD_INFO[m].family === family)!]! };
      });
    }
    return present.map((m) => ({ label: named ? `${m}, ${name}` : m, value: scales[m]! }));
  });
}

/** The heat maps' own legend: what their colours stand for. */
export const HEAT_LEGEND = {
  colormap: 'inferno' as ColormapName,
  ticks: ['0', 'max'],
  text: 'Grad-CAM: ReLU of the last feature maps weighted by their mean gradient, scaled up to the image; drawn over it, 0 to each map’s maximum.',
};

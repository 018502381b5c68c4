import { perMethod, type Method } from '../../shared/methods.ts';
import type { RenderedMap, RenderOptions } from '../../shared/render-maps.ts';
import { saveBlob, slug } from '../download.ts';
import { HEAT_LEGEND, type LegendContent } from '../legend-content.ts';
import { comparisonPng } from './draw-comparison.ts';

export interface ExportRow {
  classIndex: number;
  maps: Partial<Record<Method, RenderedMap>>;
}

interface ExportRequest {
  inputName: string;
  modelName: string;
  input: Uint8ClampedArray;
  /** [width, height] of the input and the maps. */
  size: readonly [number, number];
  /** The methods on screen, in table order. */
  methods: readonly Method[];
  rows: ExportRow[];
  options: RenderOptions;
  legend: LegendContent;
  /** A heat map (Grad-CAM) is among them. */
  heatLegend: boolean;
  /** "tabby · 61.2 %" */
  heading: (classIndex: number) => string;
  className: (classIndex: number) => string;
}

/** Saves the comparison on screen (one or two class rows) as saliency-<class>[-vs-<class>].png. */
export async function exportComparison({ inputName, modelName, input, size, methods, rows, options, legend, heatLegend, heading, className }: ExportRequest): Promise<void> {
  const view = `${options.view}${options.overlay ? ' on the image' : ''}`;
  const blob = await comparisonPng({
    subtitle: `${inputName} · ${modelName} · ${view} · ${options.scale === 'shared' ? 'shared scale' : 'scale per map'}`,
    input,
    size,
    rows: rows.map((row) => ({
      heading: heading(row.classIndex),
      maps: perMethod(row.maps, (map) => map.rgba),
    })),
    legend,
    heatLegend: heatLegend ? HEAT_LEGEND : undefined,
    methods,
  });
  saveBlob(blob, `saliency-${rows.map((row) => slug(className(row.classIndex))).join('-vs-')}.png`);
}

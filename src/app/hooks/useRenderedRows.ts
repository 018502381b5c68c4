import { useMemo } from 'react';
import { METHOD_INFO, perMethod, type Method } from '../../shared/methods.ts';
import { renderMaps, type RenderedMap, type RenderOptions } from '../../shared/render-maps.ts';
import { legendContent, legendScales, mapRange } from '../legend-content.ts';
import type { MapResult, Session } from '../state/session.ts';

type Maps = Partial<Record<Method, MapResult>>;

interface Options {
  shown: Session['shown'];
  methods: readonly Method[];
  options: RenderOptions;
  /** The compare view is on, and the row of the first class rather than the second. */
  comparing: boolean;
  contrast: boolean;
  className: (index: number) => string;
}

/**
 * The rows of maps on screen drawn for the view chosen: the first class's, the compare view's
 * second, the first rather than the second; with the legend their scales make. Drawn again only
 * when a row's maps, the view or the methods change.
 */
export function useRenderedRows({ shown, methods, options, comparing, contrast, className }: Options) {
  // Keyed on the pixels, not on `shown`, which changes with every status update of a job.
  const modelView = shown?.modelView;
  /** The maps of the methods on screen (others computed before stay in the session, hidden). */
  const draw = (maps: Maps | undefined): Partial<Record<Method, RenderedMap>> =>
    modelView && maps ? renderMaps(Object.fromEntries(methods.flatMap((m) => (maps[m] ? [[m, maps[m]]] : []))), options, modelView) : {};
  const rendered = useMemo(() => draw(shown?.maps), [shown?.maps, options, modelView, methods]);
  const renderedSecond = useMemo(() => draw(shown?.compare?.maps), [shown?.compare?.maps, options, modelView, methods]);
  const renderedContrast = useMemo(() => draw(shown?.contrast?.maps), [shown?.contrast?.maps, options, modelView, methods]);

  const showSecond = comparing && shown?.compare !== undefined;
  const showContrast = showSecond && contrast && shown?.contrast !== undefined;
  const ratherThan = (c: { classIndex: number; versus: number }) => `${className(c.classIndex)} rather than ${className(c.versus)}`;
  const scalesOf = (maps: typeof rendered) => perMethod(maps, (map) => map.scale);
  const legendRows = [{ name: shown ? className(shown.classIndex) : '', scales: scalesOf(rendered) }];
  if (showSecond) legendRows.push({ name: className(shown!.compare!.classIndex), scales: scalesOf(renderedSecond) });
  if (showContrast) legendRows.push({ name: ratherThan(shown!.contrast!), scales: scalesOf(renderedContrast) });
  const scales = legendScales(options.scale, legendRows);
  return {
    rendered, renderedSecond, renderedContrast, showSecond, showContrast, scales,
    contrastHeading: showContrast ? ratherThan(shown!.contrast!) : '',
    legend: legendContent(options.view, scales),
    heatShown: methods.some((m) => METHOD_INFO[m].drawn === 'heat' && rendered[m]),
    mapRangeOf: (map: RenderedMap) => mapRange(map.drawn === 'heat' ? 'heat' : options.view, map.scale),
  };
}

import { useRef } from 'react';
import type { CurveKind } from '../../shared/faithfulness.ts';
import type { Method } from '../../shared/methods.ts';
import type { MapSettings } from '../../shared/map-settings.ts';
import type { ModelDescriptor } from '../../shared/model-descriptor.ts';
import type { RenderedMap, RenderOptions } from '../../shared/render-maps.ts';
import { saveBlob, slug } from '../download.ts';
import { exportComparison } from '../export/export-comparison.ts';
import { exportEvaluation } from '../export/draw-evaluation.ts';
import { exportSanity } from '../export/draw-sanity.ts';
import { valuesNpz } from '../export/values-npz.ts';
import type { LegendContent } from '../legend-content.ts';
import type { Shown } from '../state/session.ts';

interface What {
  shown: Shown | undefined;
  model: ModelDescriptor | undefined;
  methods: Method[];
  settings: MapSettings;
  options: RenderOptions;
  /** The sanity check is on screen (E exports it instead of the comparison). */
  sanity: boolean;
  showSecond: boolean;
  /** The row of the first class rather than the second is on screen. */
  showContrast: boolean;
  rendered: Partial<Record<Method, RenderedMap>>;
  renderedSecond: Partial<Record<Method, RenderedMap>>;
  modelView: Uint8ClampedArray | undefined;
  modelViewRgba: Uint8ClampedArray | undefined;
  legend: LegendContent;
  heatShown: boolean;
  classHeading: (index: number) => string;
  className: (index: number) => string;
  addNotice: (message: string) => void;
}

/**
 * What the page saves: the 1920-wide PNG of the comparison or of the sanity check (E), the
 * faithfulness test's PNG, and every value on screen as one .npz. The charts are drawn from the SVGs
 * on screen, so the refs live here.
 */
export function useExports({ shown, model, methods, settings, options, sanity, showSecond, showContrast, rendered, renderedSecond, modelView, modelViewRgba, legend, heatShown, classHeading, className, addNotice }: What) {
  const failed = (error: Error) => addNotice(`The export failed: ${error.message}`);
  const sanityChart = useRef<SVGSVGElement>(null);
  const curveCharts = { deletion: useRef<SVGSVGElement>(null), insertion: useRef<SVGSVGElement>(null) } satisfies Record<CurveKind, unknown>;
  const exportCurves = () => {
    const [deletion, insertion] = [curveCharts.deletion.current, curveCharts.insertion.current];
    if (!shown?.evaluation || !deletion || !insertion) return;
    exportEvaluation({ evaluation: shown.evaluation, inputName: shown.input.name, modelName: model?.name ?? '', seed: settings.seed, charts: { deletion, insertion }, className })
      .catch(failed);
  };
  const exportPng = () => {
    if (sanity) {
      if (!shown?.sanity || !modelView || !sanityChart.current) return;
      exportSanity({ sanity: shown.sanity, inputName: shown.input.name, modelName: model?.name ?? '', size: [shown.inputShape[2], shown.inputShape[1]], seed: settings.seed, options, modelView, chart: sanityChart.current, className })
        .catch(failed);
      return;
    }
    if (!shown || !modelViewRgba) return;
    const rows = [{ classIndex: shown.classIndex, maps: rendered }];
    if (showSecond) rows.push({ classIndex: shown.compare!.classIndex, maps: renderedSecond });
    exportComparison({ inputName: shown.input.name, modelName: model?.name ?? '', input: modelViewRgba, size: [shown.inputShape[2], shown.inputShape[1]], methods, rows, options, legend, heatLegend: heatShown, heading: classHeading, className })
      .catch(failed);
  };

  const downloadAll = () => {
    if (!shown || !model) return;
    const bytes = valuesNpz({ shown, methods, model, settings, className, compare: showSecond, contrast: showContrast });
    saveBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), `saliency-${slug(shown.input.name.replace(/\.[^.]*$/, ''))}-${slug(className(shown.classIndex))}.npz`);
  };
  return { sanityChart, curveCharts, exportPng, exportCurves, downloadAll };
}

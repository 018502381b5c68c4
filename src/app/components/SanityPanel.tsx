import { useMemo, type CSSProperties, type Ref } from 'react';
import { METHOD_INFO, type Method } from '../../shared/methods.ts';
import { renderMaps, type RenderOptions } from '../../shared/render-maps.ts';
import { saveBlob } from '../download.ts';
import { correlationsCsv, sanityCaption, lastStepDone } from '../sanity-summary.ts';
import type { CascadeCell, SanityResult } from '../state/session.ts';
import { PixelCanvas } from './PixelCanvas.tsx';
import { SanityChart } from './SanityChart.tsx';

interface Props {
  sanity: SanityResult | undefined;
  chartRef: Ref<SVGSVGElement>;
  className: (index: number) => string;
  options: RenderOptions;
  modelView: Uint8ClampedArray | undefined;
  computing: boolean;
}

/**
 * The sanity check (Adebayo et al. 2018): a strip per method, the trained model's map then the map
 * after each layer is randomized, from the logits down; a chart of how much each still looks like
 * the first; and what the numbers say.
 */
export function SanityPanel({ sanity, chartRef, className, options, modelView, computing }: Props) {
  if (!sanity || !modelView) {
    return <section className="sanity" data-testid="sanity"><p className="sanity-caption">{computing ? 'Starting the sanity check…' : 'The sanity check starts once the maps are done.'}</p></section>;
  }
  const done = lastStepDone(sanity);
  return (
    <section className="sanity" data-testid="sanity" data-steps-done={done} data-class={sanity.classIndex} aria-labelledby="sanity-title" style={{ '--methods': sanity.methods.length, '--columns': sanity.steps.length + 1 } as CSSProperties}>
      <h3 id="sanity-title">
        Sanity check · {className(sanity.classIndex)}
        <span className="sanity-progress" data-testid="sanity-progress"> · {Math.max(0, done)} of {sanity.steps.length} layers randomized, logits first</span>
      </h3>
      <div className="sanity-strips" style={{ gridTemplateColumns: `max-content repeat(${sanity.steps.length + 1}, minmax(0, var(--cell)))` }}>
        <span />
        {['trained', ...sanity.steps].map((label, step) => <span key={step} className="sanity-step" title={step === 0 ? 'The trained model' : `${label} randomized`}>{label}</span>)}
        {sanity.methods.map((method) => <Strip key={method} method={method} sanity={sanity} options={options} modelView={modelView} />)}
      </div>
      <div className="sanity-footer">
        <SanityChart ref={chartRef} sanity={sanity} />
        <div className="sanity-aside">
          <p className="sanity-caption" data-testid="sanity-caption" aria-live="polite">{sanityCaption(sanity)}</p>
          <button type="button" disabled={done < 0} onClick={() => saveBlob(new Blob([correlationsCsv(sanity)], { type: 'text/csv' }), `sanity-${sanity.classIndex}.csv`)}>
            Correlations .csv
          </button>
        </div>
      </div>
    </section>
  );
}

function Strip({ method, sanity, options, modelView }: { method: Method; sanity: SanityResult; options: RenderOptions; modelView: Uint8ClampedArray }) {
  const title = METHOD_INFO[method].title;
  return (
    <>
      <span className="sanity-method">{title}</span>
      {['trained', ...sanity.steps].map((label, step) => (
        <Cell key={step} method={method} cell={sanity.maps[method]?.[step]} options={options} modelView={modelView}
          label={`${title}, ${step === 0 ? 'trained model' : `${label} and the layers above randomized`}`} testId={`sanity-${method}-${step}`} />
      ))}
    </>
  );
}

/** A cell's pixels, as the strip draws them: the map on its own scale, in the view on screen. */
export const cellPixels = (method: Method, cell: CascadeCell, options: RenderOptions, modelView: Uint8ClampedArray) =>
  renderMaps({ [method]: cell }, { ...options, scale: 'map' }, modelView)[method]!.rgba;

function Cell({ method, cell, options, modelView, label, testId }: { method: Method; cell?: CascadeCell; options: RenderOptions; modelView: Uint8ClampedArray; label: string; testId: string }) {
  const rgba = useMemo(() => cell && cellPixels(method, cell, options, modelView), [cell, options, modelView, method]);
  return (
    <div className="sanity-cell" data-state={cell ? 'done' : 'empty'} data-correlation={cell?.correlation}>
      <PixelCanvas rgba={rgba} size={cell ? [cell.shape[1], cell.shape[0]] : undefined} label={cell ? `${label}: rank correlation ${cell.correlation.toFixed(2)}` : `${label}: not yet`} testId={testId} />
    </div>
  );
}

import { useRef } from 'react';
import { METHOD_INFO, type Method } from '../../shared/methods.ts';
import type { RenderedMap } from '../../shared/render-maps.ts';
import { canvasPng, npyBlob, saveBlob, slug } from '../download.ts';
import type { Completeness } from '../../shared/protocol.ts';
import type { MapResult } from '../state/session.ts';
import { PixelCanvas } from './PixelCanvas.tsx';

interface Props {
  method: Method;
  result?: MapResult;
  rendered?: RenderedMap;
  /** The class the maps are being computed for, when it differs from this map's. */
  pendingClass?: string;
  className: (index: number) => string;
  /** A job is running (its maps will come). */
  computing: boolean;
  /** Which row it is in: its own test ids, so each row can be found. */
  row?: RowKind;
  /** What the map's colours span, e.g. "colours 0 … 0.24". */
  range?: string;
}

/** The rows of maps: the first class, the compare view's second, the first rather than the second. */
export type RowKind = 'map' | 'compare' | 'contrast';

export function MapPanel({ method, result, rendered, pendingClass, className, computing, row = 'map', range }: Props) {
  const info = METHOD_INFO[method];
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const mapClass = result ? className(result.classIndex) : undefined;
  const stale = result && pendingClass !== undefined && pendingClass !== mapClass;
  const progress = result?.progress;
  const partial = progress !== undefined && progress.done < progress.total;
  const state = !result ? 'empty' : stale ? 'stale' : partial ? 'partial' : 'done';
  const versus = result?.versus !== undefined ? `-rather-than-${slug(className(result.versus))}` : '';
  const fileBase = result ? `${method}-${slug(className(result.classIndex))}${versus}` : method;
  const prefix = row;
  return (
    <figure className="map-panel" {...{ [row === 'map' ? 'data-method' : `data-${row}-method`]: method }} data-state={state} data-class={result?.classIndex} aria-busy={state !== 'done'}>
      <figcaption>
        <h4>{info.title}</h4>
      </figcaption>
      <div className={`canvas-frame${stale ? ' stale' : ''}`}>
        <PixelCanvas
          ref={canvas}
          rgba={rendered?.rgba}
          size={result ? [result.shape[1], result.shape[0]] : undefined}
          testId={`${prefix}-${method}`}
          label={result ? `${info.title} map for class ${mapClass}` : `${info.title}: ${computing ? 'computing' : 'no map yet'}`}
        />
        {!result && computing && <span className="canvas-note">computing…</span>}
      </div>
      <p className="map-range" data-testid={`${prefix}-range-${method}`}>
        {result && range}
        {progress && <span className="progress" data-testid={`${prefix}-progress-${method}`}> · {progress.done} of {progress.total} {info.progress}</span>}
      </p>
      {/* Under the picture: the picture is what the first screen is for. */}
      <p className="rule">{info.rule}</p>
      <div className="downloads">
        <button type="button" disabled={!result} onClick={async () => canvas.current && saveBlob(await canvasPng(canvas.current), `${fileBase}.png`)}>
          PNG
        </button>
        <button type="button" disabled={!result} onClick={() => result && saveBlob(npyBlob(result.values, result.shape), `${fileBase}.npy`)}>
          Values .npy
        </button>
        {result?.coarse && (
          <button type="button" onClick={() => saveBlob(npyBlob(result.coarse!.values, result.coarse!.shape), `${fileBase}-${slug(result.coarse!.layer)}-${result.coarse!.shape[0]}x${result.coarse!.shape[1]}.npy`)}>
            {result.coarse.shape[0]}×{result.coarse.shape[1]} .npy
          </button>
        )}
      </div>
    </figure>
  );
}

/** IG's completeness in words: the attributions' sum against the logit's rise, as a share. */
export function completenessLine({ sum, baseline, image }: Completeness, progress?: { done: number; total: number }): string {
  const signed = (v: number) => v.toFixed(2).replace('-', '\u2212');
  const share = image !== baseline ? `: ${Math.round((100 * sum) / (image - baseline))} %` : '';
  const steps = progress ? ` with ${progress.done} step${progress.done === 1 ? '' : 's'}` : '';
  return `The attributions sum to ${signed(sum)}; the logit went from ${signed(baseline)} (baseline) to ${signed(image)} (image)${share}${steps}.`;
}

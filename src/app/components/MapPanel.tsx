import { useRef } from 'react';
import { METHOD_INFO, type Method } from '../../shared/methods.ts';
import type { RenderedMap } from '../../shared/render-maps.ts';
import { canvasPng, npyBlob, saveBlob, slug } from '../download.ts';
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
  /** The compare view's second row: its own test ids, so each row can be found. */
  second?: boolean;
  /** What the map's colours span, e.g. "colours 0 … 0.24". */
  range?: string;
}

export function MapPanel({ method, result, rendered, pendingClass, className, computing, second = false, range }: Props) {
  const info = METHOD_INFO[method];
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const mapClass = result ? className(result.classIndex) : undefined;
  const stale = result && pendingClass !== undefined && pendingClass !== mapClass;
  const samples = result?.samples;
  const partial = samples !== undefined && samples.done < samples.total;
  const state = !result ? 'empty' : stale ? 'stale' : partial ? 'partial' : 'done';
  const fileBase = result ? `${method}-${slug(className(result.classIndex))}` : method;
  const prefix = second ? 'compare' : 'map';
  return (
    <figure className="map-panel" {...{ [second ? 'data-compare-method' : 'data-method']: method }} data-state={state} data-class={result?.classIndex} aria-busy={state !== 'done'}>
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
        {samples && <span className="samples" data-testid={`${prefix}-samples-${method}`}> · {samples.done} of {samples.total} samples</span>}
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
          <button type="button" onClick={() => saveBlob(npyBlob(result.coarse!.values, result.coarse!.shape), `${fileBase}-${result.coarse!.shape[0]}x${result.coarse!.shape[1]}.npy`)}>
            {result.coarse.shape[0]}×{result.coarse.shape[1]} .npy
          </button>
        )}
      </div>
    </figure>
  );
}

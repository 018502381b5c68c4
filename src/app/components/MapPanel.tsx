import { useRef } from 'react';
import { METHOD_INFO, type Method } from '../../shared/methods.ts';
import { MODEL_SIZE } from '../../shared/preprocess.ts';
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
  const fileBase = result ? `${method}-${slug(className(result.classIndex))}` : method;
  return (
    <figure className="map-panel" {...{ [second ? 'data-compare-method' : 'data-method']: method }} data-state={!result ? 'empty' : stale ? 'stale' : 'done'} data-class={result?.classIndex} aria-busy={!result || stale}>
      <figcaption>
        <h4>{info.title}</h4>
      </figcaption>
      <div className={`canvas-frame${stale ? ' stale' : ''}`}>
        <PixelCanvas
          ref={canvas}
          rgba={rendered?.rgba}
          testId={`${second ? 'compare' : 'map'}-${method}`}
          label={result ? `${info.title} saliency map for class ${mapClass}` : `${info.title}: ${computing ? 'computing' : 'no map yet'}`}
        />
        {!result && computing && <span className="canvas-note">computing…</span>}
      </div>
      <p className="map-range" data-testid={`${second ? 'compare' : 'map'}-range-${method}`}>{result && range}</p>
      {/* Under the picture: the picture is what the first screen is for. */}
      <p className="rule">{info.rule}</p>
      <div className="downloads">
        <button type="button" disabled={!result} onClick={async () => canvas.current && saveBlob(await canvasPng(canvas.current), `${fileBase}.png`)}>
          PNG
        </button>
        <button type="button" disabled={!result} onClick={() => result && saveBlob(npyBlob(result.gradient, [MODEL_SIZE, MODEL_SIZE, 3]), `${fileBase}-gradient.npy`)}>
          Gradient .npy
        </button>
      </div>
    </figure>
  );
}

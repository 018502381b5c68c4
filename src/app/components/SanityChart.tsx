import { forwardRef } from 'react';
import { METHOD_INFO, type Method } from '../../shared/methods.ts';
import { FONT, MUTED } from '../export/draw-comparison.ts';
import { correlations } from '../sanity-summary.ts';
import type { SanityResult } from '../state/session.ts';

/** Okabe & Ito's colour-blind-safe palette; each line also has its own marker. */
export const LINE_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00'];
export const MARKERS = ['circle', 'square', 'diamond', 'triangle', 'cross'] as const;

const WIDTH = 600;
const HEIGHT = 240;
const PAD = { left: 44, right: 12, top: 18, bottom: 28 };

/**
 * Spearman's correlation with the trained model's map against the layers randomized: a line per
 * method, drawn as steps arrive. Its colours and type are attributes too (the page's CSS overrides
 * them), so the exported PNG can draw the same SVG on its own.
 */
export const SanityChart = forwardRef<SVGSVGElement, { sanity: SanityResult }>(function SanityChart({ sanity }, ref) {
  const steps = sanity.steps.length;
  const all = sanity.methods.flatMap((m) => correlations(sanity, m).filter((c): c is number => c !== undefined));
  const low = Math.min(0, Math.floor(Math.min(1, ...all) * 5) / 5);
  const x = (step: number) => PAD.left + (step / Math.max(1, steps)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + ((1 - value) / (1 - low)) * (HEIGHT - PAD.top - PAD.bottom);
  const ticks = Array.from({ length: Math.round((1 - low) / 0.2) + 1 }, (_, i) => Math.round((low + 0.2 * i) * 10) / 10);
  return (
    <figure className="sanity-chart" data-testid="sanity-chart">
      <svg ref={ref} xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} fontSize={14} fontFamily={FONT} role="img" aria-label="Rank correlation of each map with the trained model's, as layers are randomized">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className={t === 0 ? 'axis' : 'grid'} stroke={t === 0 ? MUTED : '#c8c8c8'} />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" fill={MUTED}>{t.toFixed(1)}</text>
          </g>
        ))}
        <text x={PAD.left} y={HEIGHT - 8} fill={MUTED}>trained</text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" fill={MUTED}>all {steps} layers random</text>
        {sanity.methods.map((method, i) => <Line key={method} method={method} index={i} values={correlations(sanity, method)} x={x} y={y} />)}
      </svg>
      <figcaption className="sanity-keys">
        {sanity.methods.map((method, i) => (
          <span key={method} style={{ color: LINE_COLOURS[i % LINE_COLOURS.length] }}>{markerGlyph(i)} {METHOD_INFO[method].title}</span>
        ))}
      </figcaption>
    </figure>
  );
});

function Line({ method, index, values, x, y }: { method: Method; index: number; values: (number | undefined)[]; x: (s: number) => number; y: (v: number) => number }) {
  const colour = LINE_COLOURS[index % LINE_COLOURS.length];
  const points = values.flatMap((v, step) => (v === undefined ? [] : [[x(step), y(v)] as const]));
  return (
    <g stroke={colour} fill={colour} data-testid={`sanity-line-${method}`} data-points={points.length}>
      <polyline points={points.map(([px, py]) => `${px},${py}`).join(' ')} fill="none" strokeWidth={2.5} />
      {points.map(([px, py], step) => <Marker key={step} shape={MARKERS[index % MARKERS.length]!} x={px} y={py} />)}
    </g>
  );
}

export function Marker({ shape, x, y }: { shape: (typeof MARKERS)[number]; x: number; y: number }) {
  const r = 4;
  if (shape === 'circle') return <circle cx={x} cy={y} r={r} />;
  if (shape === 'square') return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} />;
  if (shape === 'diamond') return <polygon points={`${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}`} />;
  if (shape === 'triangle') return <polygon points={`${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}`} />;
  return <path d={`M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`} strokeWidth={2} />;
}

export const markerGlyph = (index: number) => ['●', '■', '◆', '▲', '✕'][index % MARKERS.length];

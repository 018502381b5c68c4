import { forwardRef } from 'react';
import type { CurveKind } from '../../shared/faithfulness.ts';
import { FONT, MUTED } from '../export/draw-comparison.ts';
import { curveOf, ordersOf } from '../evaluation-summary.ts';
import type { EvaluationResult } from '../state/session.ts';
import { LINE_COLOURS, Marker, MARKERS } from './SanityChart.tsx';

const WIDTH = 480;
const HEIGHT = 240;
const PAD = { left: 44, right: 12, top: 30, bottom: 28 };
/** The random order's reference line. */
export const RANDOM_COLOUR = '#666666';

const TITLES: Record<CurveKind, string> = {
  deletion: 'Deletion: top pixels set to grey',
  insertion: 'Insertion: top pixels into a blurred image',
};

/**
 * One kind of faithfulness curve: the class's probability against the fraction of the pixels moved,
 * a line per map in the sanity chart's colours and markers, the random order dashed grey. Its
 * colours and type are attributes, so the exported PNG can draw the same SVG on its own.
 */
export const CurveChart = forwardRef<SVGSVGElement, { evaluation: EvaluationResult; kind: CurveKind }>(function CurveChart({ evaluation, kind }, ref) {
  const orders = ordersOf(evaluation);
  const all = orders.flatMap((o) => curveOf(evaluation, kind, o).filter((v): v is number => v !== undefined));
  const top = Math.max(0.1, Math.ceil(Math.max(0, ...all) * 10) / 10);
  const x = (fraction: number) => PAD.left + fraction * (WIDTH - PAD.left - PAD.right);
  const y = (p: number) => PAD.top + (1 - p / top) * (HEIGHT - PAD.top - PAD.bottom);
  const ticks = Array.from({ length: 6 }, (_, i) => (top * i) / 5);
  return (
    <svg ref={ref} xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} fontSize={14} fontFamily={FONT} role="img" data-testid={`curve-chart-${kind}`}
      aria-label={`${TITLES[kind]}: the class's probability against the fraction of pixels moved, a line per map and a random order`}>
      <text x={PAD.left} y={18} fill={MUTED} fontWeight={600}>{TITLES[kind]}</text>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className={t === 0 ? 'axis' : 'grid'} stroke={t === 0 ? MUTED : '#c8c8c8'} />
          <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" fill={MUTED}>{t.toFixed(2)}</text>
        </g>
      ))}
      <text x={PAD.left} y={HEIGHT - 8} fill={MUTED}>0 %</text>
      <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" fill={MUTED}>100 % of the pixels</text>
      {orders.map((order, i) => {
        const colour = order === 'random' ? RANDOM_COLOUR : LINE_COLOURS[i % LINE_COLOURS.length]!;
        const points = curveOf(evaluation, kind, order).flatMap((p, step) => (p === undefined ? [] : [[x(evaluation.fractions[step]!), y(p)] as const]));
        return (
          <g key={order} stroke={colour} fill={colour} data-testid={`curve-${kind}-${order}`} data-points={points.length}>
            <polyline points={points.map(([px, py]) => `${px},${py}`).join(' ')} fill="none" strokeWidth={2.5} strokeDasharray={order === 'random' ? '6 4' : undefined} />
            {order !== 'random' && points.map(([px, py], step) => <Marker key={step} shape={MARKERS[i % MARKERS.length]!} x={px} y={py} />)}
          </g>
        );
      })}
    </svg>
  );
});

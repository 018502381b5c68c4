import { cssGradient } from '../../shared/colormaps.ts';
import type { MapView } from '../../shared/render.ts';

interface Props {
  view: MapView;
  /** Full-colour value per map (one entry when shared). */
  scales: { label: string; value: number }[];
}

const format = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toPrecision(2) : v.toExponential(1));

/** The colour bar with its ticks: 0..scale for magnitude, -scale..0..scale for signed maps. */
export function Legend({ view, scales }: Props) {
  const signed = view === 'signed';
  return (
    <div className="legend" aria-label="Colour legend">
      <div className="legend-bar" style={{ background: cssGradient(signed ? 'blueRed' : 'viridis') }} />
      <div className="legend-ticks" aria-hidden="true">
        <span>{signed ? '−scale' : '0'}</span>
        {signed && <span>0</span>}
        <span>{signed ? '+scale' : 'scale'}</span>
      </div>
      <p className="legend-text">
        {signed ? 'Sum of the three colour channels\u2019 gradients; blue negative, red positive. ' : 'Largest |gradient| over the colour channels. '}
        Clipped at the 99th percentile: scale = {scales.map((s) => `${format(s.value)}${s.label ? ` (${s.label})` : ''}`).join(', ')}.
      </p>
    </div>
  );
}

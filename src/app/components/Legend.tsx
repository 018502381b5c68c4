import { cssGradient } from '../../shared/colormaps.ts';
import type { LegendContent } from '../legend-content.ts';

/** The colour bar with its ticks: 0..top for magnitude, -top..0..top for signed maps (each map's own top is written under it). */
export function Legend({ content, label = 'Colour legend', testId }: { content: Pick<LegendContent, 'colormap' | 'ticks' | 'text'>; label?: string; testId?: string }) {
  return (
    <div className="legend" role="group" aria-label={label} data-testid={testId}>
      <div className="legend-bar" style={{ background: cssGradient(content.colormap) }} />
      <div className="legend-ticks" aria-hidden="true">
        {content.ticks.map((tick) => <span key={tick}>{tick}</span>)}
      </div>
      <p className="legend-text">{content.text}</p>
    </div>
  );
}

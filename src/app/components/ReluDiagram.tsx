import { METHOD_INFO, RULES } from '../../shared/methods.ts';
import { reluOutcome, type ReluSample } from '../../shared/relu-sample.ts';

interface Props {
  sample: ReluSample;
  className: string;
}

const format = (v: number) => (v === 0 ? '0' : Math.abs(v) < 9.995 ? v.toFixed(2) : v.toFixed(0));

/**
 * One ReLU of the real network on the image on screen: a window of its forward input x and of the
 * gradient dy that came back to it, and what each rule passes on. Red cells: x ≤ 0 (the unit was
 * off); yellow cells: dy ≤ 0. dy is shown divided by the window's largest |dy|, which is stated.
 */
export function ReluDiagram({ sample, className }: Props) {
  const { forwardBlocked, backwardBlocked, passed } = reluOutcome(sample);
  const unit = Math.max(...sample.dy.map(Math.abs)) || 1;
  const [height, width, channels] = sample.layerShape;
  const grid = (title: string, values: number[], mark: (i: number) => 'off' | 'negative' | undefined, scale = 1) => (
    <table className="relu-grid" key={title}>
      <caption>{title}</caption>
      <tbody>
        {Array.from({ length: sample.size }, (_, r) => (
          <tr key={r}>
            {Array.from({ length: sample.size }, (_, c) => {
              const i = r * sample.size + c;
              const state = mark(i);
              return <td key={c} className={state} data-state={state ?? 'pass'}>{format(values[i]! / scale)}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <figure className="relu-diagram" data-testid="relu-diagram">
      <figcaption>
        <strong>Inside one ReLU</strong>, for “{className}”: a {sample.size}×{sample.size} window of channel {sample.channel} of the first ReLU
        layer ({height}×{width}×{channels}), at row {sample.row}, column {sample.col}: around the strongest gradient that reached a unit that was off.
        <span className="key"><span className="off">red</span>: x ≤ 0, the unit was off · <span className="negative">yellow</span>: dy ≤ 0 · dy in units of {unit.toExponential(1)}</span>
      </figcaption>
      <div className="relu-grids">
        {grid('forward input x', sample.x, (i) => (forwardBlocked[i] ? 'off' : undefined))}
        {grid('gradient back, dy', sample.dy, (i) => (backwardBlocked[i] ? 'negative' : undefined), unit)}
        {RULES.map((method) => grid(`${METHOD_INFO[method].title} passes`, passed[method], (i) => {
          if (passed[method][i] !== 0 || sample.dy[i] === 0) return undefined;
          return forwardBlocked[i] && method !== 'deconvnet' ? 'off' : 'negative';
        }, unit))}
      </div>
    </figure>
  );
}

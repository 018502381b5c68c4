import type { ClassScore } from '../../shared/protocol.ts';

interface Props {
  top: ClassScore[];
  selected?: number;
  className: (index: number) => string;
  onSelect: (index: number) => void;
}

/** The top-5 classes; choosing one recomputes the maps for it. */
export function TopClasses({ top, selected, className, onSelect }: Props) {
  return (
    <ol className="top-classes" aria-label="Top 5 classes">
      {top.map(({ index, probability }) => (
        <li key={index}>
          <button type="button" aria-pressed={index === selected} onClick={() => onSelect(index)} data-class={index}>
            <span className="class-name">{className(index)}</span>
            <span className="probability">{(100 * probability).toFixed(1)} %</span>
            <span className="bar" style={{ width: `${Math.max(1, 100 * probability)}%` }} aria-hidden="true" />
          </button>
        </li>
      ))}
    </ol>
  );
}

import { useId, type ReactNode } from 'react';
import { familiesOf, methodInColumn, type Method } from '../../shared/methods.ts';
import type { RenderedMap } from '../../shared/render-maps.ts';
import type { MapResult } from '../state/session.ts';
import { completenessLine, MapPanel, type RowKind } from './MapPanel.tsx';

interface Props {
  heading: ReactNode;
  /** The methods on screen, in table order. */
  methods: readonly Method[];
  maps: Partial<Record<Method, MapResult>> | undefined;
  rendered: Partial<Record<Method, RenderedMap>>;
  /** The class asked for, shown as the heading's class while its maps are computed. */
  classIndex: number | undefined;
  className: (index: number) => string;
  computing: boolean;
  row?: RowKind;
  testId: string;
  /** Each map's colour range, from its scale. */
  range: (map: RenderedMap) => string;
  /** The columns each line spans (presentation mode's grid may take fewer than three). */
  columns?: number;
}

/**
 * One class's maps under the class's name: a line per family of methods (the gradient rules,
 * Grad-CAM, SmoothGrad), each method in its table column, so a counterpart sits under the map it
 * is made from. What a line's maps sum to (IG's completeness) fills the line's free column, so it
 * adds no height; a line without one has it under its maps.
 */
export function MapRow({ heading, methods, maps, rendered, classIndex, className, computing, row = 'map', testId, range, columns = 3 }: Props) {
  const headingId = useId();
  return (
    <section className="map-row-section" aria-labelledby={headingId} data-testid={testId}>
      <h3 className="row-heading" id={headingId}>{heading}</h3>
      {familiesOf(methods).map((family) => {
        const cells = Array.from({ length: columns }, (_, column) => methodInColumn(family, column, methods));
        const sums = cells.flatMap((method) => {
          const result = method && maps?.[method];
          return result && result.completeness
            ? [<p key={method} className="completeness" data-testid={`${row}-completeness-${method}`}>{completenessLine(result.completeness, result.progress)}</p>]
            : [];
        });
        const free = cells.indexOf(undefined);
        return (
          <div className="map-row" key={family} data-family={family}>
            {cells.map((method, column) => method
              ? <MapPanel key={method} method={method} result={maps?.[method]} rendered={rendered[method]} row={row} computing={computing}
                  range={rendered[method] && range(rendered[method])}
                  pendingClass={classIndex !== undefined ? className(classIndex) : undefined} className={className} />
              : column === free && sums.length > 0
                ? <div key={column} className="map-gap line-notes">{sums}</div>
                : <div key={column} className="map-gap" aria-hidden="true" />)}
            {free < 0 && sums.length > 0 && <div className="line-notes wide">{sums}</div>}
          </div>
        );
      })}
    </section>
  );
}

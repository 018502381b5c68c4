import { useId, type ReactNode } from 'react';
import { METHODS, type Method } from '../../shared/methods.ts';
import type { RenderedMap } from '../../shared/render-maps.ts';
import type { MapResult } from '../state/session.ts';
import { MapPanel } from './MapPanel.tsx';

interface Props {
  heading: ReactNode;
  maps: Partial<Record<Method, MapResult>> | undefined;
  rendered: Partial<Record<Method, RenderedMap>>;
  /** The class asked for, shown as the heading's class while its maps are computed. */
  classIndex: number | undefined;
  className: (index: number) => string;
  computing: boolean;
  second?: boolean;
  testId: string;
  /** Each map's colour range, from its scale. */
  range: (top: number) => string;
}

/** One class's three maps side by side, under the class's name. */
export function MapRow({ heading, maps, rendered, classIndex, className, computing, second, testId, range }: Props) {
  const headingId = useId();
  return (
    <section className="map-row-section" aria-labelledby={headingId} data-testid={testId}>
      <h3 className="row-heading" id={headingId}>{heading}</h3>
      <div className="map-row">
        {METHODS.map((method) => (
          <MapPanel key={method} method={method} result={maps?.[method]} rendered={rendered[method]} second={second} computing={computing}
            range={rendered[method] && range(rendered[method].scale)}
            pendingClass={classIndex !== undefined ? className(classIndex) : undefined} className={className} />
        ))}
      </div>
    </section>
  );
}

import type { Ref } from 'react';
import { CURVE_KINDS, type CurveKind } from '../../shared/faithfulness.ts';
import { METHOD_INFO } from '../../shared/methods.ts';
import { saveBlob, slug } from '../download.ts';
import { areaOf, curvesCsv, evaluationCaption, innerStepsDone } from '../evaluation-summary.ts';
import type { EvaluationResult } from '../state/session.ts';
import { CurveChart, RANDOM_COLOUR } from './CurveChart.tsx';
import { LINE_COLOURS, markerGlyph } from './SanityChart.tsx';

interface Props {
  evaluation: EvaluationResult | undefined;
  chartRefs: Record<CurveKind, Ref<SVGSVGElement>>;
  className: (index: number) => string;
  computing: boolean;
  onExport: () => void;
}

const area = (v: number | undefined) => (v === undefined ? '…' : v.toFixed(2));

/**
 * The faithfulness test (Petsiuk et al. 2018): for each map on screen, the class's probability as
 * its top-ranked pixels are deleted, and as they are inserted into a blurred image, against a random
 * order; the area under each curve, and what the numbers say.
 */
export function EvaluationPanel({ evaluation, chartRefs, className, computing, onExport }: Props) {
  if (!evaluation) {
    return <section className="evaluation" data-testid="evaluation"><p className="evaluation-caption">{computing ? 'The faithfulness test starts once the maps are done.' : 'Starting the faithfulness test…'}</p></section>;
  }
  const done = innerStepsDone(evaluation);
  const total = evaluation.fractions.length - 2;
  const name = className(evaluation.classIndex);
  return (
    <section className="evaluation" data-testid="evaluation" data-steps-done={done} data-class={evaluation.classIndex} aria-labelledby="evaluation-title">
      <h3 id="evaluation-title">
        Faithfulness · {name}
        <span className="evaluation-progress" data-testid="evaluation-progress"> · {done} of {total} steps</span>
      </h3>
      <div className="evaluation-charts">
        {CURVE_KINDS.map((kind) => <CurveChart key={kind} ref={chartRefs[kind]} evaluation={evaluation} kind={kind} />)}
      </div>
      <table className="evaluation-areas" data-testid="evaluation-areas">
        <thead><tr><th scope="col">Order</th><th scope="col">Deletion area (lower: more faithful)</th><th scope="col">Insertion area (higher)</th></tr></thead>
        <tbody>
          {[...evaluation.methods, 'random' as const].map((order, i) => (
            <tr key={order} data-order={order} data-deletion={areaOf(evaluation, 'deletion', order)} data-insertion={areaOf(evaluation, 'insertion', order)}>
              <th scope="row">
                {/* The line's colour on its marker only: the palette's orange on white is too faint for text. */}
                <span aria-hidden="true" style={{ color: order === 'random' ? RANDOM_COLOUR : LINE_COLOURS[i % LINE_COLOURS.length] }}>{order === 'random' ? '– –' : markerGlyph(i)}</span>
                {' '}{order === 'random' ? 'random order' : METHOD_INFO[order].title}
              </th>
              <td>{area(areaOf(evaluation, 'deletion', order))}</td>
              <td>{area(areaOf(evaluation, 'insertion', order))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="evaluation-caption" data-testid="evaluation-caption" aria-live="polite">{evaluationCaption(evaluation)}</p>
      <div className="downloads">
        <button type="button" disabled={done < total} onClick={() => saveBlob(new Blob([curvesCsv(evaluation)], { type: 'text/csv' }), `faithfulness-${slug(name)}.csv`)}>Curves .csv</button>
        <button type="button" disabled={done < total} onClick={onExport}>Curves PNG</button>
      </div>
    </section>
  );
}

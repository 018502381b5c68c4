import { areaUnder, CURVE_KINDS, type CurveKind, type CurveOrder } from '../shared/faithfulness.ts';
import { METHOD_INFO, type Method } from '../shared/methods.ts';
import type { EvaluationResult } from './state/session.ts';

/** The orders a test draws, the maps' then the random reference. */
export const ordersOf = (evaluation: EvaluationResult): CurveOrder[] => [...evaluation.methods, 'random'];

/** A curve's probabilities by step, as far as they have come (undefined: not yet). */
export const curveOf = (evaluation: EvaluationResult, kind: CurveKind, order: CurveOrder): (number | undefined)[] =>
  evaluation.curves[`${kind} ${order}`] ?? evaluation.fractions.map(() => undefined);

/** How many steps of every curve are in (the ends come first). */
export function stepsDone(evaluation: EvaluationResult): number {
  const inner = evaluation.fractions.slice(1, -1);
  const complete = (k: number) => CURVE_KINDS.every((kind) => ordersOf(evaluation).every((o) => curveOf(evaluation, kind, o)[k] !== undefined));
  return inner.filter((_, i) => complete(i + 1)).length;
}

export const areaOf = (evaluation: EvaluationResult, kind: CurveKind, order: CurveOrder): number | undefined => areaUnder(curveOf(evaluation, kind, order));

const title = (order: CurveOrder) => (order === 'random' ? 'a random order' : METHOD_INFO[order].title);
const area = (v: number) => v.toFixed(2);

/**
 * What the curves say, from their areas once all are in: which map's order took the class's
 * probability down fastest (deletion: the lower the area, the more faithful) and back up fastest
 * (insertion: the higher, the better), against a random order; and the maps no better than random.
 */
export function evaluationCaption(evaluation: EvaluationResult): string {
  const { methods } = evaluation;
  const areas = (kind: CurveKind) => methods.map((m) => [m, areaOf(evaluation, kind, m)] as const);
  const deletion = areas('deletion');
  const insertion = areas('insertion');
  const [randomDeletion, randomInsertion] = [areaOf(evaluation, 'deletion', 'random'), areaOf(evaluation, 'insertion', 'random')];
  if ([...deletion, ...insertion].some(([, a]) => a === undefined) || randomDeletion === undefined || randomInsertion === undefined) {
    return `Removing each map's top-ranked pixels (deletion) and restoring them to a blurred image (insertion), ${evaluation.fractions.length - 1} steps each: the class's probability after each.`;
  }
  const [bestDeletion] = [...deletion].sort((a, b) => a[1]! - b[1]!)[0]!;
  const [bestInsertion] = [...insertion].sort((a, b) => b[1]! - a[1]!)[0]!;
  const at = (list: typeof deletion, m: Method) => list.find(([x]) => x === m)![1]!;
  const head = `Deletion: ${title(bestDeletion)}'s order took the probability down fastest (area ${area(at(deletion, bestDeletion))}; ${title('random')} ${area(randomDeletion)}, lower is more faithful). `
    + `Insertion: ${title(bestInsertion)}'s brought it back fastest (area ${area(at(insertion, bestInsertion))}; ${title('random')} ${area(randomInsertion)}, higher is more faithful).`;
  const noBetter = methods.filter((m) => at(deletion, m) >= randomDeletion && at(insertion, m) <= randomInsertion);
  return noBetter.length === 0 ? `${head} Every map ranks pixels better than chance.` : `${head} ${listed(noBetter.map(title))} did no better than chance on either curve.`;
}

function listed(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The curves as CSV: a row per step (the fraction of pixels moved), a column per curve; the areas in the last row. */
export function curvesCsv(evaluation: EvaluationResult): string {
  const columns = CURVE_KINDS.flatMap((kind) => ordersOf(evaluation).map((order) => [kind, order] as const));
  const header = ['step', 'fraction of pixels', ...columns.map(([kind, order]) => `${kind} ${order}`)].join(',');
  const rows = evaluation.fractions.map((fraction, step) => [step, fraction, ...columns.map(([kind, order]) => curveOf(evaluation, kind, order)[step] ?? '')].join(','));
  const areas = ['area', '', ...columns.map(([kind, order]) => areaOf(evaluation, kind, order) ?? '')].join(',');
  return [header, ...rows, areas].join('\n') + '\n';
}

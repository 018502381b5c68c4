import { areaUnder, CURVE_KINDS, type CurveKind, type CurveOrder } from '../shared/faithfulness.ts';
import { METHOD_INFO, type Method } from '../shared/methods.ts';
import type { EvaluationResult } from './state/session.ts';
import { inWords } from './words.ts';

/** The orders a test draws, the maps' then the random reference. */
export const ordersOf = (evaluation: EvaluationResult): CurveOrder[] => [...evaluation.methods, 'random'];

/** A curve's probabilities by step, as far as they have come (undefined: not yet). */
export const curveOf = (evaluation: EvaluationResult, kind: CurveKind, order: CurveOrder): (number | undefined)[] =>
  evaluation.curves[`${kind} ${order}`] ?? evaluation.fractions.map(() => undefined);

/** How many of the inner steps (between the ends, which come first) every curve has reached: a count. */
export function innerStepsDone(evaluation: EvaluationResult): number {
  const inner = evaluation.fractions.slice(1, -1);
  const complete = (k: number) => CURVE_KINDS.every((kind) => ordersOf(evaluation).every((o) => curveOf(evaluation, kind, o)[k] !== undefined));
  return inner.filter((_, i) => complete(i + 1)).length;
}

export const areaOf = (evaluation: EvaluationResult, kind: CurveKind, order: CurveOrder): number | undefined => areaUnder(curveOf(evaluation, kind, order));

const title = (order: CurveOrder) => (order === 'random' ? 'a random order' : METHOD_INFO[order].title);
const area = (v: number) => v.toFixed(2);

/** Areas closer than this are a tie: the caption does not crown a winner by noise. */
export const TIE = 0.01;

/**
 * What the curves say, from their areas once all are in: which map's order took the class's
 * probability down fastest (deletion: the lower the area, the more faithful) and back up fastest
 * (insertion: the higher, the better), against a random order; ties named as ties; and the maps no
 * better than random on either curve.
 */
export function evaluationCaption(evaluation: EvaluationResult): string {
  const { methods } = evaluation;
  const areas = (kind: CurveKind) => methods.map((m) => [m, areaOf(evaluation, kind, m)] as const);
  const random = { deletion: areaOf(evaluation, 'deletion', 'random'), insertion: areaOf(evaluation, 'insertion', 'random') };
  const all = { deletion: areas('deletion'), insertion: areas('insertion') };
  if ([...all.deletion, ...all.insertion].some(([, a]) => a === undefined) || random.deletion === undefined || random.insertion === undefined) {
    return `Removing each map's top-ranked pixels (deletion) and restoring them to a blurred image (insertion), ${evaluation.fractions.length - 1} steps each: the class's probability after each.`;
  }
  const sentence = (kind: CurveKind) => {
    const lowerIsBetter = kind === 'deletion';
    const ranked = [...all[kind]].sort((a, b) => (lowerIsBetter ? a[1]! - b[1]! : b[1]! - a[1]!));
    const best = ranked[0]![1]!;
    const tied = ranked.filter(([, a]) => Math.abs(a! - best) < TIE).map(([m]) => title(m));
    const who = tied.length > 1 ? `${inWords(tied)} tie` : `${tied[0]}'s order`;
    const verb = lowerIsBetter ? 'took the probability down fastest' : 'brought it back fastest';
    return `${kind === 'deletion' ? 'Deletion' : 'Insertion'}: ${who}${tied.length > 1 ? ': their orders' : ''} ${verb} (area ${area(best)}; ${title('random')} ${area(random[kind]!)}; ${lowerIsBetter ? 'lower' : 'higher'} is more faithful).`;
  };
  const at = (kind: CurveKind, m: Method) => all[kind].find(([x]) => x === m)![1]!;
  const noBetter = methods.filter((m) => at('deletion', m) >= random.deletion! && at('insertion', m) <= random.insertion!);
  const tail = noBetter.length === 0 ? 'Every map ranks pixels better than chance.' : `${inWords(noBetter.map(title))} did no better than chance on either curve.`;
  return `${sentence('deletion')} ${sentence('insertion')} ${tail}`;
}

/** The curves as CSV: a row per step (the fraction of pixels moved), a column per curve; the areas in the last row. */
export function curvesCsv(evaluation: EvaluationResult): string {
  const columns = CURVE_KINDS.flatMap((kind) => ordersOf(evaluation).map((order) => [kind, order] as const));
  const header = ['step', 'fraction of pixels', ...columns.map(([kind, order]) => `${kind} ${order}`)].join(',');
  const rows = evaluation.fractions.map((fraction, step) => [step, fraction, ...columns.map(([kind, order]) => curveOf(evaluation, kind, order)[step] ?? '')].join(','));
  const areas = ['area', '', ...columns.map(([kind, order]) => areaOf(evaluation, kind, order) ?? '')].join(',');
  return [header, ...rows, areas].join('\n') + '\n';
}

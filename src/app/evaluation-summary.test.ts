import { describe, expect, it } from 'vitest';
import { curveFractions } from '../shared/faithfulness.ts';
import { curvesCsv, evaluationCaption, innerStepsDone } from './evaluation-summary.ts';
import type { EvaluationResult } from './state/session.ts';

const fractions = curveFractions(4);
/** A curve falling linearly from 1 to `end` (its area is (1 + end) / 2), or rising from `start` to 1. */
const falling = (end: number) => fractions.map((f) => 1 - f * (1 - end));
const rising = (start: number) => fractions.map((f) => start + f * (1 - start));

function evaluation(curves: EvaluationResult['curves']): EvaluationResult {
  return { classIndex: 3, methods: ['vanilla', 'guided'], fractions, curves, of: {}, seed: 1 };
}

describe('the faithfulness summary', () => {
  const complete = evaluation({
    'deletion vanilla': falling(0), 'deletion guided': falling(0.4), 'deletion random': falling(0.6),
    'insertion vanilla': rising(0.2), 'insertion guided': rising(0.5), 'insertion random': rising(0),
  });

  it('counts the steps every curve has, and names the winners from the areas', () => {
    expect(innerStepsDone(complete)).toBe(3);
    expect(innerStepsDone(evaluation({ ...complete.curves, 'insertion random': [1, 0.5, undefined, undefined, 1] }))).toBe(1);
    const caption = evaluationCaption(complete);
    expect(caption).toContain('Deletion: Vanilla gradient\'s order took the probability down fastest (area 0.50; a random order 0.80; lower is more faithful)');
    expect(caption).toContain('Insertion: Guided backprop\'s order brought it back fastest (area 0.75; a random order 0.50;');
    expect(caption).toContain('Every map ranks pixels better than chance.');
  });

  it('names a tie as a tie, and a map no better than chance', () => {
    const tied = evaluation({ ...complete.curves, 'deletion guided': falling(0.01), 'insertion vanilla': rising(0) });
    expect(evaluationCaption(tied)).toContain('Deletion: Vanilla gradient and Guided backprop tie: their orders took the probability down fastest');
    const chance = evaluation({ ...complete.curves, 'deletion vanilla': falling(0.6), 'insertion vanilla': rising(0) });
    expect(evaluationCaption(chance)).toContain('Vanilla gradient did no better than chance on either curve.');
  });

  it('writes every curve and its area as CSV', () => {
    const lines = curvesCsv(complete).trim().split('\n');
    expect(lines[0]).toBe('step,fraction of pixels,deletion vanilla,deletion guided,deletion random,insertion vanilla,insertion guided,insertion random');
    expect(lines[1]).toBe('0,0,1,1,1,0.2,0.5,0');
    expect(lines).toHaveLength(fractions.length + 2);
    const areas = lines.at(-1)!.split(',');
    expect(areas.slice(0, 2)).toEqual(['area', '']);
    areas.slice(2).map(Number).forEach((a, i) => expect(a).toBeCloseTo([0.5, 0.7, 0.8, 0.6, 0.75, 0.5][i]!, 12));
  });
});

import { describe, expect, it } from 'vitest';
import type { Method } from '../shared/methods.ts';
import { correlationsCsv, sanityCaption, lastStepDone } from './sanity-summary.ts';
import type { SanityResult } from './state/session.ts';

const cell = (correlation: number) => ({ values: new Float32Array(3), shape: [1, 1, 3] as [number, number, number], correlation });
const cascade = (byMethod: Partial<Record<Method, number[]>>): SanityResult => ({
  classIndex: 250,
  steps: ['Logits', 'Mixed_7c', 'Mixed_7b', 'Mixed_7a'],
  methods: Object.keys(byMethod) as Method[],
  maps: Object.fromEntries(Object.entries(byMethod).map(([m, values]) => [m, values.map(cell)])),
});

describe('the sanity check in words and numbers', () => {
  it('names the maps that survived the top layers and those that did not, from the numbers', () => {
    const sanity = cascade({ vanilla: [1, 0.4, 0.2, 0.1, 0.05], guided: [1, 0.95, 0.9, 0.85, 0.8] });
    expect(lastStepDone(sanity)).toBe(4);
    expect(sanityCaption(sanity)).toBe(
      "Logits, Mixed_7c and Mixed_7b randomized, rank correlation with the trained model's map: Guided backprop 0.85 survived; "
      + "Vanilla gradient 0.10 did not. A map that survives the model's destruction shows the image, not what the model learned.",
    );
  });

  it('reads as far as every map has come', () => {
    const sanity = cascade({ vanilla: [1, 0.3], guided: [1, 0.2, 0.1] });
    expect(lastStepDone(sanity)).toBe(1);
    expect(sanityCaption(sanity)).toMatch(/^Logits randomized, .*Every map changed with the model/);
    expect(sanityCaption(cascade({ vanilla: [1] }))).toMatch(/^Randomizing the model/);
  });

  it('writes the correlations as CSV, a row per step done', () => {
    expect(correlationsCsv(cascade({ vanilla: [1, 0.5], guided: [1, 0.25, 0.1] }))).toBe(
      'step,layer randomized,vanilla,guided\n0,none (trained),1,1\n1,Logits,0.5,0.25\n',
    );
  });
});

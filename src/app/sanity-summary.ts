import { METHOD_INFO, type Method } from '../shared/methods.ts';
import type { SanityResult } from './state/session.ts';
import { inWords } from './words.ts';

/** A map whose rank correlation with the trained model's stays at or above this has survived the randomization. */
export const SURVIVES = 0.5;
/** The caption reads the cascade after this many layers (Adebayo et al.'s lesson: the logits and the top blocks). */
export const TOP_LAYERS = 3;

/** Each method's correlations by step, as far as they have come (undefined: not yet). */
export const correlations = (sanity: SanityResult, method: Method): (number | undefined)[] =>
  Array.from({ length: sanity.steps.length + 1 }, (_, step) => sanity.maps[method]?.[step]?.correlation);

/** The index of the last step every method's map has reached (-1: none yet; 0 is the trained model). */
export function lastStepDone(sanity: SanityResult): number {
  let step = -1;
  while (step < sanity.steps.length && sanity.methods.every((m) => sanity.maps[m]?.[step + 1])) step++;
  return step;
}

/**
 * The teaching caption, from the numbers on screen: after the top layers are randomized (or as far
 * as the cascade has come), which maps still look like the trained model's and which do not.
 */
export function sanityCaption(sanity: SanityResult): string {
  const step = Math.min(TOP_LAYERS, lastStepDone(sanity));
  if (step < 1) return 'Randomizing the model from the logits down: each map is recomputed after every layer.';
  const layers = inWords(sanity.steps.slice(0, step));
  const at = (m: Method) => sanity.maps[m]![step]!.correlation;
  const byCorrelation = [...sanity.methods].sort((a, b) => at(b) - at(a));
  const describe = (ms: Method[]) => inWords(ms.map((m) => `${METHOD_INFO[m].title} ${at(m).toFixed(2)}`));
  const survived = byCorrelation.filter((m) => at(m) >= SURVIVES);
  const changed = byCorrelation.filter((m) => at(m) < SURVIVES);
  const head = `${layers} randomized, rank correlation with the trained model's map: `;
  if (changed.length === 0) return `${head}${describe(survived)}. Every map survived: none depends much on what ${step === 1 ? 'that layer' : 'those layers'} learned.`;
  if (survived.length === 0) return `${head}${describe(changed)}. Every map changed with the model, as an explanation of the model should.`;
  return `${head}${describe(survived)} survived; ${describe(changed)} did not. A map that survives the model's destruction shows the image, not what the model learned.`;
}

/** The correlations as CSV: a row per step (0: the trained model), a column per method. */
export function correlationsCsv(sanity: SanityResult): string {
  const header = ['step', 'layer randomized', ...sanity.methods].join(',');
  const rows = Array.from({ length: lastStepDone(sanity) + 1 }, (_, step) =>
    [step, step === 0 ? 'none (trained)' : sanity.steps[step - 1], ...sanity.methods.map((m) => sanity.maps[m]![step]!.correlation)].join(','));
  return [header, ...rows].join('\n') + '\n';
}

import type { CompareChoice } from './protocol.ts';

/**
 * The example gallery. `id` is used in shareable URLs (?example=<id>): never rename one.
 * `expectedLabel` is the bundled model's top-1, checked by the classification test; `contrastLabel`
 * is a second ImageNet class in view, for class-contrast demos. Both are class names, so any model
 * with that label finds them (the compare view of another model starts on its runner-up).
 * Sources and licences: public/examples/ATTRIBUTION.md.
 */
export interface Example {
  id: string;
  title: string;
  file: string;
  alt: string;
  expectedLabel: string;
  contrastLabel?: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'dog',
    title: 'Dog, bicycle and truck',
    file: 'dog.jpg',
    alt: 'A malamute sitting beside a bicycle, with a pickup truck behind them',
    expectedLabel: 'malamute',
    contrastLabel: 'mountain bike',
  },
  {
    id: 'eagle',
    title: 'Bald eagle',
    file: 'eagle.jpg',
    alt: 'A bald eagle perched on a branch',
    expectedLabel: 'bald eagle',
  },
  {
    id: 'coffee',
    title: 'Coffee mug',
    file: 'coffee.jpg',
    alt: 'A cup of coffee on a table',
    expectedLabel: 'coffee mug',
  },
];

export const DEFAULT_EXAMPLE_ID = 'dog';

export function findExample(id: string): Example | undefined {
  return EXAMPLES.find((example) => example.id === id);
}

/** The second class the compare view starts with: the example's own contrast class if the model has it, else the runner-up. */
export function secondClassFor(exampleId: string | undefined, labels: readonly string[]): CompareChoice {
  const contrast = findExample(exampleId ?? '')?.contrastLabel;
  const index = contrast === undefined ? -1 : labels.indexOf(contrast);
  return index >= 0 ? index : 'runner-up';
}

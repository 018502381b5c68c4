import type { CompareChoice } from './protocol.ts';

/**
 * The example gallery. `id` is used in shareable URLs (?example=<id>): never rename one.
 * `expectedClass` is the model's top-1 (index into the 1001 outputs, 0 = background), checked by
 * the classification test; `contrastClass` is a second ImageNet class in view, for class-contrast demos.
 * Sources and licences: public/examples/ATTRIBUTION.md.
 */
export interface Example {
  id: string;
  title: string;
  file: string;
  alt: string;
  expectedClass: number;
  contrastClass?: number;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'dog',
    title: 'Dog, bicycle and truck',
    file: 'dog.jpg',
    alt: 'A malamute sitting beside a bicycle, with a pickup truck behind them',
    expectedClass: 250, // malamute
    contrastClass: 672, // mountain bike
  },
  {
    id: 'eagle',
    title: 'Bald eagle',
    file: 'eagle.jpg',
    alt: 'A bald eagle perched on a branch',
    expectedClass: 23, // bald eagle
  },
  {
    id: 'coffee',
    title: 'Coffee mug',
    file: 'coffee.jpg',
    alt: 'A cup of coffee on a table',
    expectedClass: 505, // coffee mug
  },
];

export const DEFAULT_EXAMPLE_ID = 'dog';

export function findExample(id: string): Example | undefined {
  return EXAMPLES.find((example) => example.id === id);
}

/** The second class the compare view starts with: the example's own contrast class, else the runner-up. */
export function secondClassFor(exampleId: string | undefined): CompareChoice {
  return findExample(exampleId ?? '')?.contrastClass ?? 'runner-up';
}

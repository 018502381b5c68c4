/** The three saliency methods: how each treats a ReLU's gradient on the way back. */
export const METHODS = ['vanilla', 'deconvnet', 'guided'] as const;
export type Method = (typeof METHODS)[number];

/** One value from each method's entry that is present (maps still computing are left out). */
export function perMethod<T, V>(entries: Partial<Record<Method, T>> | undefined, value: (entry: T) => V): Partial<Record<Method, V>> {
  return Object.fromEntries(METHODS.flatMap((m) => (entries?.[m] !== undefined ? [[m, value(entries[m])]] : [])));
}

export interface MethodInfo {
  title: string;
  /** One line: what the rule does to a ReLU's gradient. */
  rule: string;
  /** The teaching caption: what the rule means for the picture, in plain words. */
  lesson: string;
  reference: string;
}

export const METHOD_INFO: Record<Method, MethodInfo> = {
  vanilla: {
    title: 'Vanilla gradient',
    rule: 'A ReLU passes the gradient where its forward input was positive: the true derivative.',
    lesson: 'Every unit that was on lets the gradient through, positive or negative: the exact sensitivity of the score, which is why the map looks noisy and changes from class to class.',
    reference: 'Simonyan, Vedaldi & Zisserman 2014',
  },
  deconvnet: {
    title: 'Deconvnet',
    rule: 'A ReLU passes only positive gradients, whatever its forward input was.',
    lesson: 'The forward pass is ignored at each ReLU: only the signal that would raise the score flows back, so the map shows the patterns the filters respond to, even where they were off.',
    reference: 'Zeiler & Fergus 2014',
  },
  guided: {
    title: 'Guided backprop',
    rule: 'A ReLU passes a gradient only where both it and the forward input were positive.',
    lesson: 'Both gates at once: a unit must have been on and the gradient must be positive. The result is sharp edges of the object, and it barely changes when you pick another class.',
    reference: 'Springenberg et al. 2015',
  },
};

export interface RuleFlags {
  /** Multiply by the forward mask [x > 0]. */
  forwardMask: boolean;
  /** Keep only positive gradients. */
  positiveGradient: boolean;
}

/** The three rules as two switches on a ReLU's gradient (the worker's gradients and the teaching diagram share them). */
export const METHOD_RULES: Record<Method, RuleFlags> = {
  vanilla: { forwardMask: true, positiveGradient: false },
  deconvnet: { forwardMask: false, positiveGradient: true },
  guided: { forwardMask: true, positiveGradient: true },
};

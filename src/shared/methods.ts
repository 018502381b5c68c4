/** The three saliency methods: how each treats a ReLU's gradient on the way back. */
export const METHODS = ['vanilla', 'deconvnet', 'guided'] as const;
export type Method = (typeof METHODS)[number];

export interface MethodInfo {
  title: string;
  /** One line: what the rule does to a ReLU's gradient. */
  rule: string;
  reference: string;
}

export const METHOD_INFO: Record<Method, MethodInfo> = {
  vanilla: {
    title: 'Vanilla gradient',
    rule: 'A ReLU passes the gradient where its forward input was positive: the true derivative.',
    reference: 'Simonyan, Vedaldi & Zisserman 2014',
  },
  deconvnet: {
    title: 'Deconvnet',
    rule: 'A ReLU passes only positive gradients, whatever its forward input was.',
    reference: 'Zeiler & Fergus 2014',
  },
  guided: {
    title: 'Guided backprop',
    rule: 'A ReLU passes a gradient only where both it and the forward input were positive.',
    reference: 'Springenberg et al. 2015',
  },
};

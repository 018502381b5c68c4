/**
 * Activations the rules leave alone, by TF.js op, with the words the page says them in (one, many):
 * deconvnet and guided backprop rewrite ReLUs, and every other activation passes its plain gradient
 * (Captum's guided backprop does the same).
 */
export const PLAIN_GRADIENT_ACTIVATIONS: Record<string, [string, string]> = {
  Elu: ['ELU', 'ELUs'],
  Selu: ['SELU', 'SELUs'],
  LeakyRelu: ['leaky ReLU', 'leaky ReLUs'],
  Prelu: ['PReLU', 'PReLUs'],
  Sigmoid: ['sigmoid', 'sigmoids'],
  Tanh: ['tanh', 'tanhs'],
  Softplus: ['softplus', 'softpluses'],
  Swish: ['swish', 'swishes'],
  HardSwish: ['hard swish', 'hard swishes'],
  Mish: ['Mish', 'Mishes'],
  Gelu: ['GELU', 'GELUs'],
  // PyTorch's Hardsigmoid and Hardswish (and a ReLU capped elsewhere than 6) reach the graph as a clip.
  ClipByValue: ['clip (a hard sigmoid)', 'clips (hard sigmoids)'],
};

export const isPlainGradientActivation = (op: string) => Object.hasOwn(PLAIN_GRADIENT_ACTIVATIONS, op);

/** "28 clips (hard sigmoids), 1 sigmoid": the activations of a model the rules leave alone, counted. */
export function activationsInWords(counts: Record<string, number>): string {
  return Object.entries(counts).map(([op, n]) => {
    const [one, many] = PLAIN_GRADIENT_ACTIVATIONS[op] ?? [op, op];
    return `${n} ${n === 1 ? one : many}`;
  }).join(', ');
}

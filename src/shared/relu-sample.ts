import { RULE_FLAGS, RULES, type Rule } from './methods.ts';

/**
 * A window of one ReLU of the real network, taken during the vanilla backward pass of the image on
 * screen: its forward input x and the gradient dy that reached its output. The teaching diagram
 * draws what each rule makes of these same numbers.
 */
export interface ReluSample {
  /** The layer's activation shape [height, width, channels]. */
  layerShape: number[];
  /** The window's top-left corner and channel in that layer. */
  row: number;
  col: number;
  channel: number;
  /** The window is size × size, row-major. */
  size: number;
  x: number[];
  dy: number[];
}

export interface ReluOutcome {
  /** Where x ≤ 0: the ReLU was off in the forward pass. */
  forwardBlocked: boolean[];
  /** Where dy ≤ 0: the gradient coming back is not positive. */
  backwardBlocked: boolean[];
  /** The gradient each rule passes on to the layer below. */
  passed: Record<Rule, number[]>;
}

export function reluOutcome({ x, dy }: Pick<ReluSample, 'x' | 'dy'>): ReluOutcome {
  const forwardBlocked = x.map((v) => v <= 0);
  const backwardBlocked = dy.map((v) => v <= 0);
  const passed = Object.fromEntries(RULES.map((method) => {
    const { forwardMask, positiveGradient } = RULE_FLAGS[method];
    return [method, dy.map((g, i) => ((forwardMask && forwardBlocked[i]) || (positiveGradient && backwardBlocked[i]) ? 0 : g))];
  })) as Record<Rule, number[]>;
  return { forwardBlocked, backwardBlocked, passed };
}

import { shareIdentityDataOnWasm, splitWithoutCopiesOnWasm } from '../engine/tfjs-internals.ts';
import { registerExactAvgPoolGradient } from './avg-pool-gradient.ts';
import { registerForwardConvGradient } from './conv-input-gradient.ts';
import { registerRuleGradients } from './gradient-rules.ts';
import { registerFirstMaxPoolGradient } from './max-pool-gradient.ts';

/**
 * Every kernel and gradient the maps need, registered once before any pass: the three ReLU rules,
 * the exact AvgPool and first-maximum MaxPool gradients, conv input gradients as forward convs, and
 * an Identity that shares data on wasm (so a recorded pass copies nothing), and a SplitV that copies
 * from the heap on wasm (Concat's gradient).
 */
export function registerSaliencyKernels(): void {
  registerRuleGradients();
  registerExactAvgPoolGradient();
  registerForwardConvGradient();
  registerFirstMaxPoolGradient();
  shareIdentityDataOnWasm();
  splitWithoutCopiesOnWasm();
}

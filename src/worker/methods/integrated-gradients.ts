import * as tf from '@tensorflow/tfjs';
import type { Completeness, MapShape } from '../../shared/protocol.ts';
import { forwardBatch } from './forward-batch.ts';
import { backwardPass, download, recordNetOn, type ManyPassMaps } from './net.ts';

/**
 * The order Integrated Gradients visits its N midpoints in: bit-reversed (van der Corput), so the
 * running mean after any number of steps is spread over the whole path from the baseline to the
 * image, not bunched at the baseline's end. Each of 0..N−1 exactly once.
 */
export function spreadOrder(n: number): number[] {
  const bits = Math.max(1, Math.ceil(Math.log2(n)));
  const reversed = (j: number) => parseInt(j.toString(2).padStart(bits, '0').split('').reverse().join(''), 2);
  return Array.from({ length: 2 ** bits }, (_, j) => reversed(j)).filter((j) => j < n);
}

/**
 * Integrated Gradients (Sundararajan et al. 2017) from the baseline x′ = 0, the zero model input:
 * x ⊙ the mean of the vanilla gradient of the class's logit at α_j x, α_j = (j + ½)/N (a midpoint
 * Riemann sum). One forward pass per step serves every class; the running result is yielded after
 * each step with its completeness: the attributions' sum against logit(x) − logit(x′). A batch of 4
 * steps per pass took 0.96x the time of one at a time on wasm (bench/results-batching.json): not
 * worth 4x the memory of a recorded pass, so the steps go one at a time.
 */
export const integratedGradients: ManyPassMaps = async function* ({ net, input, classes: classList, imageLogits, settings: { steps } }) {
  const [height, width, channels] = input.shape.slice(1) as MapShape;
  const image = (await input.data()) as Float32Array;
  const [baselineLogits] = await forwardBatch(net, [new Float32Array(image.length)], [height, width, channels]);
  const sums = classList.map(() => new Float64Array(image.length));
  for (const [done, j] of spreadOrder(steps).entries()) {
    const alpha = (j + 0.5) / steps;
    const tape = recordNetOn(net, () => tf.mul(input, alpha) as tf.Tensor4D);
    try {
      for (const [row, classIndex] of classList.entries()) {
        const { values } = await download(backwardPass(tape, 'vanilla', classIndex).input);
        const sum = sums[row]!;
        for (let i = 0; i < values.length; i++) sum[i]! += values[i]!;
        const attribution = Float32Array.from(sum, (g, i) => (image[i]! * g) / (done + 1));
        const completeness: Completeness = { sum: attribution.reduce((a, b) => a + b, 0), baseline: baselineLogits![classIndex]!, image: imageLogits[classIndex]! };
        yield { method: 'integrated-gradients', classIndex, row, values: attribution, shape: [height, width, channels], progress: { done: done + 1, total: steps }, completeness };
      }
    } finally {
      tape.dispose();
    }
  }
};

import * as tf from '@tensorflow/tfjs';
import type { Net } from './net.ts';
import type { MapShape } from '../../shared/protocol.ts';

/**
 * Inputs per forward pass for the methods made of forward passes only (occlusion, the faithfulness
 * curves): on wasm a batch of 4 Inception V3 inputs took 0.92x the time per input of one at a time,
 * a batch of 8 no less (bench/results-batching.json); GPUs, not yet measured, gain more from batches.
 */
export const FORWARD_BATCH = 4;

/** The logits (or, asked, the softmax probabilities) of each input [H × W × C], in one forward pass. */
export async function forwardBatch(net: Net, inputs: readonly Float32Array[], [height, width, channels]: Readonly<MapShape>, softmax = false): Promise<Float32Array[]> {
  const batch = new Float32Array(inputs.length * height * width * channels);
  inputs.forEach((input, i) => batch.set(input, i * input.length));
  const scores = tf.tidy(() => {
    const out = net(tf.tensor4d(batch, [inputs.length, height, width, channels]));
    const logits = out instanceof tf.Tensor ? out : out.logits;
    return softmax ? tf.softmax(logits) : logits;
  });
  try {
    const values = (await scores.data()) as Float32Array;
    const classes = scores.shape[1]!;
    return inputs.map((_, i) => values.subarray(i * classes, (i + 1) * classes));
  } finally {
    scores.dispose();
  }
}

/** Items in groups of `size` (the last may be smaller). */
export function* inGroups<T>(items: readonly T[], size = FORWARD_BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

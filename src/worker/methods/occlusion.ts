import { forwardBatch, inGroups } from './forward-batch.ts';
import type { MapShape } from '../../shared/protocol.ts';
import type { ManyPassMaps } from './net.ts';

/** Where a patch starts along a side: every `stride` pixels, and one more flush with the far edge, so every pixel is covered. */
export function patchStarts(side: number, patch: number, stride: number): number[] {
  const size = Math.min(patch, side);
  const starts: number[] = [];
  for (let at = 0; at + size <= side; at += stride) starts.push(at);
  if (starts.at(-1)! + size < side) starts.push(side - size);
  return starts;
}

/**
 * Occlusion (Zeiler & Fergus 2014): the image with a square patch set to the baseline (the zero model
 * input, grey) at each position, and the drop logit(x) − logit(occluded) of each class; a pixel's
 * value is the mean drop over the patches that cover it. Forward passes only, batched; one pass serves
 * every class. The map so far is yielded after each row of patch positions (pixels not yet covered are 0).
 */
export const occlusion: ManyPassMaps = async function* ({ net, input, classes: classList, imageLogits, settings: { patch, stride } }) {
  const [height, width, channels] = input.shape.slice(1) as MapShape;
  const shape = [height, width, channels] as const;
  const image = (await input.data()) as Float32Array;
  const [ph, pw] = [Math.min(patch, height), Math.min(patch, width)];
  const rows = patchStarts(height, patch, stride);
  const columns = patchStarts(width, patch, stride);
  const sums = classList.map(() => new Float64Array(height * width));
  const counts = new Uint16Array(height * width);
  const occluded = (y: number, x: number) => {
    const out = image.slice();
    for (let r = y; r < y + ph; r++) out.fill(0, (r * width + x) * channels, (r * width + x + pw) * channels);
    return out;
  };
  for (const [rowDone, y] of rows.entries()) {
    for (const group of inGroups(columns)) {
      const logits = await forwardBatch(net, group.map((x) => occluded(y, x)), shape);
      for (const [i, x] of group.entries()) {
        for (let r = y; r < y + ph; r++) {
          for (let p = r * width + x; p < r * width + x + pw; p++) {
            counts[p]!++;
            for (const [row, classIndex] of classList.entries()) sums[row]![p]! += imageLogits[classIndex]! - logits[i]![classIndex]!;
          }
        }
      }
    }
    for (const [row, classIndex] of classList.entries()) {
      const values = Float32Array.from(sums[row]!, (sum, p) => (counts[p] ? sum / counts[p]! : 0));
      yield { method: 'occlusion', classIndex, row, values, shape: [height, width, 1], progress: { done: rowDone + 1, total: rows.length } };
    }
  }
};

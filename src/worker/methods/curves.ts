import * as tf from '@tensorflow/tfjs';
import { CURVE_KINDS, CURVE_STEPS, curveInput, pixelOrder, pixelsAt, randomOrder, type CurveKind, type CurveOrder } from '../../shared/faithfulness.ts';
import type { CurvePoint, EvaluatedMap, MapShape } from '../../shared/protocol.ts';
import { forwardBatch, inGroups } from './forward-batch.ts';
import type { Net } from './net.ts';

/** Insertion starts from the image blurred by a Gaussian of σ = this fraction of the shorter side (9 px at 299). */
export const BLUR_SIGMA_OF_SIDE = 1 / 32;

/** A Gaussian blur of [1, H, W, C], each channel on its own, the edges mirrored (so they do not fade to the zero baseline). */
export function gaussianBlur(image: tf.Tensor4D, sigma: number): tf.Tensor4D {
  return tf.tidy(() => {
    const channels = image.shape[3];
    const radius = Math.max(1, Math.min(Math.ceil(3 * sigma), Math.min(image.shape[1], image.shape[2]) - 1));
    const weights = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
    const total = weights.reduce((a, b) => a + b, 0);
    const kernel = tf.tensor1d(weights.map((w) => w / total));
    const along = (x: tf.Tensor4D, rows: boolean) => {
      const shape: [number, number, number, number] = rows ? [2 * radius + 1, 1, channels, 1] : [1, 2 * radius + 1, channels, 1];
      const padded = tf.mirrorPad(x, rows ? [[0, 0], [radius, radius], [0, 0], [0, 0]] : [[0, 0], [0, 0], [radius, radius], [0, 0]], 'reflect');
      return tf.depthwiseConv2d(padded, tf.tile(kernel.reshape([...shape.slice(0, 2), 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D, 1, 'valid');
    };
    return along(along(image, true), false);
  });
}

/**
 * The faithfulness test (Petsiuk et al. 2018) of one class: for each map's pixel order and a random
 * one, the class's probability as its top-ranked pixels are replaced by the baseline (deletion, from
 * the image) or restored (insertion, from the blurred image), at CURVE_STEPS + 1 equal fractions.
 * Forward passes only, FORWARD_BATCH at a time, step by step for every curve at once, so all the
 * lines grow together; each batch's points are yielded as they come.
 */
export async function* faithfulnessCurves(net: Net, input: tf.Tensor4D, classIndex: number, maps: readonly EvaluatedMap[], seed: number): AsyncGenerator<CurvePoint[]> {
  const [height, width, channels] = input.shape.slice(1) as MapShape;
  const shape = [height, width, channels] as const;
  const pixels = height * width;
  const image = (await input.data()) as Float32Array;
  const blurredTensor = gaussianBlur(input, BLUR_SIGMA_OF_SIDE * Math.min(height, width));
  const blurred = (await blurredTensor.data()) as Float32Array;
  blurredTensor.dispose();
  const baseline = new Float32Array(image.length);
  const orders = new Map<CurveOrder, Uint32Array>([...maps.map((m) => [m.method, pixelOrder(m.values, m.shape[2])] as const), ['random', randomOrder(pixels, seed)]]);
  const probability = (scores: Float32Array) => scores[classIndex]!;

  // The ends are the same for every order: the image, the baseline, the blurred image.
  const [atImage, atBaseline, atBlurred] = (await forwardBatch(net, [image, baseline, blurred], shape, true)).map(probability) as [number, number, number];
  yield [...orders.keys()].flatMap((order) => [
    { kind: 'deletion', order, step: 0, probability: atImage },
    { kind: 'deletion', order, step: CURVE_STEPS, probability: atBaseline },
    { kind: 'insertion', order, step: 0, probability: atBlurred },
    { kind: 'insertion', order, step: CURVE_STEPS, probability: atImage },
  ] satisfies CurvePoint[]);

  const points: { kind: CurveKind; order: CurveOrder; step: number }[] = [];
  for (let step = 1; step < CURVE_STEPS; step++) {
    for (const order of orders.keys()) for (const kind of CURVE_KINDS) points.push({ kind, order, step });
  }
  for (const group of inGroups(points)) {
    const inputs = group.map(({ kind, order, step }) => {
      const [kept, moved] = kind === 'deletion' ? [image, baseline] : [blurred, image];
      return curveInput(new Float32Array(image.length), kept, moved, orders.get(order)!, pixelsAt(step, pixels), channels);
    });
    const scores = await forwardBatch(net, inputs, shape, true);
    yield group.map((point, i) => ({ ...point, probability: probability(scores[i]!) }));
  }
}

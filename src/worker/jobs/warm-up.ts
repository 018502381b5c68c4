import * as tf from '@tensorflow/tfjs';
import { InputError } from '../input-error.ts';
import { recordNet } from '../methods/net.ts';
import { saliencyMaps } from '../methods/saliency.ts';
import { netOf, type LoadedModel } from '../model/load-model.ts';
import { topClasses } from './top-classes.ts';

/** A model input of zeros at the model's shape: the warm-up and the timed passes need no image. */
function blankInput({ descriptor: { input: { height, width, channels } } }: LoadedModel): tf.Tensor4D {
  return tf.zeros([1, height, width, channels]);
}

/**
 * A job's passes at the model's shapes, so shaders compile and kernels warm before the first image;
 * also the last check of a model: an op without a gradient in TF.js stops the backward pass here.
 */
export async function warmUp(candidate: LoadedModel): Promise<void> {
  const input = blankInput(candidate);
  const net = netOf(candidate);
  try {
    const tape = recordNet(net, input);
    await topClasses(tape.output, candidate.descriptor).catch((error: Error) => {
      tape.dispose();
      throw error;
    });
    for await (const map of saliencyMaps(net, input, 1, ['guided'], { recorded: tape })) void map;
  } catch (error) {
    const op = /gradient function not found for (\w+)/i.exec((error as Error).message)?.[1];
    if (op) throw new InputError(`The model uses the op ${op}, which has no gradient in TF.js, so no map can be computed through it.`, { cause: error });
    throw error;
  } finally {
    input.dispose();
  }
}

/**
 * The work an engine is chosen by: a forward pass and the first backward pass over it (the vanilla
 * rule's, which also builds the max-pool masks), its map read back, so a GPU has finished. The best
 * of two warm runs.
 */
export async function timePass(model: LoadedModel): Promise<number> {
  const input = blankInput(model);
  const times: number[] = [];
  try {
    for (let run = 0; run < 2; run++) {
      const start = performance.now();
      for await (const map of saliencyMaps(netOf(model), input, 0, ['vanilla'])) void map;
      times.push(performance.now() - start);
    }
  } finally {
    input.dispose();
  }
  return Math.min(...times);
}

import * as tf from '@tensorflow/tfjs';
import type { ModelDescriptor } from '../../shared/model-descriptor.ts';
import type { ClassScore } from '../../shared/protocol.ts';

const TOP_K = 5;

/** Softmax probabilities of every class, and the top TOP_K of them (never a background class). */
export async function topClasses(logits: tf.Tensor, { background }: Pick<ModelDescriptor, 'background'>): Promise<{ top: ClassScore[]; probabilities: Float32Array }> {
  const softmax = tf.tidy(() => tf.softmax(logits as tf.Tensor2D).reshape([-1]));
  const probabilities = (await softmax.data()) as Float32Array;
  softmax.dispose();
  const top = [...probabilities.keys()].filter((i) => !(background && i === 0))
    .sort((a, b) => probabilities[b]! - probabilities[a]!).slice(0, TOP_K);
  return { top: top.map((index) => ({ index, probability: probabilities[index]! })), probabilities };
}

import * as tf from '@tensorflow/tfjs';
import type { CamLayer } from '../../shared/model-descriptor.ts';
import type { CascadeStep } from './cascade-steps.ts';

/**
 * The layers a CAM can read, input side first: each layer of the cascade (a node every path from
 * the input to the logits goes through: Inception V3's stem convolutions and mixed blocks) whose
 * output is still a feature map ([1, h, w, channels], h and w above 1), and the feature map before
 * the global pool, the default, last. Their shapes from one forward pass of zeros.
 */
export function camLayers(model: tf.GraphModel, inputShape: number[], cascade: readonly CascadeStep[], features: string): CamLayer[] {
  const steps = [...cascade].reverse();
  const names = [...new Set([...steps.map((s) => s.output), features])];
  const shapes = tf.tidy(() => (model.execute(tf.zeros(inputShape), names) as tf.Tensor[]).map((t) => t.shape));
  const labelOf = (name: string) => steps.find((s) => s.output === name)?.label ?? name;
  const upTo = names.indexOf(features);
  return names.flatMap((name, i) => {
    const [, h, w, channels] = shapes[i]!;
    const spatial = shapes[i]!.length === 4 && h! > 1 && w! > 1;
    return (spatial && i <= upTo) || name === features ? [{ name, label: labelOf(name), shape: [h!, w!, channels!] }] : [];
  });
}

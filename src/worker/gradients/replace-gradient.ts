import * as tf from '@tensorflow/tfjs';

const replaced = new Set<string>();

/**
 * tf.registerGradient, once per kernel: registering replaces tfjs's global entry, and a second
 * registration would wrap (and capture as "stock") our own rule.
 */
export function replaceGradient(config: tf.GradConfig): void {
  if (replaced.has(config.kernelName)) return;
  replaced.add(config.kernelName);
  tf.registerGradient(config);
}

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect, it } from 'vitest';
import { RULES } from '../../shared/methods.ts';
import { registerSaliencyKernels } from '../gradients/register-kernels.ts';
import { computeSaliency } from '../../../test-support/compute-saliency.ts';
import { inceptionLikeNet, seededValues } from '../../../test-support/test-nets.ts';

/**
 * wasm lacks Conv2DBackpropFilter; with the input gradient as a forward conv it needs none, and its
 * maps match the cpu backend's for all three rules.
 */
it('wasm computes the same three maps as cpu with the registered gradients', async () => {
  registerSaliencyKernels();
  const mapsOn = async (backend: string) => {
    await tf.setBackend(backend);
    const net = inceptionLikeNet(6);
    const input = tf.tensor4d(seededValues(17 * 19 * 3, 7), [1, 17, 19, 3]);
    const { gradients, reluRewritesPerPass } = await computeSaliency(net, input, 3, RULES);
    input.dispose();
    return { gradients, reluRewritesPerPass };
  };
  const cpu = await mapsOn('cpu');
  const wasm = await mapsOn('wasm');
  expect(tf.getBackend()).toBe('wasm');
  expect(wasm.reluRewritesPerPass).toBe(3);
  for (const method of RULES) {
    const scale = Math.max(...cpu.gradients[method].map(Math.abs));
    expect(scale).toBeGreaterThan(0);
    wasm.gradients[method].forEach((v, i) => expect(Math.abs(v - cpu.gradients[method][i]!) / scale, method).toBeLessThan(1e-4));
  }
});

it('a depthwise conv net gets its maps on wasm (which has no DepthwiseConv2dNativeBackpropInput)', async () => {
  registerSaliencyKernels();
  const filter = tf.tensor4d(seededValues(3 * 3 * 3 * 2, 11), [3, 3, 3, 2]);
  const head = tf.tensor2d(seededValues(6 * 4, 12), [6, 4]);
  const net = (x: tf.Tensor4D) => {
    const features = tf.relu(tf.depthwiseConv2d(x, filter, 2, 'same'));
    return tf.matMul(tf.mean(features, [1, 2]), head) as tf.Tensor2D;
  };
  const mapsOn = async (backend: string) => {
    await tf.setBackend(backend);
    const input = tf.tensor4d(seededValues(9 * 10 * 3, 13), [1, 9, 10, 3]);
    const { gradients } = await computeSaliency(net, input, 2, ['guided']);
    input.dispose();
    return gradients.guided;
  };
  const cpu = await mapsOn('cpu');
  const wasm = await mapsOn('wasm');
  const scale = Math.max(...cpu.map(Math.abs));
  expect(scale).toBeGreaterThan(0);
  wasm.forEach((v, i) => expect(Math.abs(v - cpu[i]!) / scale).toBeLessThan(1e-4));
});

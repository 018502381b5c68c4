import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { registerRuleGradients, useRule } from './gradient-rules.ts';
import { inceptionLikeNet, seededValues } from '../../../test-support/test-nets.ts';

it("vanilla equals tfjs's default gradient on a net without average pools", async () => {
  await tf.setBackend('cpu');
  const net = inceptionLikeNet(5, false);
  const x = tf.tensor4d(seededValues(1 * 11 * 13 * 3, 42), [1, 11, 13, 3]);
  const gradient = () => tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.slice(net(t as tf.Tensor4D), [0, 2], [1, 1])))(x).dataSync());
  // This file's first and only gradient before registering runs tfjs's stock ReLU gradient.
  const stock = gradient();
  registerRuleGradients();
  useRule('vanilla');
  const vanilla = gradient();
  expect(stock.some((v) => v !== 0)).toBe(true);
  expect([...vanilla]).toEqual([...stock]);
});

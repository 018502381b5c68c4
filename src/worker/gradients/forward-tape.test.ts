import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { RULES } from '../../shared/methods.ts';
import { perTape, recordForward } from './forward-tape.ts';
import { registerExactAvgPoolGradient } from './avg-pool-gradient.ts';
import { registerFirstMaxPoolGradient } from './max-pool-gradient.ts';
import { registerRuleGradients, useRule } from './gradient-rules.ts';
import { saliencyMaps } from '../methods/saliency.ts';
import { inceptionLikeNet, seededValues } from '../../../test-support/test-nets.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerRuleGradients();
  registerExactAvgPoolGradient();
  registerFirstMaxPoolGradient();
});

const net = inceptionLikeNet(5);
const classLogit = (x: tf.Tensor) => tf.sum(tf.slice(net(x as tf.Tensor4D), [0, 2], [-1, 1]));

it('three backward passes over one recorded forward equal tf.grad under each rule, and free every tensor', () => {
  const input = tf.tensor4d(seededValues(15 * 13 * 3, 3), [1, 15, 13, 3]);
  const before = tf.memory().numTensors;
  const tape = recordForward(classLogit, input);
  for (const method of [...RULES, ...RULES]) {
    useRule(method);
    const shared = tape.backward();
    const reference = tf.tidy(() => tf.grad(classLogit)(input));
    expect(shared.shape).toEqual(input.shape);
    expect([...shared.dataSync()], method).toEqual([...reference.dataSync()]);
    tf.dispose([shared, reference]);
  }
  tape.dispose();
  expect(tf.memory().numTensors).toBe(before);
  input.dispose();
});

it('the maps differ between rules (the rules reach the shared pass)', () => {
  const input = tf.tensor4d(seededValues(15 * 13 * 3, 4), [1, 15, 13, 3]);
  const tape = recordForward(classLogit, input);
  const maps = RULES.map((method) => {
    useRule(method);
    const g = tape.backward();
    const values = [...g.dataSync()];
    g.dispose();
    return values;
  });
  tape.dispose();
  input.dispose();
  expect(maps[0]).not.toEqual(maps[1]);
  expect(maps[1]).not.toEqual(maps[2]);
});

it('a consumer that stops after the first map leaves no tensor behind', async () => {
  const input = tf.tensor4d(seededValues(15 * 13 * 3, 5), [1, 15, 13, 3]);
  const before = tf.memory().numTensors;
  for await (const map of saliencyMaps(net, input, 2, RULES)) {
    expect(map.method).toBe('vanilla');
    break;
  }
  expect(tf.memory().numTensors).toBe(before);
  input.dispose();
});

it('refuses an output that does not depend on the input, without leaking', () => {
  const input = tf.ones([1, 2, 2, 1]);
  const before = tf.memory().numTensors;
  expect(() => recordForward(() => tf.scalar(3), input)).toThrow(/does not depend/);
  expect(tf.memory().numTensors).toBe(before);
  input.dispose();
});

it('a pass recorded over all logits, seeded one-hot at a class, gives that class logit\'s gradient', () => {
  const input = tf.tensor4d(seededValues(15 * 13 * 3, 6), [1, 15, 13, 3]);
  const tape = recordForward((x) => net(x as tf.Tensor4D), input);
  expect(tape.output.shape).toEqual([1, 5]);
  for (const method of RULES) {
    useRule(method);
    const seed = tf.oneHot(tf.tensor1d([2], 'int32'), 5).asType('float32');
    const seeded = tape.backward(seed);
    const reference = tf.tidy(() => tf.grad(classLogit)(input));
    expect([...seeded.dataSync()], method).toEqual([...reference.dataSync()]);
    tf.dispose([seed, seeded, reference]);
  }
  tape.dispose();
  input.dispose();
});

it('perTape: made once per recorded pass, shared by its backward passes, freed with it; made each time under tf.grad', () => {
  let made = 0;
  // customGrad passes the inputs, then the save function, as one list of arguments.
  const gate = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return {
      value: tf.relu(x),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, perTape('gate', () => (made++, tf.step(saved!)))),
    };
  });
  const f = (x: tf.Tensor) => tf.sum(tf.mul(gate(x) as tf.Tensor, tf.tensor([1, 2, 3])));
  const input = tf.tensor([-1, 0.5, 2]);
  const before = tf.memory().numTensors;
  const tape = recordForward(f, input);
  for (let pass = 0; pass < 3; pass++) {
    const g = tape.backward();
    expect([...g.dataSync()]).toEqual([0, 2, 3]);
    g.dispose();
  }
  expect(made).toBe(1);
  tape.dispose();
  expect(tf.memory().numTensors).toBe(before);
  for (let pass = 0; pass < 2; pass++) tf.grad(f)(input).dispose();
  expect(made).toBe(3);
  expect(tf.memory().numTensors).toBe(before);
  input.dispose();
});

import * as tf from '@tensorflow/tfjs';
import { cascadeMethods } from '../../shared/methods.ts';
import { curveFractions } from '../../shared/faithfulness.ts';
import { InputError } from '../input-error.ts';
import { sanityCascade } from '../methods/cascade.ts';
import { faithfulnessCurves } from '../methods/curves.ts';
import { buffer, type Job, type JobRun } from './job.ts';

/** The sanity check of a class of the image on screen: each map posted as it comes, with its correlation to the trained model's. */
export const sanityJob: JobRun<Extract<Job, { type: 'sanity' }>> = async function* ({ jobId, classIndex, input, methods, seed, layer }, { model }) {
  model.checkClass(classIndex);
  const net = model.netAt(layer);
  const shown = cascadeMethods(methods);
  if (shown.length === 0) throw new InputError('The sanity check recomputes the gradient and Grad-CAM maps; SmoothGrad alone is too slow to recompute at every step.');
  const tensor = tf.tensor4d(input, model.inputShape);
  const { model: graph, cascade } = model.model;
  try {
    yield { message: { type: 'cascade', jobId, classIndex, steps: cascade.map((s) => s.label), methods: shown } };
    // Leaving the loop early (a newer job) restores the trained weights.
    for await (const map of sanityCascade(graph, net, tensor, classIndex, shown, cascade, seed)) {
      const values = buffer(map.values);
      yield { message: { type: 'cascadeMap', jobId, step: map.step, method: map.method, values, shape: map.shape, correlation: map.correlation }, transfer: [values] };
    }
  } finally {
    tensor.dispose();
  }
};

/** The faithfulness test of maps of the image on screen: the curves' points posted a batch of forward passes at a time. */
export const evaluationJob: JobRun<Extract<Job, { type: 'evaluate' }>> = async function* ({ jobId, classIndex, input, maps, seed }, { model }) {
  model.checkClass(classIndex);
  const [, height, width] = model.inputShape;
  const mismatched = maps.find((m) => m.shape[0] !== height || m.shape[1] !== width);
  if (mismatched) throw new InputError(`The ${mismatched.method} map is ${mismatched.shape[0]}×${mismatched.shape[1]}, not the model's ${height}×${width}: compute the maps again, then test them.`);
  const tensor = tf.tensor4d(input, model.inputShape);
  try {
    yield { message: { type: 'evaluation', jobId, classIndex, methods: maps.map((m) => m.method), fractions: curveFractions() } };
    for await (const points of faithfulnessCurves(model.net, tensor, classIndex, maps, seed)) yield { message: { type: 'curvePoints', jobId, points } };
  } finally {
    tensor.dispose();
  }
};

/**
 * npx tsx test-support/ig-reference.ts <input.npy> <class> <steps> <out.npy>
 *
 * Integrated Gradients computed independently of the app's generator, for the e2e test of a photo:
 * x ⊙ (1/N) Σ_j ∇F(α_j x), α_j = (j + ½)/N, F the class's logit of the real Inception V3, through
 * tfjs's own tape (tf.grad) with the app's gradient kernels (verified against a float64 reference),
 * on wasm in Node. A script, not an import: the e2e runner cannot load tfjs-core's internal modules.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync, writeFileSync } from 'node:fs';
import { dump, parse } from 'npyjs';
import { useRule } from '../src/worker/gradients/gradient-rules.ts';
import { registerSaliencyKernels } from '../src/worker/gradients/register-kernels.ts';
import { loadGraphModelFromDir } from './load-in-node.ts';

const [inputPath, classArg, stepsArg, outPath] = process.argv.slice(2);
const classIndex = Number(classArg);
const steps = Number(stepsArg);
const bytes = readFileSync(inputPath!);
const input = parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));

await tf.setBackend('wasm');
registerSaliencyKernels();
useRule('vanilla');
const model = await loadGraphModelFromDir('public/model');
const x = tf.tensor4d(input.data as Float32Array, input.shape as [number, number, number, number]);
const grad = tf.grad((scaled: tf.Tensor) => tf.slice(model.execute(scaled, 'logits') as tf.Tensor2D, [0, classIndex], [1, 1]).sum());
let total = tf.zerosLike(x) as tf.Tensor;
for (let j = 0; j < steps; j++) {
  const g = tf.tidy(() => grad(tf.mul(x, (j + 0.5) / steps)));
  const next = tf.add(total, g);
  tf.dispose([total, g]);
  total = next;
}
const reference = tf.tidy(() => tf.mul(x, tf.div(total, steps)).dataSync() as Float32Array);
writeFileSync(outPath!, new Uint8Array(dump(reference, [...input.shape.slice(1)])));

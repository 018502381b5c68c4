/**
 * npx tsx bench/cams.ts [-- --runs 5 --out bench/results-cams.json]
 *
 * What Grad-CAM costs on top of the forward pass, on tfjs's wasm backend in Node (SIMD, one thread)
 * with the real Inception V3 and the app's gradients: the vanilla backward pass walked all the way to
 * the input with the gradient read at Mixed_7c on the way (how Grad-CAM was computed before), the
 * walk stopped at Mixed_7c (how it is computed when no map at the input is asked for), and guided
 * backprop's backward pass for scale; then the CAM family on top of that walk: the five gradient
 * CAMs' arithmetic together, Eigen-CAM, and Score-CAM over its default 64 channels (16 forward passes
 * of 4 masked images); the median of `runs` runs after one warm-up, each as a ratio to the forward pass.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadGraphModelFromDir } from '../test-support/load-in-node.ts';
import { featureMapNode } from '../src/worker/model/model-audit.ts';
import { registerSaliencyKernels } from '../src/worker/gradients/register-kernels.ts';
import { backwardPass, recordNet, tapGradients, type Net } from '../src/worker/methods/net.ts';
import type { ForwardTape } from '../src/worker/gradients/forward-tape.ts';
import { stats } from './stats.ts';
import { CAM_WEIGHTINGS } from '../src/shared/methods.ts';
import { SETTINGS_DEFAULTS } from '../src/shared/map-settings.ts';
import { gradCam } from '../src/worker/methods/grad-cam.ts';
import { eigenCam } from '../src/worker/methods/eigen-cam.ts';
import { scoreCam } from '../src/worker/methods/score-cam.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' }, out: { type: 'string', default: 'bench/results-cams.json' } } });
const RUNS = Number(args.runs);
const MALAMUTE = 250;

await tf.setBackend('wasm');
registerSaliencyKernels();
const topology = JSON.parse(readFileSync('public/model/model.json', 'utf8')) as { modelTopology: { node: { name: string; op: string; input?: string[] }[] } };
const features = featureMapNode(topology.modelTopology.node)!;
const model = await loadGraphModelFromDir('public/model');
const net: Net = (x) => {
  const [logits, map] = model.execute(x, ['logits', features]) as [tf.Tensor2D, tf.Tensor4D];
  return { logits, features: map };
};
const input = tf.randomUniform([1, 299, 299, 3], -1, 1, 'float32', 3) as tf.Tensor4D;

/** Median ms of a step over a fresh recorded pass each run (the pass itself not counted, unless the step is the pass). */
async function time(step: (tape: ForwardTape) => Promise<void>, countForward = false): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const start = performance.now();
    const tape = recordNet(net, input);
    await tape.output.data();
    const walked = performance.now();
    await step(tape);
    const end = performance.now();
    tape.dispose();
    if (run > 0) times.push(countForward ? walked - start : end - walked);
  }
  return times;
}
const read = async (tensors: tf.Tensor[]) => {
  await Promise.all(tensors.map((t) => t.data()));
  tf.dispose(tensors);
};

const forward = stats(await time(async () => {}, true));
const toInput = stats(await time(async (tape) => { const { input: atInput, taps } = backwardPass(tape, 'vanilla', MALAMUTE, true); await read([atInput, ...taps]); }));
const toFeatures = stats(await time(async (tape) => read(tapGradients(tape, 'vanilla', MALAMUTE))));
const guided = stats(await time(async (tape) => read([backwardPass(tape, 'guided', MALAMUTE).input])));
const size = [299, 299] as const;
const fiveCams = stats(await time(async (tape) => {
  const [gradient] = tapGradients(tape, 'vanilla', MALAMUTE);
  for (const weighting of CAM_WEIGHTINGS) {
    const cam = gradCam(tape.taps[0] as tf.Tensor4D, gradient as tf.Tensor4D, size, weighting);
    await read([cam.coarse, cam.upsampled]);
  }
  gradient!.dispose();
}));
const eigen = stats(await time(async (tape) => { const cam = await eigenCam(tape.taps[0] as tf.Tensor4D, size); await read([cam.coarse, cam.upsampled]); }));
const score = stats(await time(async (tape) => {
  const imageLogits = (await tape.output.data()) as Float32Array;
  for await (const map of scoreCam({ net, input, classes: [MALAMUTE], imageLogits, settings: SETTINGS_DEFAULTS, inputRange: 2 }, ['scorecam'])) void map;
}));
const ofForward = (ms: number) => Math.round((100 * ms) / forward.median) / 100;
const report = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length },
  setup: `tfjs ${tf.version.tfjs} wasm in Node ${process.version} (SIMD, one thread), Inception V3 299×299, feature map ${features}; ms over ${RUNS} runs after a warm-up`,
  forwardMs: forward,
  gradCamWalkedToInputMs: toInput,
  gradCamWalkStoppedAtFeatureMapMs: toFeatures,
  guidedBackwardMs: guided,
  fiveGradientCamsWithTheirWalkMs: fiveCams,
  eigenCamMs: eigen,
  scoreCam64ChannelsMs: score,
  perForward: {
    gradCamBefore: ofForward(toInput.median), gradCamNow: ofForward(toFeatures.median), guided: ofForward(guided.median),
    fiveGradientCams: ofForward(fiveCams.median), eigenCam: ofForward(eigen.median), scoreCam64Channels: ofForward(score.median),
  },
};
writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify(report, null, 2));

/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { METHODS } from '../shared/methods.ts';
import { MODEL_SIZE, preprocess } from '../shared/preprocess.ts';
import type { BackendName, ClassScore, FromWorker, Passes, ToWorker } from '../shared/protocol.ts';
import { registerExactAvgPoolGradient } from './avg-pool-gradient.ts';
import { registerForwardConvGradient } from './conv-input-gradient.ts';
import { registerFirstMaxPoolGradient } from './max-pool-gradient.ts';
import { initBackend, onContextLost } from './backend.ts';
import { decodeImage, InputError } from './decode-image.ts';
import { registerRuleGradients } from './gradient-rules.ts';
import { loadModel } from './load-model.ts';
import type { ForwardTape } from './forward-tape.ts';
import { recordLogits, saliencyMaps, type LogitsFn } from './saliency.ts';

declare const self: DedicatedWorkerGlobalScope;

const TOP_K = 5;

let model: tf.GraphModel | undefined;
let passes: Passes = 'shared';
/** The newest job; an older one stops at its next step and never posts results. */
let latestJob = 0;
/** Jobs run one after another; a stale one is skipped at once. */
let queue: Promise<void> = Promise.resolve();
let ready: Promise<boolean> | undefined;

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);
const logits: LogitsFn = (x) => model!.execute(x, 'logits') as tf.Tensor2D;
const isStale = (jobId: number) => jobId !== latestJob;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'init') {
    ready = init(message.modelUrl, message.backend, message.passes ?? 'shared').then(() => true, (error: Error) => {
      post({ type: 'fatal', message: error.message });
      return false;
    });
    return;
  }
  latestJob = message.jobId;
  queue = queue.then(async () => {
    if (!(await ready)) return; // already reported as fatal
    if (isStale(message.jobId)) return;
    await runJob(message).catch((error: Error) => {
      console.error(error);
      const text = error instanceof InputError ? error.message : `Computing the maps failed: ${error.message}`;
      post({ type: 'jobError', jobId: message.jobId, message: text });
    });
  });
};

async function init(modelUrl: string, backend: BackendName | undefined, passesAsked: Passes) {
  passes = passesAsked;
  const info = await initBackend(backend);
  onContextLost(() => post({ type: 'lost', message: 'The WebGL context was lost (the GPU was reset or reclaimed).' }));
  registerRuleGradients();
  registerExactAvgPoolGradient();
  registerForwardConvGradient();
  registerFirstMaxPoolGradient();
  const started = performance.now();
  model = await loadModel(modelUrl, (fraction) => post({ type: 'progress', fraction }));
  const loadMs = performance.now() - started;
  const warmStart = performance.now();
  await warmUp();
  post({ type: 'ready', ...info, loadMs, warmupMs: performance.now() - warmStart, passes });
}

/** A job's passes at the real shapes, so shaders compile and kernels warm before the first image. */
async function warmUp() {
  const input = tf.zeros([1, MODEL_SIZE, MODEL_SIZE, 3]) as tf.Tensor4D;
  try {
    const { tape } = await recordAndClassify(input);
    for await (const map of saliencyMaps(logits, input, 1, passes === 'batched' ? METHODS : ['guided'], passes, tape)) void map;
  } finally {
    input.dispose();
  }
}

async function runJob(message: Extract<ToWorker, { jobId: number }>) {
  const started = performance.now();
  const { jobId } = message;
  const image = message.type === 'analyze' ? await decodeForModel(message.image) : undefined;
  if (isStale(jobId)) return;
  // One tensor serves the classification and the maps.
  const tensor = tf.tensor4d(image?.input ?? (message as Extract<ToWorker, { type: 'explain' }>).input, [1, MODEL_SIZE, MODEL_SIZE, 3]);
  let tape: ForwardTape | undefined;
  try {
    let classIndex = message.classIndex;
    if (image) {
      // The forward pass that classifies is the one the maps go back through.
      const forwardStart = performance.now();
      const classified = await recordAndClassify(tensor);
      tape = classified.tape;
      const { top } = classified;
      if (isStale(jobId)) return;
      postClassified(jobId, top, image, performance.now() - forwardStart);
      classIndex ??= top[0]!.index;
    }
    const recorded = tape;
    tape = undefined; // explain owns it now
    await explain(jobId, tensor, classIndex!, recorded);
  } finally {
    tape?.dispose();
    tensor.dispose();
  }
  if (isStale(jobId)) return;
  const { numTensors, numBytes } = tf.memory();
  post({ type: 'done', jobId, totalMs: performance.now() - started, tensors: numTensors, bytes: numBytes });
}

async function decodeForModel(blob: Blob) {
  const decodeStart = performance.now();
  const { image, notes } = await decodeImage(blob);
  const { rgb, input } = preprocess(image);
  return { rgb, input, notes, decodeMs: performance.now() - decodeStart };
}

/** Posts what the model saw with its top classes. */
function postClassified(jobId: number, top: ClassScore[], image: Awaited<ReturnType<typeof decodeForModel>>, forwardMs: number) {
  const modelView = image.rgb.buffer as ArrayBuffer;
  // A copy: the cpu backend keeps the array it was given as the tensor's data, so it must not be detached.
  const input = image.input.slice().buffer;
  post({ type: 'classified', jobId, top, modelView, input, decodeMs: image.decodeMs, forwardMs, notes: image.notes }, [modelView, input]);
}

/**
 * Records the forward pass the maps will go back through and reads the top classes (by softmax
 * probability) from its logits; the caller owns the tape, which is freed here if reading fails.
 */
async function recordAndClassify(input: tf.Tensor4D): Promise<{ tape: ForwardTape; top: ClassScore[] }> {
  const tape = recordLogits(logits, input);
  try {
    return { tape, top: await topClasses(tape.output as tf.Tensor2D) };
  } catch (error) {
    tape.dispose();
    throw error;
  }
}

async function topClasses(logitsTensor: tf.Tensor2D): Promise<ClassScore[]> {
  const { values, indices } = tf.tidy(() => tf.topk(tf.softmax(logitsTensor), TOP_K));
  const [probabilities, classes] = await Promise.all([values.data(), indices.data()]);
  tf.dispose([values, indices]);
  return [...classes].map((index, i) => ({ index, probability: probabilities[i]! }));
}

async function explain(jobId: number, input: tf.Tensor4D, classIndex: number, recorded?: ForwardTape) {
  const classes = (model!.outputs[0]?.shape?.at(-1) ?? 0) as number;
  if (!Number.isInteger(classIndex) || classIndex < 0 || (classes > 0 && classIndex >= classes)) {
    recorded?.dispose();
    throw new InputError(`Class ${classIndex} does not exist in this model.`);
  }
  // Backward time per map; a shared forward pass counts towards the first map.
  let started = performance.now();
  for await (const { method, gradient, reluRewrites } of saliencyMaps(logits, input, classIndex, METHODS, passes, recorded)) {
    if (isStale(jobId)) return; // leaving the loop frees the recorded forward pass
    const backwardMs = performance.now() - started;
    const buffer = gradient.buffer as ArrayBuffer;
    post({ type: 'map', jobId, classIndex, method, gradient: buffer, backwardMs, reluRewrites }, [buffer]);
    started = performance.now();
  }
}

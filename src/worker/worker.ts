/// <reference lib="webworker" />
// The worker's one entry: it routes the page's messages to the rooms (engine/, model/, image/, methods/,
// gradients/). Everything that touches tfjs lives under worker/; it imports shared/, never the page.
import * as tf from '@tensorflow/tfjs';
import { cascadeMethods, METHOD_INFO, withIngredients, type Method } from '../shared/methods.ts';
import type { ModelDescriptor } from '../shared/model-descriptor.ts';
import { inputRange, preprocess, type PresetId } from '../shared/preprocess.ts';
import type { ClassScore, CompareChoice, Explanation, FromWorker, ModelSource, ToWorker } from '../shared/protocol.ts';
import { EngineStartError, gpuWasLost, initBackend, onGpuLost } from './engine/backend.ts';
import { decodeImage, InputError } from './image/decode-image.ts';
import { captureRelu, takeCapturedRelu } from './gradients/gradient-rules.ts';
import { reluWindow } from './methods/relu-window.ts';
import { loadModel, netOf, type LoadedModel } from './model/load-model.ts';
import { sanityCascade } from './methods/cascade.ts';
import { faithfulnessCurves } from './methods/curves.ts';
import { curveFractions } from '../shared/faithfulness.ts';
import { ALIVE_EVERY_MS } from '../shared/engine-steps.ts';
import { forgetFilterCuts } from './gradients/conv-input-gradient.ts';
import type { ForwardTape } from './gradients/forward-tape.ts';
import { recordNet, registerSaliencyKernels, saliencyMaps, type Net } from './methods/saliency.ts';

declare const self: DedicatedWorkerGlobalScope;

const TOP_K = 5;

/** The model explained, kept loaded between jobs. */
let loaded: LoadedModel | undefined;
/** The person's preprocessing, for a model whose metadata does not fix one. */
let chosenPreprocessing: PresetId | undefined;
/** The newest job; an older one stops at its next step and never posts results. */
let latestJob = 0;
/** Jobs run one after another; a stale one is skipped at once. */
let queue: Promise<void> = Promise.resolve();
let ready: Promise<boolean> | undefined;

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);
const net: Net = (x) => netOf(loaded!)(x);

/** The model as the page is told it, with the preprocessing in force. */
function descriptor(): ModelDescriptor {
  const { descriptor: known, fixedPreprocessing } = loaded!;
  const preprocessing = fixedPreprocessing ?? chosenPreprocessing ?? known.input.preprocessing;
  return { ...known, input: { ...known.input, preprocessing }, preprocessingFrom: fixedPreprocessing ? 'metadata' : 'chosen' };
}
const inputShape = (): [number, number, number, number] => {
  const { height, width, channels } = descriptor().input;
  return [1, height, width, channels];
};
const isStale = (jobId: number) => jobId !== latestJob;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'init') {
    ready = init(message).then(() => true, (error: Error) => {
      post({ type: error instanceof EngineStartError ? 'lost' : 'fatal', message: error.message });
      return false;
    });
    return;
  }
  latestJob = message.jobId;
  if (message.type === 'stop') return; // the running job stops at its next step
  queue = queue.then(async () => {
    if (!(await ready)) return; // already reported as fatal
    if (isStale(message.jobId)) return;
    await runJob(message).catch(async (error: Error) => {
      if (!(error instanceof InputError) && (await gpuWasLost())) return; // the page restarts the worker and runs the job again
      console.error(error);
      const text = error instanceof InputError ? error.message : `Computing the maps failed: ${error.message}`;
      post({ type: 'jobError', jobId: message.jobId, message: text });
    });
  });
};

async function init({ model: source, preprocessing, step, backend, remembered, trial }: Extract<ToWorker, { type: 'init' }>) {
  const info = await sayingAlive(() => initBackend(step, backend, remembered));
  onGpuLost((message) => post({ type: 'lost', message }));
  registerSaliencyKernels();
  chosenPreprocessing = preprocessing;
  const started = performance.now();
  post({ type: 'progress', fraction: 0 });
  loaded = await loadModel(source, reportProgress());
  const loadMs = performance.now() - started;
  post({ type: 'progress', fraction: 1, stage: 'warm-up' });
  const warmStart = performance.now();
  await warmUp(loaded);
  const warmupMs = performance.now() - warmStart;
  // Timed where the page compares engines: a trial, or the engine that starts first on a device with GPUs not yet measured.
  const compared = trial || ((info.gpus?.candidates.length ?? 0) > 0 && !info.remembered);
  const passMs = compared ? await timePass(loaded) : undefined;
  post({ type: 'ready', ...info, loadMs, warmupMs, passMs, model: descriptor() });
}

/** Runs the engine start saying the worker is alive every ALIVE_EVERY_MS: a worker stuck for good falls silent, and the page replaces it. */
async function sayingAlive<T>(start: () => Promise<T>): Promise<T> {
  post({ type: 'starting' });
  const beat = setInterval(() => post({ type: 'starting' }), ALIVE_EVERY_MS);
  try {
    return await start();
  } finally {
    clearInterval(beat);
  }
}

/** The download's progress to the page, a percent at a time: a message per network chunk (hundreds) kept the page re-rendering. */
function reportProgress(): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    if (fraction < 1 && fraction - last < 0.01) return;
    last = fraction;
    post({ type: 'progress', fraction });
  };
}

/** A model input of zeros at the model's shape: the warm-up and the timed passes need no image. */
function blankInput({ descriptor: { input: { height, width, channels } } }: LoadedModel): tf.Tensor4D {
  return tf.zeros([1, height, width, channels]);
}

/**
 * The work an engine is chosen by: a forward pass and the first backward pass over it (the vanilla
 * rule's, which also builds the max-pool masks), its map read back, so a GPU has finished. The best
 * of two warm runs.
 */
async function timePass(model: LoadedModel): Promise<number> {
  const input = blankInput(model);
  const times: number[] = [];
  try {
    for (let run = 0; run < 2; run++) {
      const start = performance.now();
      for await (const map of saliencyMaps(netOf(model), input, 0, ['vanilla'])) void map;
      times.push(performance.now() - start);
    }
  } finally {
    input.dispose();
  }
  return Math.min(...times);
}

/**
 * A job's passes at the model's shapes, so shaders compile and kernels warm before the first image;
 * also the last check of a model: an op without a gradient in TF.js stops the backward pass here.
 */
async function warmUp(candidate: LoadedModel) {
  const input = blankInput(candidate);
  const candidateNet = netOf(candidate);
  try {
    const tape = recordNet(candidateNet, input);
    await topClasses(tape.output as tf.Tensor2D).catch((error: Error) => {
      tape.dispose();
      throw error;
    });
    for await (const map of saliencyMaps(candidateNet, input, 1, ['guided'], { recorded: tape })) void map;
  } catch (error) {
    const op = /gradient function not found for (\w+)/i.exec((error as Error).message)?.[1];
    if (op) throw new InputError(`The model uses the op ${op}, which has no gradient in TF.js, so no map can be computed through it.`, { cause: error });
    throw error;
  } finally {
    input.dispose();
  }
}

/** Loads, audits and warms another model; only then does it replace the one in use (a refused model changes nothing). */
async function switchModel(source: ModelSource) {
  const candidate = await loadModel(source, reportProgress());
  try {
    await warmUp(candidate);
  } catch (error) {
    candidate.model.dispose();
    throw error;
  }
  const old = loaded;
  loaded = candidate;
  if (old) {
    Object.values(old.model.weights).flat().forEach(forgetFilterCuts);
    old.model.dispose();
  }
  post({ type: 'model', model: descriptor(), source });
}

type Job = Extract<ToWorker, { jobId: number }>;

/** Each kind of job's runner. */
const RUNNERS: { [K in Exclude<Job['type'], 'stop'>]: (message: Extract<Job, { type: K }>) => Promise<void> } = {
  analyze: runMaps,
  explain: runMaps,
  sanity: runCascade,
  evaluate: runEvaluation,
};

const runJob = (message: Exclude<Job, { type: 'stop' }>) => (RUNNERS[message.type] as (m: typeof message) => Promise<void>)(message);

async function runMaps(message: Extract<ToWorker, { type: 'analyze' | 'explain' }>) {
  const started = performance.now();
  const { jobId } = message;
  if (message.type === 'analyze') await useModel(message);
  const image = message.type === 'analyze' ? await decodeForModel(message.image) : undefined;
  if (isStale(jobId)) return;
  // One tensor and one forward pass serve the classification and the maps.
  const tensor = tf.tensor4d(image?.input ?? (message as Extract<ToWorker, { type: 'explain' }>).input, inputShape());
  let tape: ForwardTape | undefined;
  try {
    const forwardStart = performance.now();
    tape = recordNet(net, tensor);
    let top: ClassScore[] = [];
    // A new image's classes come from a link or an example, made for any model: one this model lacks gives way to its top classes.
    const asked = image ? [message.classIndex, message.compareIndex].map((c) => (typeof c === 'number' && !hasClass(c) ? c : undefined)) : [];
    for (const missing of asked.filter((c) => c !== undefined)) image!.notes.push(`Class ${missing} is not one of ${loaded!.descriptor.name}'s ${loaded!.descriptor.classCount} classes: its likeliest classes are shown instead.`);
    if (image) {
      const classified = await topClasses(tape.output as tf.Tensor2D);
      if (isStale(jobId)) return;
      top = classified.top;
      postClassified(jobId, classified, image, performance.now() - forwardStart);
    }
    const first = asked[0] === undefined ? message.classIndex ?? top[0]!.index : top[0]!.index;
    const compareChoice = asked[1] === undefined ? message.compareIndex : 'runner-up';
    if (compareChoice === 'runner-up' && top.length === 0) top = (await topClasses(tape.output as tf.Tensor2D)).top;
    const second = compareClass(compareChoice, top, first);
    const classes = second === undefined ? [first] : [first, second];
    const recorded = tape;
    tape = undefined; // explain owns it now
    await explain(jobId, tensor, classes, message, recorded);
  } finally {
    tape?.dispose();
    tensor.dispose();
  }
  if (isStale(jobId)) return;
  postDone(jobId, started);
}

/** The sanity check of a class of the image on screen: each map posted as it comes, with its correlation to the trained model's. */
async function runCascade({ jobId, classIndex, input, methods, seed }: Extract<ToWorker, { type: 'sanity' }>) {
  const started = performance.now();
  checkClass(classIndex);
  checkFeatureMap(methods);
  const shown = cascadeMethods(methods);
  if (shown.length === 0) throw new InputError('The sanity check recomputes the gradient and Grad-CAM maps; SmoothGrad alone is too slow to recompute at every step.');
  const tensor = tf.tensor4d(input, inputShape());
  const { model, cascade } = loaded!;
  try {
    post({ type: 'cascade', jobId, classIndex, steps: cascade.map((s) => s.label), methods: shown });
    for await (const map of sanityCascade(model, net, tensor, classIndex, shown, cascade, seed)) {
      if (isStale(jobId)) return; // leaving the loop restores the trained weights
      const values = map.values.buffer as ArrayBuffer;
      post({ type: 'cascadeMap', jobId, step: map.step, method: map.method, values, shape: map.shape, correlation: map.correlation }, [values]);
    }
  } finally {
    tensor.dispose();
  }
  postDone(jobId, started);
}

/** The faithfulness test of maps of the image on screen: the curves' points posted a batch of forward passes at a time. */
async function runEvaluation({ jobId, classIndex, input, maps, seed }: Extract<ToWorker, { type: 'evaluate' }>) {
  const started = performance.now();
  checkClass(classIndex);
  const [, height, width] = inputShape();
  const mismatched = maps.find((m) => m.shape[0] !== height || m.shape[1] !== width);
  if (mismatched) throw new InputError(`The ${mismatched.method} map is ${mismatched.shape[0]}×${mismatched.shape[1]}, not the model's ${height}×${width}: compute the maps again, then test them.`);
  const tensor = tf.tensor4d(input, inputShape());
  try {
    post({ type: 'evaluation', jobId, classIndex, methods: maps.map((m) => m.method), fractions: curveFractions() });
    for await (const points of faithfulnessCurves(net, tensor, classIndex, maps, seed)) {
      if (isStale(jobId)) return;
      post({ type: 'curvePoints', jobId, points });
    }
  } finally {
    tensor.dispose();
  }
  postDone(jobId, started);
}

/** The class a compare choice means for an image with these top classes and this first class (none if it is the first). */
function compareClass(choice: CompareChoice | undefined, top: readonly ClassScore[], first: number): number | undefined {
  const index = choice === 'runner-up' ? top.find((c) => c.index !== first)?.index : choice;
  return index === first ? undefined : index;
}

/** The model and preprocessing an analyze job asks for, said to the page when they change (a refused model changes neither). */
async function useModel({ model: source, preprocessing }: Extract<ToWorker, { type: 'analyze' }>) {
  const previous = chosenPreprocessing;
  // A choice made for one model is not another's: a new model starts from its own (or the default).
  chosenPreprocessing = source ? preprocessing : preprocessing ?? previous;
  if (source) {
    await switchModel(source).catch((error: Error) => {
      chosenPreprocessing = previous;
      throw error;
    });
  } else if (chosenPreprocessing !== previous && !loaded!.fixedPreprocessing) {
    post({ type: 'model', model: descriptor() });
  }
}

async function decodeForModel(blob: Blob) {
  const decodeStart = performance.now();
  const { image, notes } = await decodeImage(blob);
  const { rgb, input } = preprocess(image, descriptor().input);
  return { rgb, input, notes, decodeMs: performance.now() - decodeStart };
}

/** Posts what the model saw with its top classes. */
function postClassified(
  jobId: number, { top, probabilities }: { top: ClassScore[]; probabilities: Float32Array }, image: Awaited<ReturnType<typeof decodeForModel>>, forwardMs: number,
) {
  const modelView = image.rgb.buffer as ArrayBuffer;
  const all = probabilities.buffer as ArrayBuffer;
  // A copy: the cpu backend keeps the array it was given as the tensor's data, so it must not be detached.
  const input = image.input.slice().buffer;
  post({ type: 'classified', jobId, top, probabilities: all, modelView, input, inputShape: inputShape(), decodeMs: image.decodeMs, forwardMs, notes: image.notes }, [modelView, input, all]);
}

/** Softmax probabilities of every class, and the top TOP_K of them. */
async function topClasses(logitsTensor: tf.Tensor2D): Promise<{ top: ClassScore[]; probabilities: Float32Array }> {
  const softmax = tf.tidy(() => tf.softmax(logitsTensor).reshape([-1]));
  const probabilities = (await softmax.data()) as Float32Array;
  softmax.dispose();
  const top = [...probabilities.keys()].filter((i) => !(loaded!.descriptor.background && i === 0))
    .sort((a, b) => probabilities[b]! - probabilities[a]!).slice(0, TOP_K);
  return { top: top.map((index) => ({ index, probability: probabilities[index]! })), probabilities };
}

/** The maps of each class in turn (the second, if any, for the compare view), posted as they come. */
async function explain(jobId: number, input: tf.Tensor4D, classes: number[], { methods, settings }: Explanation, recorded: ForwardTape) {
  try {
    classes.forEach(checkClass);
    checkFeatureMap(methods);
  } catch (error) {
    recorded.dispose();
    throw error;
  }
  post({ type: 'classes', jobId, classes });
  captureRelu();
  try {
    // Time per map; a forward pass recorded here counts towards the first.
    let started = performance.now();
    for await (const map of saliencyMaps(net, input, classes, methods, { recorded, settings, inputRange: inputRange(descriptor().input.preprocessing) })) {
      if (isStale(jobId)) return; // leaving the loop frees what the maps hold
      const values = map.values.buffer as ArrayBuffer;
      const coarse = map.coarse && { values: map.coarse.values.buffer as ArrayBuffer, shape: map.coarse.shape };
      const { method, classIndex, row, shape, reluRewrites, progress, completeness } = map;
      post({ type: 'map', jobId, row, classIndex, method, values, shape, coarse, computeMs: performance.now() - started, reluRewrites, progress, completeness },
        coarse ? [values, coarse.values] : [values]);
      if (method === 'vanilla' && row === 0) await postReluSample(jobId, classIndex);
      started = performance.now();
    }
  } finally {
    const left = takeCapturedRelu();
    if (left) tf.dispose([left.x, left.dy]);
  }
}

/** The job's end: its time, and the tensors the backend still holds (the same after every job, or something leaks). */
function postDone(jobId: number, started: number) {
  const { numTensors, numBytes } = tf.memory();
  post({ type: 'done', jobId, totalMs: performance.now() - started, tensors: numTensors, bytes: numBytes });
}

const hasClass = (classIndex: number) => Number.isInteger(classIndex) && classIndex >= 0 && classIndex < loaded!.descriptor.classCount;

function checkClass(classIndex: number) {
  const { classCount, name } = loaded!.descriptor;
  if (!hasClass(classIndex)) throw new InputError(`Class ${classIndex} does not exist in ${name}, which has ${classCount} classes (0 to ${classCount - 1}).`);
}

function checkFeatureMap(methods: readonly Method[]) {
  if (!loaded!.nodes.features && withIngredients(methods).some((m) => METHOD_INFO[m].computed.kind === 'cam')) {
    throw new InputError('This model has no feature map before a global pool, so it has no Grad-CAM.');
  }
}

async function postReluSample(jobId: number, classIndex: number) {
  const captured = takeCapturedRelu();
  if (!captured) return;
  try {
    post({ type: 'relu', jobId, classIndex, sample: await reluWindow(captured.x, captured.dy) });
  } finally {
    tf.dispose([captured.x, captured.dy]);
  }
}

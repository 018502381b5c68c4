/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import type { EngineStep } from '../shared/engine-steps.ts';
import { cascadeMethods, METHOD_INFO, withIngredients, type Method } from '../shared/methods.ts';
import { INPUT_RANGE, MODEL_SIZE, preprocess } from '../shared/preprocess.ts';
import type { BackendName, ClassScore, CompareChoice, Explanation, FromWorker, ToWorker } from '../shared/protocol.ts';
import { EngineStartError, initBackend, onContextLost } from './backend.ts';
import { decodeImage, InputError } from './decode-image.ts';
import { captureRelu, takeCapturedRelu } from './gradient-rules.ts';
import { reluWindow } from './relu-window.ts';
import { loadModel } from './load-model.ts';
import { sanityCascade } from './cascade.ts';
import type { CascadeStep } from './cascade-steps.ts';
import type { ForwardTape } from './forward-tape.ts';
import { recordNet, registerSaliencyKernels, saliencyMaps, type Net } from './saliency.ts';

declare const self: DedicatedWorkerGlobalScope;

const TOP_K = 5;

let model: tf.GraphModel | undefined;
/** The node Grad-CAM reads (the last feature map), when the model has one. */
let featureNode: string | undefined;
/** The sanity check's layers, output side first. */
let cascade: CascadeStep[] = [];
/** The newest job; an older one stops at its next step and never posts results. */
let latestJob = 0;
/** Jobs run one after another; a stale one is skipped at once. */
let queue: Promise<void> = Promise.resolve();
let ready: Promise<boolean> | undefined;

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);
const net: Net = (x) => {
  if (!featureNode) return model!.execute(x, 'logits') as tf.Tensor2D;
  const [logits, features] = model!.execute(x, ['logits', featureNode]) as [tf.Tensor2D, tf.Tensor4D];
  return { logits, features };
};
const isStale = (jobId: number) => jobId !== latestJob;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'init') {
    ready = init(message.modelUrl, message.step, message.backend).then(() => true, (error: Error) => {
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
    await (message.type === 'sanity' ? runCascade(message) : runJob(message)).catch((error: Error) => {
      console.error(error);
      const text = error instanceof InputError ? error.message : `Computing the maps failed: ${error.message}`;
      post({ type: 'jobError', jobId: message.jobId, message: text });
    });
  });
};

async function init(modelUrl: string, step: EngineStep, backend: BackendName | undefined) {
  const info = await initBackend(step, backend);
  onContextLost(() => post({ type: 'lost', message: 'The WebGL context was lost (the GPU was reset or reclaimed).' }));
  registerSaliencyKernels();
  const started = performance.now();
  ({ model, featureNode, cascade } = await loadModel(modelUrl, (fraction) => post({ type: 'progress', fraction })));
  const loadMs = performance.now() - started;
  const warmStart = performance.now();
  await warmUp();
  post({ type: 'ready', ...info, loadMs, warmupMs: performance.now() - warmStart });
}

/** A job's passes at the real shapes, so shaders compile and kernels warm before the first image. */
async function warmUp() {
  const input = tf.zeros([1, MODEL_SIZE, MODEL_SIZE, 3]) as tf.Tensor4D;
  try {
    const tape = recordNet(net, input);
    await topClasses(tape.output as tf.Tensor2D).catch((error: Error) => {
      tape.dispose();
      throw error;
    });
    for await (const map of saliencyMaps(net, input, 1, ['guided'], { recorded: tape })) void map;
  } finally {
    input.dispose();
  }
}

async function runJob(message: Extract<ToWorker, { type: 'analyze' | 'explain' }>) {
  const started = performance.now();
  const { jobId } = message;
  const image = message.type === 'analyze' ? await decodeForModel(message.image) : undefined;
  if (isStale(jobId)) return;
  // One tensor and one forward pass serve the classification and the maps.
  const tensor = tf.tensor4d(image?.input ?? (message as Extract<ToWorker, { type: 'explain' }>).input, [1, MODEL_SIZE, MODEL_SIZE, 3]);
  let tape: ForwardTape | undefined;
  try {
    const forwardStart = performance.now();
    tape = recordNet(net, tensor);
    let top: ClassScore[] = [];
    if (image) {
      const classified = await topClasses(tape.output as tf.Tensor2D);
      if (isStale(jobId)) return;
      top = classified.top;
      postClassified(jobId, classified, image, performance.now() - forwardStart);
    }
    const first = message.classIndex ?? top[0]!.index;
    if (message.compareIndex === 'runner-up' && top.length === 0) top = (await topClasses(tape.output as tf.Tensor2D)).top;
    const second = compareClass(message.compareIndex, top, first);
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
  const tensor = tf.tensor4d(input, [1, MODEL_SIZE, MODEL_SIZE, 3]);
  try {
    post({ type: 'cascade', jobId, classIndex, steps: cascade.map((s) => s.label), methods: shown });
    for await (const map of sanityCascade(model!, net, tensor, classIndex, shown, cascade, seed)) {
      if (isStale(jobId)) return; // leaving the loop restores the trained weights
      const values = map.values.buffer as ArrayBuffer;
      post({ type: 'cascadeMap', jobId, step: map.step, method: map.method, values, shape: map.shape, correlation: map.correlation }, [values]);
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

async function decodeForModel(blob: Blob) {
  const decodeStart = performance.now();
  const { image, notes } = await decodeImage(blob);
  const { rgb, input } = preprocess(image);
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
  post({ type: 'classified', jobId, top, probabilities: all, modelView, input, decodeMs: image.decodeMs, forwardMs, notes: image.notes }, [modelView, input, all]);
}

/** Softmax probabilities of every class, and the top TOP_K of them. */
async function topClasses(logitsTensor: tf.Tensor2D): Promise<{ top: ClassScore[]; probabilities: Float32Array }> {
  const softmax = tf.tidy(() => tf.softmax(logitsTensor).reshape([-1]));
  const probabilities = (await softmax.data()) as Float32Array;
  softmax.dispose();
  const top = [...probabilities.keys()].sort((a, b) => probabilities[b]! - probabilities[a]!).slice(0, TOP_K);
  return { top: top.map((index) => ({ index, probability: probabilities[index]! })), probabilities };
}

/** The maps of each class in turn (the second, if any, for the compare view), posted as they come. */
async function explain(jobId: number, input: tf.Tensor4D, classes: number[], { methods, smooth }: Explanation, recorded: ForwardTape) {
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
    for await (const map of saliencyMaps(net, input, classes, methods, { recorded, smooth, inputRange: INPUT_RANGE })) {
      if (isStale(jobId)) return; // leaving the loop frees what the maps hold
      const values = map.values.buffer as ArrayBuffer;
      const coarse = map.coarse && { values: map.coarse.values.buffer as ArrayBuffer, shape: map.coarse.shape };
      const { method, classIndex, row, shape, reluRewrites, samples } = map;
      post({ type: 'map', jobId, row, classIndex, method, values, shape, coarse, computeMs: performance.now() - started, reluRewrites, samples },
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

function checkClass(classIndex: number) {
  const classCount = (model!.outputs[0]?.shape?.at(-1) ?? 0) as number;
  if (!Number.isInteger(classIndex) || classIndex < 0 || (classCount > 0 && classIndex >= classCount)) throw new InputError(`Class ${classIndex} does not exist in this model.`);
}

function checkFeatureMap(methods: readonly Method[]) {
  if (!featureNode && withIngredients(methods).some((m) => METHOD_INFO[m].computed.kind === 'cam')) {
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

/// <reference lib="webworker" />
// The worker's one entry: it starts the engine and the model, and routes the page's jobs to the jobs room
// (jobs/), posting what each yields. Everything that touches tfjs lives under worker/; it imports shared/, never the page.
import * as tf from '@tensorflow/tfjs';
import type { FromWorker, ToWorker } from '../shared/protocol.ts';
import { EngineStartError, gpuWasLost, onGpuLost } from './engine/backend.ts';
import { startEngine } from './engine/start-up.ts';
import { registerSaliencyKernels } from './gradients/register-kernels.ts';
import { InputError } from './input-error.ts';
import type { Job } from './jobs/job.ts';
import { runOf } from './jobs/jobs.ts';
import type { ModelInUse } from './jobs/model-in-use.ts';
import { startModel } from './jobs/start.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

/** The newest job; an older one stops at its next message and never posts it. */
let latestJob = 0;
/** Jobs run one after another; a stale one is skipped at once. */
let queue: Promise<void> = Promise.resolve();
/** The model, once the engine has started and the model is warm (undefined: it failed, already reported). */
let ready: Promise<ModelInUse | undefined> = Promise.resolve(undefined);

self.onmessage = ({ data: message }: MessageEvent<ToWorker>) => {
  if (message.type === 'init') {
    ready = start(message).catch((error: Error) => {
      post({ type: error instanceof EngineStartError ? 'lost' : 'fatal', message: error.message });
      return undefined;
    });
    return;
  }
  latestJob = message.jobId;
  if (message.type === 'stop') return; // the running job stops at its next message
  queue = queue.then(async () => {
    const model = await ready;
    if (!model || message.jobId !== latestJob) return;
    await run(message, model).catch(async (error: Error) => {
      if (!(error instanceof InputError) && (await gpuWasLost())) return; // the page restarts the worker and runs the job again
      console.error(error);
      const text = error instanceof InputError ? error.message : `Computing the maps failed: ${error.message}`;
      post({ type: 'jobError', jobId: message.jobId, message: text });
    });
  });
};

/**
 * How often a running job lets the page's queued messages in (a newer job, a stop). On WebAssembly
 * and the cpu backend a map's read-back resolves at once, so without a pause a job's steps chain as
 * microtasks and it runs to its end before the worker even sees the newer job.
 */
const HAND_OVER_EVERY_MS = 50;
let handedOver = 0;

async function handOver() {
  if (performance.now() - handedOver < HAND_OVER_EVERY_MS) return;
  await new Promise((resolve) => setTimeout(resolve, 0));
  handedOver = performance.now();
}

async function start(message: Extract<ToWorker, { type: 'init' }>): Promise<ModelInUse> {
  const engine = await startEngine(message, () => post({ type: 'starting' }));
  onGpuLost((text) => post({ type: 'lost', message: text }));
  registerSaliencyKernels();
  return startModel(message, engine, post);
}

/**
 * Posts a job's messages as they come, unless a newer job has arrived (leaving the loop frees what
 * the job holds), then its end: its time, and the tensors the backend still holds (the same after
 * every job, or something leaks).
 */
async function run(job: Job, model: ModelInUse) {
  const started = performance.now();
  for await (const out of runOf(job)(job, { model, say: post })) {
    await handOver();
    if (job.jobId !== latestJob) return;
    if (out) post(out.message, out.transfer);
  }
  const { numTensors, numBytes } = tf.memory();
  post({ type: 'done', jobId: job.jobId, totalMs: performance.now() - started, tensors: numTensors, bytes: numBytes });
}

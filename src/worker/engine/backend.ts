// The engine room: which tfjs backend runs, its threads, lost contexts, and every tfjs internal (tfjs-internals.ts).
// Imports tfjs and shared/ only.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { describeTrials, deviceSignature, type EngineMemory, type GpuProbe } from '../../shared/engine-choice.ts';
import type { EngineStep } from '../../shared/engine-steps.ts';
import type { BackendName } from '../../shared/engines.ts';
import type { BackendInfo } from '../../shared/protocol.ts';
import { adapterName, probeGpus, webGpuAdapter, webglRendererName } from './gpu-probe.ts';
import { startWithThreads } from './tfjs-internals.ts';
import { wasmThreadsWork } from './wasm-threads.ts';

// The .wasm binaries are bundled assets of this app: no CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

/** tfjs-backend-wasm's threaded build preallocates 8 workers (PTHREAD_POOL_SIZE) and caps its pool there. */
const MAX_WASM_THREADS = 8;

/** A started backend, with the GPUs found (the page times them against it) and the kept choice it applied. */
export interface StartedEngine extends BackendInfo {
  gpus?: GpuProbe;
  remembered?: EngineMemory;
}

/**
 * Starts the backend of an engine step. fastest: the one asked for (?backend=), else the engine
 * measured fastest on this device at an earlier visit (the page keeps it), else WebAssembly, which
 * starts at once while the page times the hardware GPU engines found here against it; cpu as the
 * last resort. The later steps are the fallbacks the page moves to when a worker keeps failing.
 * Always says why.
 */
export async function initBackend(step: EngineStep, requested?: BackendName, remembered?: EngineMemory): Promise<StartedEngine> {
  if (step === 'wasm-one-thread') {
    return (await tryBackend('wasm', 'the faster set-up failed in this browser', singleThread('WebAssembly threads did not work here')))
      ?? (await tryBackend('cpu', 'WebAssembly failed in this browser'))!;
  }
  if (step === 'cpu') return (await tryBackend('cpu', 'WebGL, WebGPU and WebAssembly failed in this browser'))!;
  if (requested) {
    const info = await tryBackend(requested, `asked for in the link (backend=${requested})`);
    if (info) return info;
    const fallback = await initBackend(step);
    return { ...fallback, warning: `The ${requested} backend is not available in this browser; using ${fallback.backend} instead.` };
  }
  const gpus = await probeGpus();
  const kept = remembered?.devices === deviceSignature(gpus.candidates) ? remembered : undefined;
  const keptReason = kept && `${describeTrials(kept.trials)} (on ${kept.measuredAt.slice(0, 10)}, kept for this device)`;
  if (kept && kept.backend !== 'wasm') {
    const info = await tryBackend(kept.backend, keptReason!);
    if (info) return { ...info, gpus, remembered: kept };
  }
  const names = gpus.candidates.map((c) => c.backend).join(' and ');
  const wasmReason = keptReason
    ?? (gpus.candidates.length > 0
      ? `it starts at once; ${names} ${gpus.candidates.length > 1 ? 'are' : 'is'} timed against it in the background`
      : `there is no hardware GPU here (${gpus.skipped.join('; ')}), and WASM on the CPU is faster than a software one`);
  const wasm = await tryBackend('wasm', wasmReason);
  if (wasm) return { ...wasm, gpus, remembered: kept };
  // The threaded build failed to start: a worker on one thread (the next step) does better than cpu.
  if (tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')) throw new EngineStartError('WebAssembly threads failed to start here.');
  return (await tryBackend('cpu', 'neither a GPU engine nor WebAssembly is available'))!;
}

/** The engine cannot start in this worker; a worker on the next engine step may. */
export class EngineStartError extends Error {}

/** Threads of the backends that have no thread pool. */
const NO_POOL: Record<Exclude<BackendName, 'wasm'>, { threads: number; threadsReason: string }> = {
  webgpu: { threads: 1, threadsReason: 'WebGPU computes on the GPU' },
  webgl: { threads: 1, threadsReason: 'WebGL computes on the GPU' },
  cpu: { threads: 1, threadsReason: "tfjs's JavaScript backend runs on one thread" },
};

interface ThreadPlan {
  count: number;
  reason: string;
}

const singleThread = (reason: string): ThreadPlan => ({ count: 1, reason });

/**
 * One thread per logical core when the page is cross-origin isolated (memory is shared only then),
 * the browser can post a shared WebAssembly memory to a worker (wasm-threads.ts) and the host's
 * Content-Security-Policy lets the threads start, up to the pool's size; one otherwise.
 */
async function wasmThreadPlan(threadsSupported: boolean): Promise<ThreadPlan> {
  if (!self.crossOriginIsolated) {
    return singleThread('the page is not cross-origin isolated (its host sends no COOP/COEP headers), so WebAssembly cannot share memory between threads');
  }
  if (!threadsSupported) return singleThread('this browser cannot share WebAssembly memory with another thread (a shared memory could not be posted to a worker), so WebAssembly runs on one');
  if (!(await blobWorkersStart())) {
    return singleThread("this host's Content-Security-Policy stops the blob: workers WebAssembly threads start from (worker-src and script-src need blob:)");
  }
  const cores = navigator.hardwareConcurrency || 1;
  const count = Math.min(cores, MAX_WASM_THREADS);
  const cap = cores > MAX_WASM_THREADS ? `, at most ${MAX_WASM_THREADS}` : '';
  return { count, reason: `one per logical core (${cores} here${cap})` };
}

async function tryBackend(backend: BackendName, reason: string, plan?: ThreadPlan): Promise<BackendInfo | undefined> {
  const start = () => tf.setBackend(backend).catch(() => false);
  if (backend !== 'wasm') {
    if (!(await start())) return undefined;
    return { backend, renderer: await rendererOf(backend), reason, ...NO_POOL[backend] };
  }
  const { count, reason: threadsReason } = plan ?? await wasmThreadPlan(wasmThreadsWork());
  // The build (threaded or not) is chosen as the backend starts.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', count > 1);
  // A thread pool that never starts leaves tfjs waiting for ever: give up on it after a while.
  const { result: ok, threads } = await startWithThreads({ setThreadsCount, getThreadsCount }, count, () => (count > 1 ? within(THREADS_START_MS, start()) : start()));
  if (!ok) return undefined;
  const build = `WebAssembly${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? ' SIMD' : ''}${count > 1 ? ', threaded build' : ''}`;
  return { backend, renderer: build, reason, threads: threads(), threadsReason };
}

/** How long the threaded build may take to fetch, compile and start its pool. */
const THREADS_START_MS = 30_000;

const within = (ms: number, started: Promise<boolean>) =>
  Promise.race([started, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

/**
 * Whether a worker made from a blob: URL starts and can importScripts another blob:, as emscripten's
 * thread workers do. A Content-Security-Policy without blob: in worker-src and script-src stops
 * them without an error reaching tfjs, which then waits for ever.
 */
function blobWorkersStart(timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const script = (text: string) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    const inner = script('postMessage(true)');
    const outer = script(`importScripts(${JSON.stringify(inner)})`);
    let worker: Worker | undefined;
    const finish = (started: boolean) => {
      clearTimeout(timer);
      worker?.terminate();
      [inner, outer].forEach((url) => URL.revokeObjectURL(url));
      resolve(started);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    try {
      worker = new Worker(outer);
      worker.onmessage = () => finish(true);
      worker.onerror = () => finish(false);
    } catch {
      finish(false);
    }
  });
}

let signalGpuLost = () => {};
const gpuLostSignal = new Promise<void>((resolve) => { signalGpuLost = resolve; });

/**
 * Calls back when the GPU behind the backend is gone (a GPU reset, a driver update, the browser
 * reclaiming a WebGL context or a WebGPU device): every buffer or texture, so the model's weights,
 * is gone, and the worker cannot go on.
 */
export function onGpuLost(callback: (message: string) => void): void {
  const lost = (message: string) => {
    signalGpuLost();
    callback(message);
  };
  if (tf.getBackend() === 'webgpu') {
    void (tf.backend() as WebGPUBackend).device.lost.then((info) => lost(`The WebGPU device was lost (${info.message || info.reason || 'no reason given'}).`));
    return;
  }
  webglContext()?.canvas.addEventListener('webglcontextlost', (event) => {
    event.preventDefault();
    lost('The WebGL context was lost (the GPU was reset or reclaimed).');
  }, { once: true });
}

/**
 * Whether the GPU was lost, waiting a little for the news: a job on a lost WebGPU device fails
 * before the device says it is lost. Such a job is not a failure of the job: the page restarts the
 * worker and runs it again.
 */
export async function gpuWasLost(waitMs = 1000): Promise<boolean> {
  if (tf.getBackend() !== 'webgpu' && tf.getBackend() !== 'webgl') return false;
  // Once lost, the settled signal wins the race at once.
  return Promise.race([gpuLostSignal.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), waitMs))]);
}

function webglContext(): WebGL2RenderingContext | undefined {
  if (tf.getBackend() !== 'webgl') return undefined;
  return (tf.backend() as unknown as { gpgpu?: { gl: WebGL2RenderingContext } }).gpgpu?.gl;
}

async function rendererOf(backend: Exclude<BackendName, 'wasm'>): Promise<string> {
  if (backend === 'cpu') return 'JavaScript';
  if (backend === 'webgpu') {
    const adapter = await webGpuAdapter();
    return `WebGPU: ${adapter ? adapterName(adapter) : 'unknown adapter'}`;
  }
  const gl = webglContext();
  return gl ? `WebGL ${tf.env().getNumber('WEBGL_VERSION')}: ${webglRendererName(gl)}` : 'unknown WebGL renderer';
}

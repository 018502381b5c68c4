import * as tf from '@tensorflow/tfjs';
// tfjs's own backward walk, the one tf.grad runs: public in the package, not re-exported by tfjs.
import { backpropagateGradients, getFilteredNodesXToY, type TapeNode } from '@tensorflow/tfjs-core/dist/tape';

/**
 * The tfjs 4.22 internals this app leans on, and nothing else does: the engine's tape (to record one
 * forward pass and walk it backward several times), the wasm backend's data table and heap (to make
 * Identity share data, and SplitV copy from the heap), a graph model's weight table (to swap layers
 * for the sanity check) and how tfjs-backend-wasm sizes its thread pool. tfjs-internals.test.ts
 * fails if the first three change, e2e/hosting.spec.ts if the last does.
 */
export { backpropagateGradients, getFilteredNodesXToY, type TapeNode };

/** The engine state tf.grad uses to record a forward pass (tfjs-core 4.x, engine.ts). */
interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  startTape(): void;
  endTape(): void;
}

/** Runs f with the engine recording its tape, as tf.grad does, and hands back what it recorded. */
export function recordTape<T>(f: () => T): { result: T; nodes: TapeNode[] } {
  const engine = tf.engine() as unknown as EngineInternals;
  if (engine.state.gradientDepth !== 0) throw new Error('recordForward cannot run inside another gradient');
  engine.startTape();
  let result: T;
  try {
    result = f();
  } finally {
    engine.endTape();
  }
  const nodes = engine.state.activeTape ?? [];
  engine.state.activeTape = null;
  return { result, nodes };
}

interface WasmDataTable {
  dataIdMap: { get(dataId: object): { refCount: number } | undefined };
}

/**
 * Identity on wasm shares its input's data (counting one more reference), as the cpu and WebGL
 * backends' Identity does; tfjs-backend-wasm's copies it. The engine clones every tensor a kernel
 * saves for its gradient, so a recorded forward pass of Inception V3 made 540 copies (34 ms of a
 * 430 ms pass, one thread), and each saved filter was new data on every pass. Nothing to do
 * where the wasm backend is not loaded (tests on cpu).
 */
export function shareIdentityDataOnWasm(): void {
  const current = tf.getKernel(tf.Identity, 'wasm');
  if (!current || current.kernelFunc === shareData) return;
  tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel({ kernelName: tf.Identity, backendName: 'wasm', kernelFunc: shareData as unknown as tf.KernelFunc });
}

function shareData({ inputs: { x }, backend }: { inputs: { x: tf.TensorInfo }; backend: WasmDataTable }): tf.TensorInfo {
  const data = backend.dataIdMap.get(x.dataId);
  if (!data) throw new Error('Identity: the wasm backend holds no data for this tensor');
  data.refCount++;
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** What SplitV needs of tfjs-backend-wasm 4.22's backend: outputs made on its heap, and views of it. */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * SplitV on wasm copies each part straight from the input's memory. tfjs-backend-wasm's slices on
 * the JavaScript side and reads the whole input out of the heap again (a copy) for every part: on
 * DenseNet-201, whose Concat gradients split dy into up to 49 parts, that was 0.47 s of a 1.4 s
 * backward pass (one thread; bench/results-concat-gradient.json). Nothing to do where the wasm
 * backend is not loaded.
 */
export function splitWithoutCopiesOnWasm(): void {
  const current = tf.getKernel(tf.SplitV, 'wasm');
  if (!current || current.kernelFunc === (splitFromHeap as unknown as tf.KernelFunc)) return;
  tf.unregisterKernel(tf.SplitV, 'wasm');
  tf.registerKernel({ kernelName: tf.SplitV, backendName: 'wasm', kernelFunc: splitFromHeap as unknown as tf.KernelFunc });
}

function splitFromHeap({ inputs: { x }, attrs: { numOrSizeSplits, axis }, backend }: { inputs: { x: tf.TensorInfo }; attrs: tf.SplitVAttrs; backend: WasmHeap }): tf.TensorInfo[] {
  const at = tf.util.parseAxisParam(axis, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, at);
  const outer = tf.util.sizeFromShape(x.shape.slice(0, at));
  const inner = tf.util.sizeFromShape(x.shape.slice(at + 1));
  const row = x.shape[at]! * inner;
  const outputs = sizes.map((size) => backend.makeOutput(x.shape.map((d, i) => (i === at ? size : d)), x.dtype));
  // Views after every output is made: making one may grow the heap, which detaches older views.
  // One view of the whole heap in the input's type: each run of a part is a memmove within it.
  const from = backend.typedArrayFromHeap(x);
  const heap = new (from.constructor as Float32ArrayConstructor)(from.buffer);
  const offset = (view: ArrayBufferView) => view.byteOffset / from.BYTES_PER_ELEMENT;
  let begin = offset(from);
  outputs.forEach((out, part) => {
    const to = offset(backend.typedArrayFromHeap(out));
    const length = sizes[part]! * inner;
    for (let o = 0; o < outer; o++) heap.copyWithin(to + o * length, begin + o * row, begin + o * row + length);
    begin += length;
  });
  return outputs;
}

/**
 * tfjs-backend-wasm 4.22 sizes its XNNPACK thread pool as min(asked, hardwareConcurrency / 2, 8)
 * (src/cc/backend.cc assumes two logical cores per physical core). On 2 vCPUs that is one thread,
 * and measured there two threads computed a new image in 0.74x the time (forward pass 0.60x). The
 * module reads navigator.hardwareConcurrency once, as it starts, so while it starts the worker's
 * navigator reports twice the count wanted; afterwards the real value is back. The pool's two calls
 * come from the caller, so that this module registers no backend when imported (tests run on cpu).
 */
export async function startWithThreads<T>(
  pool: { setThreadsCount(count: number): void; getThreadsCount(): number }, count: number, start: () => Promise<T>,
): Promise<{ result: T; threads: () => number }> {
  pool.setThreadsCount(count);
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * count, configurable: true });
  try {
    return { result: await start(), threads: pool.getThreadsCount };
  } finally {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** tfjs-converter 4.22's GraphModel runs its graph through an executor that owns the weights. */
interface GraphModelInternals {
  executor?: { weightMap: Record<string, tf.Tensor[]> };
}

/**
 * Puts these tensors in place of the named weights of a graph model and hands back the ones they
 * replaced (swap those back to restore it exactly). GraphModel has no public setter: its executor's
 * weightMap setter also records which tensors are weights, so that execute() never frees them.
 */
export function swapWeights(model: tf.GraphModel, replacements: ReadonlyMap<string, tf.Tensor>): Map<string, tf.Tensor> {
  const executor = (model as unknown as GraphModelInternals).executor;
  if (!executor?.weightMap) throw new Error('tfjs-converter changed: a GraphModel has no executor.weightMap to swap weights in');
  const weights = { ...executor.weightMap };
  const replaced = new Map<string, tf.Tensor>();
  for (const [name, tensor] of replacements) {
    const current = weights[name];
    if (current?.length !== 1) throw new Error(`The model has no weight named ${name}`);
    replaced.set(name, current[0]!);
    weights[name] = [tensor];
  }
  executor.weightMap = weights;
  return replaced;
}

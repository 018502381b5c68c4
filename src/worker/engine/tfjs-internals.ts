import * as tf from '@tensorflow/tfjs';
// tfjs's own backward walk, the one tf.grad runs: public in the package, not re-exported by tfjs.
import { backpropagateGradients, getFilteredNodesXToY, type TapeNode } from '@tensorflow/tfjs-core/dist/tape';

/**
 * The tfjs 4.22 internals this app leans on, and nothing else does: the engine's tape (to record one
 * forward pass and walk it backward several times), the wasm backend's data table (to make
 * Identity share data), a graph model's weight table (to swap layers for the sanity check) and how
 * tfjs-backend-wasm sizes its thread pool. tfjs-internals.test.ts fails if the first three change,
 * e2e/hosting.spec.ts if the last does.
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

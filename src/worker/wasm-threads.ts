import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/**
 * tfjs-backend-wasm 4.22 sizes its XNNPACK thread pool as min(asked, hardwareConcurrency / 2, 8)
 * (src/cc/backend.cc assumes two logical cores per physical core). On 2 vCPUs that is one thread,
 * and measured there two threads computed a new image in 0.78x the time (forward pass 0.62x). The
 * module reads navigator.hardwareConcurrency once, as it starts, so while it starts the worker's
 * navigator reports twice the count wanted; afterwards the real value is back. The browser test of
 * hosting (e2e/hosting.spec.ts) fails if a tfjs upgrade changes this.
 */
export async function startWithThreads<T>(count: number, start: () => Promise<T>): Promise<{ result: T; threads: () => number }> {
  setThreadsCount(count);
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * count, configurable: true });
  try {
    return { result: await start(), threads: getThreadsCount };
  } finally {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

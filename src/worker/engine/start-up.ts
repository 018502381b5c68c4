import { ALIVE_EVERY_MS } from '../../shared/engine-steps.ts';
import type { ToWorker } from '../../shared/protocol.ts';
import { initBackend, type StartedEngine } from './backend.ts';

/**
 * Starts an init message's engine, calling `alive` at once and every ALIVE_EVERY_MS until it has
 * started: a worker stuck for good falls silent, and the page replaces it.
 */
export async function startEngine({ step, backend, remembered }: Extract<ToWorker, { type: 'init' }>, alive: () => void): Promise<StartedEngine> {
  alive();
  const beat = setInterval(alive, ALIVE_EVERY_MS);
  try {
    return await initBackend(step, backend, remembered);
  } finally {
    clearInterval(beat);
  }
}

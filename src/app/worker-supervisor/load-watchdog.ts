import { STARTING_SILENCE_MS } from '../../shared/engine-steps.ts';

/** No byte of the model for this long: the download has stopped (a dead connection, a host that stalls). */
export const DOWNLOAD_STALL_MS = 30_000;
/** Compiling and warming up an engine for longer than this: the engine hangs here. */
export const WARM_UP_LIMIT_MS = 180_000;

/** What a worker start is waiting for, and how long it may wait with no news. */
const LIMITS_MS = {
  /** A worker that has said it is starting its engine must keep saying it is alive. */
  'engine-start': STARTING_SILENCE_MS,
  download: DOWNLOAD_STALL_MS,
  'warm-up': WARM_UP_LIMIT_MS,
} as const;

export type Stall = keyof typeof LIMITS_MS;

/**
 * Watches a worker start: its engine start must keep saying it is alive, the model's download must
 * keep making progress, and the warm-up that follows must end. Each message re-arms it for the
 * stage it names; `onStall` hears which one stopped.
 */
export function loadWatchdog(onStall: (stall: Stall) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (stall: Stall) => {
    clearTimeout(timer);
    timer = setTimeout(() => onStall(stall), LIMITS_MS[stall]);
  };
  return {
    /** The worker is made (the warm-up's limit covers fetching its script), starts its engine, or reports progress. */
    progress: (stage: Stall = 'download') => arm(stage),
    stop: () => clearTimeout(timer),
  };
}

/** No byte of the model for this long: the download has stopped (a dead connection, a host that stalls). */
export const DOWNLOAD_STALL_MS = 30_000;
/** Compiling and warming up an engine for longer than this: the engine hangs here. */
export const WARM_UP_LIMIT_MS = 180_000;

export type Stall = 'download' | 'warm-up';

/**
 * Watches a worker start: the model's download must keep making progress, and the warm-up that
 * follows must end. Each progress message re-arms it; `onStall` hears which one stopped.
 */
export function loadWatchdog(onStall: (stall: Stall) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (stall: Stall) => {
    clearTimeout(timer);
    timer = setTimeout(() => onStall(stall), stall === 'download' ? DOWNLOAD_STALL_MS : WARM_UP_LIMIT_MS);
  };
  return {
    /** The worker starts (the warm-up's limit: an engine starting), or reports progress (the warm-up stage once the model is in). */
    progress: (stage: 'download' | 'warm-up' = 'download') => arm(stage),
    stop: () => clearTimeout(timer),
  };
}

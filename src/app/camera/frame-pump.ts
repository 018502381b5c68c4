/**
 * The live camera's loop, without React or a camera: when the worker is idle the newest frame is
 * captured and sent, so frames are dropped while the worker computes, never queued, and the maps on
 * screen are never more than one computation behind. It measures the live rate (maps drawn a
 * second) and the latency (frame captured to maps drawn) over the last frames.
 */
export interface LiveMeasure {
  /** Frames whose maps were drawn since the camera started. */
  frames: number;
  /** Over the last frames; undefined until there are two. */
  mapsPerSecond?: number;
  /** The median over the last frames, from the frame's capture to its maps drawn. */
  latencyMs?: number;
}

export interface PumpHooks {
  /** The camera's newest frame, captured now; undefined when the video has none yet. */
  capture: () => Promise<ImageBitmap | undefined>;
  /** Hands the frame to the worker (transferred). */
  send: (frame: ImageBitmap) => void;
  now: () => number;
  measured: (measure: LiveMeasure) => void;
}

export interface FramePump {
  start: () => void;
  stop: () => void;
  /**
   * The worker has no job running: the frame sent before (if any) is done, its maps drawn unless
   * it failed; the next frame is captured and sent.
   */
  idle: (drawn: boolean) => Promise<void>;
  /** Another job took the worker: the frame in flight will not be drawn. */
  superseded: () => void;
}

/** Frames the rate and the latency are measured over: a few seconds of live maps. */
export const MEASURED_FRAMES = 10;

export function framePump(hooks: PumpHooks): FramePump {
  let running = false;
  let capturing = false;
  let inFlight: number | undefined;
  let frames = 0;
  let recent: { drawnAt: number; latencyMs: number }[] = [];

  const record = (capturedAt: number) => {
    const drawnAt = hooks.now();
    frames++;
    recent = [...recent, { drawnAt, latencyMs: drawnAt - capturedAt }].slice(-MEASURED_FRAMES);
    const span = recent.at(-1)!.drawnAt - recent[0]!.drawnAt;
    hooks.measured({
      frames,
      mapsPerSecond: recent.length > 1 && span > 0 ? ((recent.length - 1) * 1000) / span : undefined,
      latencyMs: median(recent.map((r) => r.latencyMs)),
    });
  };

  return {
    start: () => {
      running = true;
      frames = 0;
      recent = [];
      inFlight = undefined;
    },
    stop: () => {
      running = false;
      inFlight = undefined;
    },
    idle: async (drawn) => {
      if (inFlight !== undefined && drawn) record(inFlight);
      inFlight = undefined;
      if (!running || capturing) return;
      capturing = true;
      const capturedAt = hooks.now();
      let frame: ImageBitmap | undefined;
      try {
        frame = await hooks.capture();
      } finally {
        capturing = false;
      }
      if (!frame) return;
      if (!running) return frame.close();
      inFlight = capturedAt;
      hooks.send(frame);
    },
    superseded: () => {
      inFlight = undefined;
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

import type { Method } from '../../shared/methods.ts';
import { compareClass, type BackendInfo, type ClassScore, type CompareChoice, type FromWorker } from '../../shared/protocol.ts';
import type { ReluSample } from '../../shared/relu-sample.ts';

/**
 * What the page shows, as a reducer over the worker's messages and the person's requests.
 * A message whose jobId is not the newest job's is dropped here: a stale result never paints.
 */

export type Engine =
  | { phase: 'loading'; fraction: number }
  | ({ phase: 'ready'; loadMs: number; warmupMs: number } & BackendInfo)
  | { phase: 'fatal'; message: string };

export interface InputLabel {
  /** Shown in the status line, e.g. "example: dog" or a file name. */
  name: string;
  exampleId?: string;
  /** The picture's address, for one opened from the web (?image=). */
  imageUrl?: string;
}

export interface PendingJob {
  id: number;
  kind: 'analyze' | 'explain';
  input: InputLabel;
  classIndex?: number;
  /** A second class for the compare view. */
  compareIndex?: CompareChoice;
  startedAt: number;
}

export interface MapResult {
  gradient: Float32Array;
  classIndex: number;
  backwardMs: number;
}

export interface Shown {
  input: InputLabel;
  top: ClassScore[];
  /** Every class's probability. */
  probabilities: Float32Array;
  modelView: Uint8ClampedArray;
  modelInput: Float32Array;
  /** The class the maps are (or are being) computed for. */
  classIndex: number;
  maps: Partial<Record<Method, MapResult>>;
  /** The second class's maps (compare view). */
  compare?: { classIndex: number; maps: Partial<Record<Method, MapResult>> };
  /** One ReLU window of the first class's vanilla pass (teaching diagram). */
  relu?: { classIndex: number; sample: ReluSample };
  decodeMs: number;
  forwardMs: number;
  notes: string[];
  totalMs?: number;
  reluRewrites?: number;
  memory?: { tensors: number; bytes: number };
}

export interface Session {
  engine: Engine;
  job?: PendingJob;
  shown?: Shown;
  /** The last job's failure, shown until the next success. */
  error?: string;
  /** Why the worker was last restarted (a crash, a lost WebGL context). */
  restartNotice?: string;
}

export type SessionEvent = { type: 'submitted'; job: PendingJob } | { type: 'restarting'; message: string } | FromWorker;

export const initialSession: Session = { engine: { phase: 'loading', fraction: 0 } };

export function sessionReducer(session: Session, event: SessionEvent): Session {
  switch (event.type) {
    case 'submitted':
      return { ...session, job: event.job };
    case 'progress':
      return session.engine.phase === 'loading' ? { ...session, engine: { phase: 'loading', fraction: event.fraction } } : session;
    case 'ready': {
      const { type: _type, ...info } = event;
      return { ...session, engine: { phase: 'ready', ...info } };
    }
    case 'restarting':
      return { ...session, engine: { phase: 'loading', fraction: 0 }, restartNotice: event.message };
    case 'lost':
      return session;
    case 'fatal':
      return { ...session, engine: { phase: 'fatal', message: event.message }, job: undefined };
  }
  if (event.jobId !== session.job?.id) return session;
  const job = session.job;
  switch (event.type) {
    case 'classified': {
      const classIndex = job.classIndex ?? event.top[0]!.index;
      const compareIndex = compareClass(job.compareIndex, event.top, classIndex);
      return {
        ...session,
        error: undefined,
        shown: {
          input: job.input,
          top: event.top,
          probabilities: new Float32Array(event.probabilities),
          modelView: new Uint8ClampedArray(event.modelView),
          modelInput: new Float32Array(event.input),
          classIndex,
          maps: {},
          compare: compareIndex === undefined ? undefined : { classIndex: compareIndex, maps: {} },
          decodeMs: event.decodeMs,
          forwardMs: event.forwardMs,
          notes: event.notes,
        },
      };
    }
    case 'map': {
      const shown = session.shown;
      if (!shown) return session;
      const result = { gradient: new Float32Array(event.gradient), classIndex: event.classIndex, backwardMs: event.backwardMs };
      // The worker sends the first class's maps, then the second's.
      const first = job.classIndex ?? shown.classIndex;
      const second = typeof job.compareIndex === 'number' ? job.compareIndex : shown.compare?.classIndex;
      if (event.classIndex !== first && event.classIndex === second) {
        const maps = { ...shown.compare?.maps, [event.method]: result };
        return { ...session, shown: { ...shown, compare: { classIndex: event.classIndex, maps } } };
      }
      return { ...session, shown: { ...shown, classIndex: event.classIndex, reluRewrites: event.reluRewrites, maps: { ...shown.maps, [event.method]: result } } };
    }
    case 'relu':
      return session.shown ? { ...session, shown: { ...session.shown, relu: { classIndex: event.classIndex, sample: event.sample } } } : session;
    case 'done':
      return {
        ...session,
        job: undefined,
        shown: session.shown && { ...session.shown, totalMs: event.totalMs, memory: { tensors: event.tensors, bytes: event.bytes } },
      };
    case 'jobError':
      return { ...session, job: undefined, error: event.message };
  }
}

/** The class the person asked for most recently (pending or shown). */
export function selectedClass(session: Session): number | undefined {
  return session.job?.classIndex ?? session.shown?.classIndex;
}

/** The second class asked for most recently (compare view), if the running job has a definite one. */
export function selectedCompareClass(session: Session): number | undefined {
  const asked = session.job?.compareIndex;
  return typeof asked === 'number' ? asked : session.shown?.compare?.classIndex;
}

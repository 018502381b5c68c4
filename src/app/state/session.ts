import type { Method } from '../../shared/methods.ts';
import type { BackendInfo, ClassScore, FromWorker, Passes } from '../../shared/protocol.ts';

/**
 * What the page shows, as a reducer over the worker's messages and the person's requests.
 * A message whose jobId is not the newest job's is dropped here: a stale result never paints.
 */

export type Engine =
  | { phase: 'loading'; fraction: number }
  | ({ phase: 'ready'; loadMs: number; warmupMs: number; passes: Passes } & BackendInfo)
  | { phase: 'fatal'; message: string };

export interface InputLabel {
  /** Shown in the status line, e.g. "example: dog" or a file name. */
  name: string;
  exampleId?: string;
}

export interface PendingJob {
  id: number;
  kind: 'analyze' | 'explain';
  input: InputLabel;
  classIndex?: number;
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
  modelView: Uint8ClampedArray;
  modelInput: Float32Array;
  /** The class the maps are (or are being) computed for. */
  classIndex: number;
  maps: Partial<Record<Method, MapResult>>;
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
    case 'classified':
      return {
        ...session,
        error: undefined,
        shown: {
          input: job.input,
          top: event.top,
          modelView: new Uint8ClampedArray(event.modelView),
          modelInput: new Float32Array(event.input),
          classIndex: job.classIndex ?? event.top[0]!.index,
          maps: {},
          decodeMs: event.decodeMs,
          forwardMs: event.forwardMs,
          notes: event.notes,
        },
      };
    case 'map': {
      if (!session.shown) return session;
      const result = { gradient: new Float32Array(event.gradient), classIndex: event.classIndex, backwardMs: event.backwardMs };
      return {
        ...session,
        shown: { ...session.shown, classIndex: event.classIndex, reluRewrites: event.reluRewrites, maps: { ...session.shown.maps, [event.method]: result } },
      };
    }
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

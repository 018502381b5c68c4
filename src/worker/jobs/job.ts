// The jobs room: each kind of the page's jobs as a generator of the messages it posts, on the model in use.
// Imports methods/, model/, image/, engine/, gradients/ and shared/.
import type { FromWorker, ToWorker } from '../../shared/protocol.ts';
import type { ModelInUse } from './model-in-use.ts';

/** A message to post, with the buffers it transfers. */
export interface Outgoing {
  message: FromWorker;
  transfer?: Transferable[];
}

export type Job = Exclude<Extract<ToWorker, { jobId: number }>, { type: 'stop' }>;

/** What a job runs on: the model in use, and a way to tell the page of the worker's own news (a model's download, a new model), posted even once the job is stale. */
export interface JobContext {
  model: ModelInUse;
  say: (message: FromWorker) => void;
}

/**
 * A job's messages, in order. `undefined` posts nothing: it marks a point where a job superseded by
 * a newer one stops (between expensive steps). Leaving the generator early frees what it holds.
 */
export type JobRun<J extends Job = Job> = (job: J, context: JobContext) => AsyncGenerator<Outgoing | undefined>;

/** A map's values posted as a message's own buffer (transferred, so not copied). */
export const buffer = (values: Float32Array): ArrayBuffer => values.buffer as ArrayBuffer;

import type { Method } from '../../shared/methods.ts';
import type { ModelDescriptor } from '../../shared/model-descriptor.ts';
import type { EngineTrial } from '../../shared/engine-choice.ts';
import type { CurveKind, CurveOrder } from '../../shared/faithfulness.ts';
import type { BackendName } from '../../shared/engines.ts';
import type { BackendInfo, ClassScore, Completeness, FromWorker, MapProgress, MapShape, ToWorker } from '../../shared/protocol.ts';
import type { ReluSample } from '../../shared/relu-sample.ts';

/**
 * What the page shows, as a reducer over the worker's messages and the person's requests.
 * A message whose jobId is not the newest job's is dropped here: a stale result never paints.
 */

export type Engine =
  | { phase: 'loading'; fraction: number; stage?: 'download' | 'warm-up' }
  /** The model's download stopped making progress: the page waits for the person to retry. */
  | { phase: 'stalled'; message: string }
  | ({ phase: 'ready'; loadMs: number; warmupMs: number } & BackendInfo)
  | { phase: 'fatal'; message: string };

export interface InputLabel {
  /** Shown in the status line, e.g. "example: dog" or a file name. */
  name: string;
  exampleId?: string;
  /** The picture's address, for one opened from the web (?image=). */
  imageUrl?: string;
}

/** A job the page asks of the worker, as the worker gets it: the job's id is its jobId. */
export type JobRequest = Exclude<Extract<ToWorker, { jobId: number }>, { type: 'stop' }>;

/** A job request before the supervisor gives it its id: each kind of job without its jobId. */
export type NewJob = WithoutId<JobRequest>;
type WithoutId<R> = R extends JobRequest ? Omit<R, 'jobId'> : never;

export interface PendingJob {
  /** What the worker was asked, as it was sent. */
  request: JobRequest;
  /** What the job is of, as the status line names it. */
  input: InputLabel;
  /** The classes the worker resolved the job to (first, second), once it says. */
  classes?: number[];
  startedAt: number;
}

export interface MapResult {
  /** float32, [H, W, channels] as `shape` says. */
  values: Float32Array;
  shape: MapShape;
  /** A CAM at its layer's resolution. */
  coarse?: { values: Float32Array; shape: MapShape; layer: string };
  classIndex: number;
  /** The contrast row's: the map is of logit[classIndex] − logit[versus]. */
  versus?: number;
  /** Time the worker spent on it (its backward pass, or SmoothGrad's last sample). */
  computeMs: number;
  /** A map made of many passes, as far as it has come. */
  progress?: MapProgress;
  /** Integrated Gradients: the attributions' sum against the logit's rise from the baseline. */
  completeness?: Completeness;
  /** The job that classified the image the map is of (Shown's imageJob when it came). */
  imageJob: number;
}

/** One map of the sanity check, and Spearman's correlation of its |values| with the trained model's. */
export interface CascadeCell {
  values: Float32Array;
  shape: MapShape;
  correlation: number;
}

export interface SanityResult {
  classIndex: number;
  /** The layers randomized, output side first: step k has the first k randomized (step 0: none). */
  steps: string[];
  methods: Method[];
  /** Each method's maps by step, filled as they come. */
  maps: Partial<Record<Method, CascadeCell[]>>;
}

/** The faithfulness test of the first class's maps: each curve's probabilities by step, filled as they come. */
export interface EvaluationResult {
  classIndex: number;
  methods: Method[];
  /** The fraction of the pixels moved at each step. */
  fractions: number[];
  curves: Partial<Record<`${CurveKind} ${CurveOrder}`, (number | undefined)[]>>;
  /** The values of the maps tested and the random order's seed: a test of maps no longer on screen, or of another seed, is out of date. */
  of: Partial<Record<Method, Float32Array>>;
  seed: number;
}

export interface Shown {
  input: InputLabel;
  /** The job that classified this image: a map kept from another image (a camera's earlier frame) has another. */
  imageJob: number;
  /** The image file, to explain it again with another model. */
  image?: Blob;
  top: ClassScore[];
  /** Every class's probability. */
  probabilities: Float32Array;
  /** What the model saw: RGB bytes [height, width, 3], and its input tensor of shape inputShape. */
  modelView: Uint8ClampedArray;
  modelInput: Float32Array;
  inputShape: [number, number, number, number];
  /** The class the maps are (or are being) computed for. */
  classIndex: number;
  maps: Partial<Record<Method, MapResult>>;
  /** The second class's maps (compare view). */
  compare?: { classIndex: number; maps: Partial<Record<Method, MapResult>> };
  /** The maps of the first class rather than the second (logit A − logit B), when asked. */
  contrast?: { classIndex: number; versus: number; maps: Partial<Record<Method, MapResult>> };
  /** The sanity check of a class of this image, as far as it has come. */
  sanity?: SanityResult;
  /** The faithfulness test of maps of this image, as far as it has come. */
  evaluation?: EvaluationResult;
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
  /** The model the worker runs, as it describes it. */
  model?: ModelDescriptor;
  /** It came from files the person dropped or picked (no link can name it). */
  ownModel?: boolean;
  /** The link's model could not be used: the bundled one runs instead. */
  linkModelRefused?: boolean;
  job?: PendingJob;
  shown?: Shown;
  /** The last job's failure, shown until the next success. */
  error?: string;
  /** Why the worker was last restarted (a crash, a lost WebGL context). */
  restartNotice?: string;
  /** The engines timed on this device so far, and the one warming up to be timed next. */
  engineTrials?: { trials: EngineTrial[]; warming?: BackendName };
}

export type SessionEvent =
  | { type: 'submitted'; job: PendingJob }
  | { type: 'stopped' }
  | { type: 'restarting'; message: string }
  | { type: 'modelRefused'; message: string }
  | { type: 'engineTrials'; trials: EngineTrial[]; warming?: BackendName }
  | { type: 'stalled'; message: string }
  | { type: 'retrying' }
  // The worker's news; that it is alive while starting is the load watchdog's alone, and a lost worker the supervisor's, which replaces it.
  | Exclude<FromWorker, { type: 'starting' | 'lost' }>;

export const initialSession: Session = { engine: { phase: 'loading', fraction: 0 } };

export function sessionReducer(session: Session, event: SessionEvent): Session {
  switch (event.type) {
    case 'submitted':
      return { ...session, job: event.job };
    case 'stopped':
      return { ...session, job: undefined };
    case 'progress':
      return session.engine.phase === 'loading' ? { ...session, engine: { phase: 'loading', fraction: event.fraction, stage: event.stage } } : session;
    case 'ready': {
      const { type: _type, model, ...info } = event;
      return { ...session, model, engine: { phase: 'ready', ...info } };
    }
    case 'model':
      return { ...session, model: event.model, ownModel: event.source ? event.source.kind === 'files' : session.ownModel };
    case 'stalled':
      return { ...session, engine: { phase: 'stalled', message: event.message } };
    case 'retrying':
      return { ...session, engine: { phase: 'loading', fraction: 0 } };
    case 'engineTrials':
      return { ...session, engineTrials: { trials: event.trials, warming: event.warming } };
    case 'restarting':
      return { ...session, engine: { phase: 'loading', fraction: 0 }, restartNotice: event.message };
    case 'modelRefused':
      return { ...session, engine: { phase: 'loading', fraction: 0 }, restartNotice: event.message, linkModelRefused: true };
    case 'fatal':
      return { ...session, engine: { phase: 'fatal', message: event.message }, job: undefined };
  }
  if (event.jobId !== session.job?.request.jobId) return session;
  const { request } = session.job;
  switch (event.type) {
    case 'classified': {
      const classIndex = request.classIndex ?? event.top[0]!.index;
      return {
        ...session,
        error: undefined,
        shown: {
          input: session.job.input,
          imageJob: request.jobId,
          image: request.type === 'analyze' ? request.image : undefined,
          top: event.top,
          probabilities: new Float32Array(event.probabilities),
          modelView: new Uint8ClampedArray(event.modelView),
          modelInput: new Float32Array(event.input),
          inputShape: event.inputShape,
          classIndex,
          // A camera's live maps stay until the new frame's come: live, the maps move rather than blink.
          maps: request.type === 'frame' ? pick(session.shown?.maps ?? {}, request.methods) : {},
          decodeMs: event.decodeMs,
          forwardMs: event.forwardMs,
          notes: event.notes,
        },
      };
    }
    case 'classes': {
      const shown = session.shown;
      const second = event.classes[1];
      // A new second class: its row is headed by it at once; the old maps stay, marked stale, until the new ones come.
      const compare = second === undefined || shown?.compare?.classIndex === second ? shown?.compare : { classIndex: second, maps: shown?.compare?.maps ?? {} };
      return { ...session, job: { ...session.job, classes: event.classes }, shown: shown && { ...shown, compare } };
    }
    case 'map': {
      const shown = session.shown;
      if (!shown) return session;
      const result: MapResult = {
        values: new Float32Array(event.values),
        shape: event.shape,
        coarse: event.coarse && { values: new Float32Array(event.coarse.values), shape: event.coarse.shape, layer: event.coarse.layer },
        classIndex: event.classIndex,
        versus: event.versus,
        computeMs: event.computeMs,
        progress: event.progress,
        completeness: event.completeness,
        imageJob: shown.imageJob,
      };
      if (event.row === 2) {
        const maps = { ...shown.contrast?.maps, [event.method]: result };
        return { ...session, shown: { ...shown, contrast: { classIndex: event.classIndex, versus: event.versus!, maps } } };
      }
      if (event.row === 1) {
        const maps = { ...shown.compare?.maps, [event.method]: result };
        return { ...session, shown: { ...shown, compare: { classIndex: event.classIndex, maps } } };
      }
      const reluRewrites = event.reluRewrites ?? shown.reluRewrites;
      return { ...session, shown: { ...shown, classIndex: event.classIndex, reluRewrites, maps: { ...shown.maps, [event.method]: result } } };
    }
    case 'cascade': {
      const { classIndex, steps, methods } = event;
      return session.shown ? { ...session, shown: { ...session.shown, sanity: { classIndex, steps, methods, maps: {} } } } : session;
    }
    case 'cascadeMap': {
      const sanity = session.shown?.sanity;
      if (!sanity) return session;
      const cells = [...(sanity.maps[event.method] ?? [])];
      cells[event.step] = { values: new Float32Array(event.values), shape: event.shape, correlation: event.correlation };
      return { ...session, shown: { ...session.shown!, sanity: { ...sanity, maps: { ...sanity.maps, [event.method]: cells } } } };
    }
    case 'evaluation': {
      const { classIndex, methods, fractions } = event;
      if (!session.shown || request.type !== 'evaluate') return session;
      const of = Object.fromEntries(request.maps.map((map) => [map.method, map.values]));
      return { ...session, shown: { ...session.shown, evaluation: { classIndex, methods, fractions, curves: {}, of, seed: request.seed } } };
    }
    case 'curvePoints': {
      const evaluation = session.shown?.evaluation;
      if (!evaluation) return session;
      const curves = { ...evaluation.curves };
      for (const { kind, order, step, probability } of event.points) {
        const key = `${kind} ${order}` as const;
        const values = [...(curves[key] ?? evaluation.fractions.map(() => undefined))];
        values[step] = probability;
        curves[key] = values;
      }
      return { ...session, shown: { ...session.shown!, evaluation: { ...evaluation, curves } } };
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

/**
 * The methods whose maps on screen are not yet the finished maps of this class of this image: none
 * yet, of another class, of another image (a camera's earlier frame, kept while live), or still growing.
 */
export function unfinishedMethods(shown: Shown, methods: readonly Method[], classIndex: number): Method[] {
  return methods.filter((m) => {
    const map = shown.maps[m];
    return !map || map.classIndex !== classIndex || map.imageJob !== shown.imageJob || (map.progress !== undefined && map.progress.done < map.progress.total);
  });
}

function pick<T>(maps: Partial<Record<Method, T>>, methods: readonly Method[]): Partial<Record<Method, T>> {
  return Object.fromEntries(methods.flatMap((m) => (maps[m] ? [[m, maps[m]]] : [])));
}

/** The class the person asked for most recently (pending or shown). */
export function selectedClass(session: Session): number | undefined {
  return session.job?.classes?.[0] ?? session.job?.request.classIndex ?? session.shown?.classIndex;
}

/** The second class asked for most recently (compare view): the running job's, once known, else the one shown. */
export function selectedCompareClass(session: Session): number | undefined {
  const job = session.job;
  if (job?.classes) return job.classes[1] ?? session.shown?.compare?.classIndex;
  const asked = job && 'compareIndex' in job.request ? job.request.compareIndex : undefined;
  return typeof asked === 'number' ? asked : session.shown?.compare?.classIndex;
}

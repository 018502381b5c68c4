// What the page and the worker both read: the message protocol, methods, links, preprocessing, pure maths.
// Imports nothing outside shared/, so both sides can (src/import-rules.test.ts).
import type { EngineMemory, GpuProbe } from './engine-choice.ts';
import type { BackendName } from './engines.ts';
import type { EngineStep } from './engine-steps.ts';
import type { CurveKind, CurveOrder } from './faithfulness.ts';
import type { Method } from './methods.ts';
import type { MapSettings } from './map-settings.ts';
import type { ModelDescriptor } from './model-descriptor.ts';
import type { PresetId } from './preprocess.ts';
import type { ReluSample } from './relu-sample.ts';

/** The one message protocol between the page and the worker. Every job has an id; a newer job supersedes older ones. */

export interface ClassScore {
  index: number;
  probability: number;
}

/** Where a model's files are: beside a model.json address, or among files a person dropped (never sent anywhere). */
export type ModelSource = { kind: 'url'; url: string } | { kind: 'files'; files: File[] };

export type ToWorker =
  /**
   * step: the engine to start on (ENGINE_STEPS); backend, asked for by the link, applies to the first.
   * preprocessing: the person's choice, for a model whose metadata does not fix it.
   * remembered: the engine measured fastest at an earlier visit of this app version (applied if the GPUs are the same).
   * trial: start on `backend`, time a forward and a backward pass once warm (ready's passMs), and wait to be adopted.
   */
  | { type: 'init'; model: ModelSource; preprocessing?: PresetId; step: EngineStep; backend?: BackendName; remembered?: EngineMemory; trial?: boolean }
  /**
   * Decode, classify and explain an image (the top-1 class unless classIndex is given), first
   * switching to another model if one is given (a model that is refused leaves the current one).
   */
  | ({ type: 'analyze'; jobId: number; image: Blob; classIndex?: number; model?: ModelSource; preprocessing?: PresetId } & Explanation)
  /**
   * Explain another class of an image already analysed, given by its model input (the page sends
   * what it shows, so the maps always belong to the image on screen).
   */
  | ({ type: 'explain'; jobId: number; classIndex: number; input: Float32Array } & Explanation)
  /**
   * A camera's frame, transferred: classified and explained like a new image on the model in use
   * (the top-1 class unless classIndex is given). The page sends one only when the previous one is
   * done, and always the newest, so the maps are never behind by more than one computation. A model
   * (or preprocessing) chosen while the camera is live comes with the next frame, as with analyze.
   */
  | ({ type: 'frame'; jobId: number; frame: ImageBitmap; classIndex?: number; model?: ModelSource; preprocessing?: PresetId } & Explanation)
  /**
   * The sanity check: this class's maps by these methods (SmoothGrad's left out), for the trained
   * model and after each step of randomizing its layers from the logits down, the weights drawn from the seed.
   */
  | { type: 'sanity'; jobId: number; classIndex: number; input: Float32Array; methods: Method[]; seed: number; layer?: string }
  /**
   * The faithfulness test of these maps of a class of the image on screen (the page sends what it
   * shows): deletion and insertion curves by each map's pixel order and by a random order drawn from the seed.
   */
  | { type: 'evaluate'; jobId: number; classIndex: number; input: Float32Array; maps: EvaluatedMap[]; seed: number }
  /** Stops the running job (it is older than this id) and starts nothing. */
  | { type: 'stop'; jobId: number };

/** What a job draws: these methods' maps (METHOD_INFO), for the first class and, if asked, a second one. */
export interface Explanation {
  methods: Method[];
  settings: MapSettings;
  /** A second class for the compare view; the worker resolves it and says which (the 'classes' message). */
  compareIndex?: CompareChoice;
  /** The layer the CAMs read, by its label (ModelDescriptor's layers); the feature map before the global pool if none. */
  layer?: string;
  /** With a second class: a third row, the maps of the first class's logit minus the second's ("A rather than B"). */
  contrast?: boolean;
}

export interface EvaluatedMap {
  method: Method;
  values: Float32Array;
  shape: MapShape;
}

/** Integrated Gradients' completeness: the attributions sum to about logit(image) − logit(baseline). */
export interface Completeness {
  sum: number;
  baseline: number;
  image: number;
}

/** One point of a faithfulness curve: the class's probability after `step` of the steps (fractions[step] of the pixels). */
export interface CurvePoint {
  kind: CurveKind;
  order: CurveOrder;
  step: number;
  probability: number;
}

/** A map's values as [height, width, channels] (a gradient: the input's channels; a heat map: one). */
export type MapShape = [number, number, number];

/** How far a map made of many passes has come: `done` of `total` (METHOD_INFO's progress says of what). */
export interface MapProgress {
  done: number;
  total: number;
}

/** A class number, or 'runner-up': the most likely class other than the first. */
export type CompareChoice = number | 'runner-up';

export interface BackendInfo {
  backend: BackendName;
  renderer: string;
  /** Why this backend was chosen. */
  reason: string;
  /** Threads the backend computes on (WebAssembly's pool; 1 elsewhere), and why that many. */
  threads: number;
  threadsReason: string;
  /** Set when the backend asked for was unavailable. */
  warning?: string;
  /** The GPU engines found (step fastest, not forced by the link): the hardware ones are timed against this one. */
  gpus?: GpuProbe;
  /** The kept choice this engine was started from. */
  remembered?: EngineMemory;
}

export type FromWorker =
  /** The worker is starting its engine and is not stuck: said every ALIVE_EVERY_MS until it has. */
  | { type: 'starting' }
  /** The model's download as it comes in, then (stage warm-up) compiling and warming up the engine. */
  | { type: 'progress'; fraction: number; stage?: 'download' | 'warm-up' }
  /** passMs: a forward and the first backward pass, warm (the best of two), when GPU engines are to be compared. */
  | ({ type: 'ready'; loadMs: number; warmupMs: number; passMs?: number; model: ModelDescriptor } & BackendInfo)
  /** The worker now runs this model: another one, loaded from `source`, or the same with another preprocessing. */
  | { type: 'model'; model: ModelDescriptor; source?: ModelSource }
  /** The model cannot be used at all. */
  | { type: 'fatal'; message: string }
  /** The worker cannot go on (its WebGL context or WebGPU device was lost, its engine could not start): the page replaces it. */
  | { type: 'lost'; message: string }
  | {
      type: 'classified';
      jobId: number;
      top: ClassScore[];
      /** Softmax probability of every class, float32. */
      probabilities: ArrayBuffer;
      /** The RGB bytes the model saw, [height, width, 3] of its input (grey for a grey model). */
      modelView: ArrayBuffer;
      /** The exact float32 input tensor, of shape inputShape: [1, height, width, channels]. */
      input: ArrayBuffer;
      inputShape: [number, number, number, number];
      decodeMs: number;
      forwardMs: number;
      /** What the person should know about how the file was read (transparency, first frame, scaling). */
      notes: string[];
    }
  /** The classes the job's maps are for, resolved by the worker: the first, then the compare view's second if any. */
  | { type: 'classes'; jobId: number; classes: number[] }
  | {
      type: 'map';
      jobId: number;
      /** Which of the job's classes: 0 the first, 1 the compare view's second; 2 the first rather than the second. */
      row: number;
      classIndex: number;
      /** Row 2: the class the first is contrasted with (the map is of logit[classIndex] − logit[versus]). */
      versus?: number;
      method: Method;
      /** float32 values of shape [H, W, channels] (a gradient: the input's RGB; Grad-CAM: one channel). */
      values: ArrayBuffer;
      shape: MapShape;
      /** A CAM at its layer's resolution (8×8 for Inception V3's last), before upsampling, and that layer's label. */
      coarse?: { values: ArrayBuffer; shape: MapShape; layer: string };
      /** Time since the previous map (the backward pass, or SmoothGrad's sample). */
      computeMs: number;
      /** ReLU gradients rewritten by the backward pass that made it. */
      reluRewrites?: number;
      /** A map made of many passes, as far as it has come. */
      progress?: MapProgress;
      /** Integrated Gradients: the attributions' sum against the logit's rise from the baseline (completeness). */
      completeness?: Completeness;
    }
  /** The sanity check's steps (the layers randomized, output side first), before its first map. */
  | { type: 'cascade'; jobId: number; classIndex: number; steps: string[]; methods: Method[] }
  /** One map of the sanity check: step 0 is the trained model; correlation is Spearman's, of |map| with step 0's. */
  | { type: 'cascadeMap'; jobId: number; step: number; method: Method; values: ArrayBuffer; shape: MapShape; correlation: number }
  /** The faithfulness test's curves (deletion and insertion, by each map's order and a random one) at these fractions of the pixels. */
  | { type: 'evaluation'; jobId: number; classIndex: number; methods: Method[]; fractions: number[] }
  /** Points of the curves, a batch of forward passes at a time. */
  | { type: 'curvePoints'; jobId: number; points: CurvePoint[] }
  /** A window of the ReLU nearest the input, from the vanilla pass of the first class (teaching diagram). */
  | { type: 'relu'; jobId: number; classIndex: number; sample: ReluSample }
  | { type: 'done'; jobId: number; totalMs: number; tensors: number; bytes: number }
  | { type: 'jobError'; jobId: number; message: string };

import type { EngineStep } from './engine-steps.ts';
import type { Method } from './methods.ts';
import type { ReluSample } from './relu-sample.ts';

/** The one message protocol between the page and the worker. Every job has an id; a newer job supersedes older ones. */

export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface ClassScore {
  index: number;
  probability: number;
}

export type ToWorker =
  /** step: the engine to start on (ENGINE_STEPS); backend, asked for by the link, applies to the first. */
  | { type: 'init'; modelUrl: string; step: EngineStep; backend?: BackendName }
  /** Decode, classify and explain an image (the top-1 class unless classIndex is given). */
  /** compareIndex also explains a second class; 'runner-up': the most likely other class. */
  | { type: 'analyze'; jobId: number; image: Blob; classIndex?: number; compareIndex?: CompareChoice }
  /**
   * Explain another class of an image already analysed, given by its model input (the page sends
   * what it shows, so the maps always belong to the image on screen).
   */
  | { type: 'explain'; jobId: number; classIndex: number; compareIndex?: number; input: Float32Array };

export type CompareChoice = number | 'runner-up';

/** The class a compare choice means for an image with these top classes and this first class. */
export function compareClass(choice: CompareChoice | undefined, top: readonly ClassScore[], classIndex: number): number | undefined {
  if (choice === undefined) return undefined;
  const index = choice === 'runner-up' ? top.find((c) => c.index !== classIndex)?.index : choice;
  return index === classIndex ? undefined : index;
}

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
}

export type FromWorker =
  | { type: 'progress'; fraction: number }
  | ({ type: 'ready'; loadMs: number; warmupMs: number } & BackendInfo)
  /** The model cannot be used at all. */
  | { type: 'fatal'; message: string }
  /** The worker cannot go on (its WebGL context was lost, its engine could not start): the page replaces it. */
  | { type: 'lost'; message: string }
  | {
      type: 'classified';
      jobId: number;
      top: ClassScore[];
      /** Softmax probability of every class, float32. */
      probabilities: ArrayBuffer;
      /** The 299x299 RGB bytes the model saw. */
      modelView: ArrayBuffer;
      /** The exact float32 input tensor [1, 299, 299, 3]. */
      input: ArrayBuffer;
      decodeMs: number;
      forwardMs: number;
      /** What the person should know about how the file was read (transparency, first frame, scaling). */
      notes: string[];
    }
  | {
      type: 'map';
      jobId: number;
      classIndex: number;
      method: Method;
      /** d logit / d input, float32 [299, 299, 3]. */
      gradient: ArrayBuffer;
      backwardMs: number;
      reluRewrites: number;
    }
  /** A window of the ReLU nearest the input, from the vanilla pass of the first class (teaching diagram). */
  | { type: 'relu'; jobId: number; classIndex: number; sample: ReluSample }
  | { type: 'done'; jobId: number; totalMs: number; tensors: number; bytes: number }
  | { type: 'jobError'; jobId: number; message: string };

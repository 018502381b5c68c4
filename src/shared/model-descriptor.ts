import type { InputSpec, PresetId } from './preprocess.ts';

/** Beside model.json: Teachable Machine's fields, plus `preprocessing`, which this app's converter writes. */
export const METADATA_FILE = 'metadata.json';

export interface ModelMetadata {
  modelName?: string;
  labels?: string[];
  imageSize?: number;
  /** Teachable Machine writes "@teachablemachine/image" and its version. */
  packageName?: string;
  tmVersion?: string;
  preprocessing?: PresetId;
}

/**
 * Everything the page knows about the model the worker runs, decided by the worker when it loads
 * one (the bundled Inception V3 is just the default): the page never assumes a size, a class count
 * or a scaling of its own.
 */
export interface ModelDescriptor {
  /** Said on the page: "Inception V3", a Teachable Machine model's name, a dropped file's folder. */
  name: string;
  input: InputSpec;
  /** Where the preprocessing comes from: the model's metadata, or the person's choice (or the default, [-1, 1]). */
  preprocessingFrom: 'metadata' | 'chosen';
  classCount: number;
  /** One name per class: the model's labels, else "class N". */
  labels: string[];
  /** Where the labels come from ('metadata.json', 'labels.txt', ...), if the model has any. */
  labelsFrom?: string;
  /** Index 0 is a background class (not a thing to explain). */
  background: boolean;
  /** How the class score was found: "the input of the final softmax (dense_2)", or "the model's output". */
  logitsFrom: string;
  /** ReLU and ReLU6 activations in the graph, each rewritten by the rules. */
  relus: number;
  /** Other activations by op (Sigmoid, ClipByValue...): deconvnet and guided backprop pass their plain gradient. */
  otherActivations: Record<string, number>;
  /** What the page chose for the model, said in its facts (a size its graph leaves open). */
  notes?: string[];
  /** Grad-CAM's feature map, [h, w, channels], when the model has a global pool: the CAMs' default layer. */
  featureMap?: { name: string; shape: number[] };
  /** The layers a CAM can read instead (`layer=` in a link names one by its label), input side first; the feature map last. */
  layers?: CamLayer[];
}

/** A feature map a CAM can read: its node, the name a person sees (Mixed_6e), [h, w, channels]. */
export interface CamLayer {
  name: string;
  label: string;
  shape: number[];
}

/** The classes a person may pick: all but a background class. */
export function pickableClasses(model: Pick<ModelDescriptor, 'classCount' | 'background'>): number[] {
  return Array.from({ length: model.classCount }, (_, i) => i).filter((i) => !(model.background && i === 0));
}

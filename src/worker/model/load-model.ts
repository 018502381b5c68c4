// The model room: where a model's files come from, translation (layers, TF Lite) to one graph form, audit, the
// cascade's layers. Imports image/ (InputError), gradients/ (which activations have rules) and shared/.
import * as tf from '@tensorflow/tfjs';
import type { ModelDescriptor } from '../../shared/model-descriptor.ts';
import type { PresetId } from '../../shared/preprocess.ts';
import type { ModelSource } from '../../shared/protocol.ts';
import { camLayers } from './cam-layers.ts';
import { cascadeSteps, type CascadeStep } from './cascade-steps.ts';
import { concatWeights, manifestEntry } from './graph-def.ts';
import type { GraphNode } from './graph.ts';
import { InputError } from '../input-error.ts';
import { layersToGraph, type LayerEntry, type WeightValues } from './layers-to-graph.ts';
import { auditGraph } from './model-audit.ts';
import { readModelFiles, type ModelFiles } from './model-files.ts';

export interface LoadedModel {
  model: tf.GraphModel;
  /** The graph's input, its class scores (before any final softmax) and Grad-CAM's feature map (if it has one). */
  nodes: { input: string; logits: string; features?: string };
  /** The sanity check's layers, output side first. */
  cascade: CascadeStep[];
  /** The preprocessing the model's metadata fixes (else the person picks one). */
  fixedPreprocessing?: PresetId;
  /** What the page is told (its preprocessing filled in by the worker with the person's choice). */
  descriptor: Omit<ModelDescriptor, 'preprocessingFrom'>;
}

/**
 * A network as the maps see it: inputs [B, H, W, 3] to logits [B, classes], and, for Grad-CAM, the
 * last feature map before the global pool [B, h, w, K] (a net that returns logits alone has no Grad-CAM).
 */
export type Net = (input: tf.Tensor4D) => tf.Tensor2D | { logits: tf.Tensor2D; features: tf.Tensor4D };

/** A loaded model as the maps see it: its class scores and, when it has one, Grad-CAM's feature map. */
export const netOf = ({ model, nodes }: Pick<LoadedModel, 'model' | 'nodes'>, featureNode = nodes.features): Net => (x) => {
  if (!featureNode) return model.execute(x, nodes.logits) as tf.Tensor2D;
  const [logits, features] = model.execute(x, [nodes.logits, featureNode]) as [tf.Tensor2D, tf.Tensor4D];
  return { logits, features };
};

/** A model's files -> an audited graph model, or an InputError saying why it cannot be explained and what to do. */
export async function loadModel(source: ModelSource, onProgress: (fraction: number) => void): Promise<LoadedModel> {
  const files = await readModelFiles(source, onProgress);
  const { artifacts, output } = isLayersModel(files.json) ? await fromLayers(files) : fromGraph(files);
  const nodes = (artifacts.modelTopology as { node: GraphNode[] }).node;
  const audit = auditGraph(nodes, files.metadata?.imageSize, output);
  let model: tf.GraphModel;
  try {
    model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw cannotRun(error);
  }
  const [, height, width, channels] = audit.input.shape as [number, number, number, 1 | 3];
  const { classCount, featureShape } = outputShapes(model, audit.input.shape, audit.logits, audit.featureNode);
  const names = files.metadata?.labels ?? files.labels?.names;
  const labels = Array.from({ length: classCount }, (_, i) => names?.[i] ?? `class ${i}`);
  const fixedPreprocessing = files.metadata?.preprocessing ?? (files.metadata?.packageName === '@teachablemachine/image' || files.metadata?.tmVersion ? 'teachable' : undefined);
  const cascade = cascadeSteps(nodes, audit.logits);
  return {
    model,
    nodes: { input: audit.input.name, logits: audit.logits, features: audit.featureNode },
    cascade,
    fixedPreprocessing,
    descriptor: {
      name: files.name,
      input: { height, width, channels, preprocessing: fixedPreprocessing ?? files.defaultPreprocessing ?? 'minus1-1' },
      classCount,
      labels,
      labelsFrom: files.metadata?.labels ? 'metadata.json' : files.labels?.from,
      background: names?.[0]?.toLowerCase() === 'background' && classCount > 2,
      logitsFrom: audit.logitsFrom,
      relus: audit.relus,
      otherActivations: audit.otherActivations,
      notes: files.notes,
      featureMap: audit.featureNode ? { name: audit.featureNode, shape: featureShape! } : undefined,
      layers: audit.featureNode ? camLayers(model, audit.input.shape, cascade, audit.featureNode) : undefined,
    },
  };
}

const cannotRun = (error: unknown) => new InputError(`TF.js cannot run this model: ${(error as Error).message}`, { cause: error });

/** From one forward pass: one score per class ([batch, classes], else refused), and Grad-CAM's feature map's [h, w, channels]. */
function outputShapes(model: tf.GraphModel, inputShape: number[], logits: string, features?: string): { classCount: number; featureShape?: number[] } {
  let shapes: number[][];
  try {
    shapes = tf.tidy(() => (model.execute(tf.zeros(inputShape), features ? [logits, features] : [logits]) as tf.Tensor[]).map((t) => t.shape));
  } catch (error) {
    model.dispose();
    throw cannotRun(error);
  }
  const [shape, featureShape] = shapes as [number[], number[] | undefined];
  if (shape.length !== 2 || shape[1]! < 2) {
    model.dispose();
    throw new InputError(`The model's class scores ("${logits}") have shape [${shape.join(', ')}]; an image classifier gives [batch, classes], two classes or more.`);
  }
  return { classCount: shape[1]!, featureShape: featureShape?.slice(1) };
}

function isLayersModel(json: ModelFiles['json']): boolean {
  return json.format === 'layers-model' || 'class_name' in json.modelTopology || 'model_config' in json.modelTopology;
}

function fromGraph(files: ModelFiles): { artifacts: tf.io.ModelArtifacts; output?: string } {
  if (!Array.isArray((files.json.modelTopology as { node?: unknown }).node)) throw new InputError('model.json is neither a TF.js graph model (no nodes) nor a layers model.');
  const artifacts = { format: files.json.format, modelTopology: files.json.modelTopology, weightSpecs: files.weightSpecs, weightData: files.weightData };
  return { artifacts };
}

/** A layers model's weights (dequantized) and topology, translated to a graph model. */
async function fromLayers(files: ModelFiles): Promise<{ artifacts: tf.io.ModelArtifacts; output: string }> {
  const topology = (files.json.modelTopology.model_config ?? files.json.modelTopology) as LayerEntry;
  const tensors = tf.io.decodeWeights(files.weightData, files.weightSpecs);
  const values: WeightValues = new Map();
  try {
    for (const [name, tensor] of Object.entries(tensors)) values.set(name, { shape: tensor.shape, values: Float32Array.from(await tensor.data()) });
  } finally {
    tf.dispose(Object.values(tensors));
  }
  const converted = layersToGraph(topology, values);
  return {
    artifacts: {
      format: 'graph-model',
      modelTopology: { node: converted.nodes, library: {}, versions: {} },
      weightSpecs: converted.weights.map(manifestEntry),
      weightData: concatWeights(converted.weights).buffer,
    },
    output: converted.output,
  };
}

import * as tf from '@tensorflow/tfjs';
import { buildTflite } from './build-tflite.ts';
import { concatWeights, constNode, intListAttr, manifestEntry, opNode, placeholderNode, stringAttr, type GraphNode, type Weight } from '../src/worker/model/graph-def.ts';
import { Activation, BuiltinOp, Padding, TensorType } from '../src/worker/model/tflite/read-tflite.ts';

/**
 * Models a person brings, generated here with no network and small seeded random weights, as the
 * files their tools write: a Teachable Machine image export (tfjs-layers' own save: model.json,
 * weights.bin, metadata.json), a plain CNN graph model with a labels file, a float TF Lite model
 * with Teachable Machine's labels.txt, and the broken or unexplainable ones the app must refuse.
 */

export type ModelFileSet = Map<string, Uint8Array>;

/** The files as a person drops them. */
export const asFiles = (set: ModelFileSet) => [...set].map(([name, bytes]) => new File([bytes as Uint8Array<ArrayBuffer>], name));

export const TEACHABLE_LABELS = ['cat', 'dog', 'empty desk'];
export const TEACHABLE_SIZE = 224;

const encoder = new TextEncoder();
let seed = 1;
const init = (std: number) => ({ kernelInitializer: tf.initializers.randomNormal({ stddev: std, seed: seed++ }) });

/**
 * A Teachable-Machine-shaped classifier: an outer Sequential holding a nested Sequential (a small
 * MobileNetV2: Conv 3×3 stride 2, BatchNorm not fused, ReLU6 layers, a depthwise conv, an inverted
 * residual block as a functional model with an Add) and a global average pool, then a head Sequential:
 * Dense(100, relu), Dense(3, softmax, no bias); input [null, 224, 224, 3].
 */
export function teachableModel(head: { hidden?: string } = {}): tf.LayersModel {
  seed = 1;
  const residualIn = tf.input({ shape: [56, 56, 16] });
  let y = tf.layers.conv2d({ filters: 48, kernelSize: 1, useBias: false, name: 'block_1_expand', ...init(0.2) }).apply(residualIn) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization({ name: 'block_1_expand_BN' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.reLU({ maxValue: 6, name: 'block_1_expand_relu' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, name: 'block_1_depthwise', depthwiseInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: seed++ }) }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization({ name: 'block_1_depthwise_BN' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.reLU({ maxValue: 6, name: 'block_1_depthwise_relu' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.conv2d({ filters: 16, kernelSize: 1, useBias: false, name: 'block_1_project', ...init(0.2) }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization({ name: 'block_1_project_BN' }).apply(y) as tf.SymbolicTensor;
  const block = tf.model({ inputs: residualIn, outputs: tf.layers.add({ name: 'block_1_add' }).apply([residualIn, y]) as tf.SymbolicTensor, name: 'block_1' });

  const mobilenet = tf.sequential({ name: 'sequential_1' });
  mobilenet.add(tf.layers.zeroPadding2d({ inputShape: [TEACHABLE_SIZE, TEACHABLE_SIZE, 3], padding: [[0, 1], [0, 1]], name: 'Conv1_pad' }));
  mobilenet.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, useBias: false, name: 'Conv1', ...init(0.3) }));
  mobilenet.add(tf.layers.batchNormalization({ name: 'bn_Conv1' }));
  mobilenet.add(tf.layers.reLU({ maxValue: 6, name: 'Conv1_relu' }));
  mobilenet.add(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'expanded_conv_depthwise', depthwiseInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: seed++ }) }));
  mobilenet.add(tf.layers.batchNormalization({ name: 'expanded_conv_depthwise_BN' }));
  mobilenet.add(tf.layers.reLU({ maxValue: 6, name: 'expanded_conv_depthwise_relu' }));
  mobilenet.add(block);
  mobilenet.add(tf.layers.conv2d({ filters: 32, kernelSize: 1, useBias: false, name: 'Conv_1', ...init(0.2) }));
  mobilenet.add(tf.layers.batchNormalization({ name: 'Conv_1_bn' }));
  mobilenet.add(tf.layers.reLU({ maxValue: 6, name: 'out_relu' }));

  const base = tf.sequential({ name: 'sequential_2' });
  base.add(mobilenet);
  base.add(tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_GlobalAveragePooling2D1' }));
  const classifier = tf.sequential({ name: 'sequential_3' });
  classifier.add(tf.layers.dense({ inputShape: [32], units: 100, activation: (head.hidden ?? 'relu') as 'relu', name: 'dense_Dense1', ...init(0.2) }));
  classifier.add(tf.layers.dense({ units: TEACHABLE_LABELS.length, activation: 'softmax', useBias: false, name: 'dense_Dense2', ...init(0.3) }));
  const model = tf.sequential({ name: 'sequential_4' });
  model.add(base);
  model.add(classifier);
  randomizeBatchNorm(model);
  return model;
}

/**
 * A Teachable Machine export at full size, for timing (random weights): Keras's MobileNetV2 with
 * α = 0.35 at 224×224 (17 inverted residual blocks, 1280 channels out of out_relu), then the global
 * pool and Teachable Machine's head, in the same nested Sequentials.
 */
export function teachableMobileNetV2(): tf.LayersModel {
  seed = 1000;
  const divisible = (v: number) => Math.max(8, Math.floor((v + 4) / 8) * 8) + (Math.max(8, Math.floor((v + 4) / 8) * 8) < 0.9 * v ? 8 : 0);
  const apply = <T extends tf.SymbolicTensor | tf.SymbolicTensor[]>(layer: tf.layers.Layer, x: T) => layer.apply(x) as tf.SymbolicTensor;
  const bnRelu = (x: tf.SymbolicTensor, name: string, relu = true) => {
    const y = apply(tf.layers.batchNormalization({ name: `${name}_BN` }), x);
    return relu ? apply(tf.layers.reLU({ maxValue: 6, name: `${name}_relu` }), y) : y;
  };
  const input = tf.input({ shape: [224, 224, 3] });
  let x = apply(tf.layers.conv2d({ filters: divisible(32 * 0.35), kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'Conv1', ...init(0.2) }), input);
  x = bnRelu(x, 'bn_Conv1');
  const blocks: [number, number, number][] = [[1, 16, 1], [6, 24, 2], [6, 24, 1], [6, 32, 2], [6, 32, 1], [6, 32, 1], [6, 64, 2], [6, 64, 1], [6, 64, 1], [6, 64, 1],
    [6, 96, 1], [6, 96, 1], [6, 96, 1], [6, 160, 2], [6, 160, 1], [6, 160, 1], [6, 320, 1]];
  for (const [id, [expansion, filters, stride]] of blocks.entries()) {
    const inChannels = x.shape.at(-1)!;
    const out = divisible(filters * 0.35);
    const prefix = id ? `block_${id}` : 'expanded_conv';
    let y = x;
    if (id) y = bnRelu(apply(tf.layers.conv2d({ filters: expansion * inChannels, kernelSize: 1, useBias: false, name: `${prefix}_expand`, ...init(0.2) }), y), `${prefix}_expand`);
    if (stride === 2) y = apply(tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: `${prefix}_pad` }), y);
    y = apply(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: stride === 1 ? 'same' : 'valid', useBias: false, name: `${prefix}_depthwise`, depthwiseInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: seed++ }) }), y);
    y = bnRelu(y, `${prefix}_depthwise`);
    y = bnRelu(apply(tf.layers.conv2d({ filters: out, kernelSize: 1, useBias: false, name: `${prefix}_project`, ...init(0.2) }), y), `${prefix}_project`, false);
    x = inChannels === out && stride === 1 ? apply(tf.layers.add({ name: `${prefix}_add` }), [x, y]) : y;
  }
  x = bnRelu(apply(tf.layers.conv2d({ filters: 1280, kernelSize: 1, useBias: false, name: 'Conv_1', ...init(0.1) }), x), 'Conv_1');
  const mobilenet = tf.model({ inputs: input, outputs: x, name: 'model1' });
  const base = tf.sequential({ name: 'sequential_1' });
  base.add(mobilenet);
  base.add(tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_GlobalAveragePooling2D1' }));
  const head = tf.sequential({ name: 'sequential_3' });
  head.add(tf.layers.dense({ inputShape: [1280], units: 100, activation: 'relu', name: 'dense_Dense1', ...init(0.05) }));
  head.add(tf.layers.dense({ units: TEACHABLE_LABELS.length, activation: 'softmax', useBias: false, name: 'dense_Dense2', ...init(0.1) }));
  const model = tf.sequential({ name: 'sequential_4' });
  model.add(base);
  model.add(head);
  return model;
}

/** Moving statistics and affine terms away from their identity values, so that folding them is tested. */
function randomizeBatchNorm(model: tf.LayersModel) {
  let s = 100;
  const visit = (layer: tf.layers.Layer) => {
    if (layer instanceof tf.LayersModel) return (layer.layers as tf.layers.Layer[]).forEach(visit);
    if (layer.getClassName() !== 'BatchNormalization') return;
    const n = layer.getWeights()[0]!.shape[0]!;
    const [gamma, beta, mean, variance] = [tf.randomUniform([n], 0.5, 1.5, 'float32', s++), tf.randomNormal([n], 0, 0.2, 'float32', s++), tf.randomNormal([n], 0, 0.2, 'float32', s++), tf.randomUniform([n], 0.3, 2, 'float32', s++)];
    layer.setWeights([gamma, beta, mean, variance]);
  };
  visit(model);
}

/** A layers model saved as tfjs-layers saves it (Teachable Machine's export), with its metadata. */
export async function layersModelFiles(model: tf.LayersModel, metadata?: object): Promise<ModelFileSet> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const data = saved!.weightData!;
  const weights = new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data);
  const json = { modelTopology: saved!.modelTopology, format: 'layers-model', generatedBy: 'TensorFlow.js tfjs-layers', convertedBy: null, weightsManifest: [{ paths: ['weights.bin'], weights: saved!.weightSpecs }] };
  const files: ModelFileSet = new Map([['model.json', encoder.encode(JSON.stringify(json))], ['weights.bin', weights]]);
  if (metadata) files.set('metadata.json', encoder.encode(JSON.stringify(metadata)));
  return files;
}

/** Teachable Machine's metadata.json for an image model. */
export const teachableMetadata = (labels = TEACHABLE_LABELS) => ({
  tfjsVersion: tf.version.tfjs, tmVersion: '2.4.10', packageVersion: '0.8.5', packageName: '@teachablemachine/image',
  timeStamp: '2026-12-01T10:00:00.000Z', userMetadata: {}, modelName: 'tm-my-image-model', labels, imageSize: TEACHABLE_SIZE,
});

export const teachableFiles = async () => layersModelFiles(teachableModel(), teachableMetadata());

export const GRAPH_LABELS = ['red', 'green', 'blue', 'grey'];
export const GRAPH_SIZE = 40;

/**
 * A plain CNN graph model (format "graph-model", as tfjs's converter writes one from a SavedModel):
 * Conv2D + BiasAdd + Relu, MaxPool, Conv2D + BiasAdd + Relu6, a global Mean, MatMul + BiasAdd and a
 * final Softmax; input [batch, 40, 40, 3]; labels.txt beside it, no metadata (the page asks how it reads pixels).
 */
export async function graphModelFiles(): Promise<ModelFileSet> {
  const weights: Weight[] = [];
  const nodes: GraphNode[] = [placeholderNode('image', [-1, GRAPH_SIZE, GRAPH_SIZE, 3])];
  const constant = (name: string, shape: number[], values: Float32Array | Int32Array) => {
    const weight: Weight = { name, shape, dtype: values instanceof Int32Array ? 'int32' : 'float32', bytes: new Uint8Array(values.buffer) };
    weights.push(weight);
    nodes.push(constNode(weight));
    return name;
  };
  const random = (name: string, shape: number[], std: number, s: number) => constant(name, shape, tf.tidy(() => tf.randomNormal(shape, 0, std, 'float32', s).dataSync() as Float32Array).slice());
  const op = (name: string, type: string, input: string[], attr = {}) => (nodes.push(opNode(name, type, input, attr)), name);
  const conv = { strides: intListAttr([1, 1, 1, 1]), padding: stringAttr('SAME'), data_format: stringAttr('NHWC'), dilations: intListAttr([1, 1, 1, 1]) };
  let x = op('conv1/Conv2D', 'Conv2D', ['image', random('conv1/kernel', [3, 3, 3, 8], 0.4, 11)], conv);
  x = op('conv1/Relu', 'Relu', [op('conv1/BiasAdd', 'BiasAdd', [x, random('conv1/bias', [8], 0.1, 12)], { data_format: stringAttr('NHWC') })]);
  x = op('pool/MaxPool', 'MaxPool', [x], { ksize: intListAttr([1, 2, 2, 1]), strides: intListAttr([1, 2, 2, 1]), padding: stringAttr('VALID'), data_format: stringAttr('NHWC') });
  x = op('conv2/Conv2D', 'Conv2D', [x, random('conv2/kernel', [3, 3, 8, 16], 0.3, 13)], conv);
  x = op('conv2/Relu6', 'Relu6', [op('conv2/BiasAdd', 'BiasAdd', [x, random('conv2/bias', [16], 0.1, 14)], { data_format: stringAttr('NHWC') })]);
  x = op('pool/Mean', 'Mean', [x, constant('pool/axes', [2], Int32Array.of(1, 2))]);
  x = op('dense/BiasAdd', 'BiasAdd', [op('dense/MatMul', 'MatMul', [x, random('dense/kernel', [16, 4], 0.8, 15)]), random('dense/bias', [4], 0.1, 16)]);
  op('probabilities', 'Softmax', [x]);
  const json = {
    format: 'graph-model', generatedBy: '2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: weights.map(manifestEntry) }],
  };
  return new Map([['model.json', encoder.encode(JSON.stringify(json))], ['group1-shard1of1.bin', concatWeights(weights)], ['labels.txt', encoder.encode(GRAPH_LABELS.join('\n') + '\n')]]);
}

/** The models the app must refuse, each with what its message must name. */
const huggingFaceConfig = new TextEncoder().encode('{"architectures":["ResNetForImageClassification"],"model_type":"resnet","num_labels":1000}');

export async function refusedModels(): Promise<{ name: string; files: ModelFileSet; says: RegExp }[]> {
  const teachable = await teachableFiles();
  const lstm = tf.sequential({ layers: [tf.layers.lstm({ inputShape: [10, 8], units: 4, name: 'lstm' }), tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' })] });
  const tabular = tf.sequential({ layers: [tf.layers.dense({ inputShape: [10], units: 8, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' })] });
  const weights = teachable.get('weights.bin')!;
  return [
    { name: 'sigmoid', files: await layersModelFiles(teachableModel({ hidden: 'sigmoid' }), teachableMetadata()), says: /"dense_Dense1".*sigmoid/ },
    { name: 'lstm', files: await layersModelFiles(lstm), says: /"lstm" is a LSTM/ },
    { name: 'missing-weights', files: new Map([...teachable].filter(([file]) => file !== 'weights.bin')), says: /weights\.bin, which was not among the files/ },
    { name: 'not-an-image', files: await layersModelFiles(tabular), says: /input "input" is \[batch, 10\]/ },
    { name: 'truncated-weights', files: new Map([...teachable, ['weights.bin', weights.subarray(0, weights.length - 1000)]]), says: /hold \d+ bytes; model\.json expects \d+/ },
    // Hugging Face folders: a config.json beside torch.save weights, or beside safetensors (with the preprocessor's config).
    { name: 'hugging-face-pytorch', files: new Map([['config.json', huggingFaceConfig], ['pytorch_model.bin', weights.subarray(0, 4096)]]), says: /pytorch_model\.bin is a PyTorch checkpoint.*torch\.onnx\.export/ },
    { name: 'hugging-face-safetensors', files: new Map([['config.json', huggingFaceConfig], ['preprocessor_config.json', new TextEncoder().encode('{"image_mean":[0.485,0.456,0.406]}')], ['model.safetensors', weights.subarray(0, 4096)]]), says: /model\.safetensors is a model file in a format the page cannot read/ },
  ];
}

/**
 * What tfjs-layers computes with a Teachable Machine export's own files: the probabilities, and the
 * gradient of the pre-softmax logit of a class (a copy whose last Dense is linear) with respect to the input.
 */
export async function layersReference(files: ModelFileSet, pixels: Float32Array, classIndex: number) {
  const json = JSON.parse(new TextDecoder().decode(files.get('model.json'))) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const weights = files.get('weights.bin')!;
  const load = (topology: object) => tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs: json.weightsManifest[0]!.weights, weightData: weights.slice().buffer }));
  const linear = JSON.parse(JSON.stringify(json.modelTopology), (_key, value: { name?: string; activation?: string }) =>
    (value?.name === 'dense_Dense2' && value.activation === 'softmax' ? { ...value, activation: 'linear' } : value)) as object;
  if (JSON.stringify(linear).includes('softmax')) throw new Error('the last Dense is not the softmax');
  const [original, logitsModel] = await Promise.all([load(json.modelTopology), load(linear)]);
  const x = tf.tensor4d(pixels, [1, TEACHABLE_SIZE, TEACHABLE_SIZE, 3]);
  const gradient = tf.tidy(() => tf.grad((image: tf.Tensor) => (logitsModel.predict(image) as tf.Tensor2D).slice([0, classIndex], [1, 1]).sum())(x).dataSync() as Float32Array).slice();
  const probabilities = tf.tidy(() => (original.predict(x) as tf.Tensor).dataSync() as Float32Array).slice();
  tf.dispose([x]);
  original.dispose();
  logitsModel.dispose();
  return { gradient, probabilities };
}

export const TFLITE_LABELS = ['cat', 'dog', 'empty desk'];
const TFLITE_SIZE = 32;

/** The weights of the TF Lite model below, in TensorFlow's layouts (the reference computes with them directly). */
function tfliteWeights() {
  const random = (shape: number[], std: number, s: number) => tf.randomNormal(shape, 0, std, 'float32', s);
  return {
    conv: random([3, 3, 3, 8], 0.4, 21), convBias: random([8], 0.1, 22),
    depthwise: random([3, 3, 8, 1], 0.4, 23), depthwiseBias: random([8], 0.1, 24),
    project: random([1, 1, 8, 8], 0.4, 25), projectBias: random([8], 0.1, 26),
    dense: random([8, 3], 0.8, 27), denseBias: random([3], 0.1, 28),
  };
}

/**
 * A float TF Lite model shaped like a Teachable Machine "model_unquant.tflite" (a MobileNet cut
 * short): PAD, CONV_2D stride 2 with a fused ReLU6, DEPTHWISE_CONV_2D with a fused ReLU6, a 1×1
 * CONV_2D, an ADD (the residual), MEAN over the image, FULLY_CONNECTED and SOFTMAX; input [1, 32, 32, 3].
 * Written by the test flatbuffer builder, with labels.txt as Teachable Machine writes it ("0 cat").
 */
export function tfliteFiles(): ModelFileSet {
  const w = tfliteWeights();
  const bytes = (t: tf.Tensor) => new Uint8Array((t.dataSync() as Float32Array).slice().buffer);
  const constant = (name: string, t: tf.Tensor) => ({ name, shape: t.shape, type: TensorType.FLOAT32, data: bytes(t) });
  const act = (name: string, shape: number[]) => ({ name, shape, type: TensorType.FLOAT32 });
  const ints = (name: string, shape: number[], values: number[]) => ({ name, shape, type: TensorType.INT32, data: new Uint8Array(Int32Array.from(values).buffer) });
  const model = buildTflite({
    description: 'tiny Teachable-Machine-shaped float model',
    tensors: [
      /* 0 */ act('input', [1, TFLITE_SIZE, TFLITE_SIZE, 3]),
      /* 1 */ ints('paddings', [4, 2], [0, 0, 0, 1, 0, 1, 0, 0]),
      /* 2 */ act('padded', [1, 33, 33, 3]),
      /* 3 */ constant('Conv1/filter', tf.transpose(w.conv, [3, 0, 1, 2])),
      /* 4 */ constant('Conv1/bias', w.convBias),
      /* 5 */ act('Conv1_relu', [1, 16, 16, 8]),
      /* 6 */ constant('depthwise/filter', tf.reshape(w.depthwise, [1, 3, 3, 8])),
      /* 7 */ constant('depthwise/bias', w.depthwiseBias),
      /* 8 */ act('depthwise_relu', [1, 16, 16, 8]),
      /* 9 */ constant('project/filter', tf.transpose(w.project, [3, 0, 1, 2])),
      /* 10 */ constant('project/bias', w.projectBias),
      /* 11 */ act('project', [1, 16, 16, 8]),
      /* 12 */ act('block_add', [1, 16, 16, 8]),
      /* 13 */ ints('axes', [2], [1, 2]),
      /* 14 */ act('pooled', [1, 8]),
      /* 15 */ constant('dense/weights', tf.transpose(w.dense)),
      /* 16 */ constant('dense/bias', w.denseBias),
      /* 17 */ act('dense', [1, 3]),
      /* 18 */ act('softmax', [1, 3]),
    ],
    operators: [
      { opcode: BuiltinOp.PAD, inputs: [0, 1], outputs: [2] },
      { opcode: BuiltinOp.CONV_2D, inputs: [2, 3, 4], outputs: [5], options: { kind: 'conv', padding: Padding.VALID, stride: [2, 2], activation: Activation.RELU6 } },
      { opcode: BuiltinOp.DEPTHWISE_CONV_2D, inputs: [5, 6, 7], outputs: [8], options: { kind: 'depthwise', padding: Padding.SAME, stride: [1, 1], multiplier: 1, activation: Activation.RELU6 } },
      { opcode: BuiltinOp.CONV_2D, inputs: [8, 9, 10], outputs: [11], options: { kind: 'conv', padding: Padding.VALID, stride: [1, 1] } },
      { opcode: BuiltinOp.ADD, inputs: [5, 11], outputs: [12], options: { kind: 'add' } },
      { opcode: BuiltinOp.MEAN, inputs: [12, 13], outputs: [14], options: { kind: 'reducer', keepDims: false } },
      { opcode: BuiltinOp.FULLY_CONNECTED, inputs: [14, 15, 16], outputs: [17], options: { kind: 'fc' } },
      { opcode: BuiltinOp.SOFTMAX, inputs: [17], outputs: [18], options: { kind: 'softmax', beta: 1 } },
    ],
    inputs: [0],
    outputs: [18],
  });
  tf.dispose(Object.values(w));
  return new Map([['model_unquant.tflite', model], ['labels.txt', encoder.encode(TFLITE_LABELS.map((label, i) => `${i} ${label}`).join('\n') + '\n')]]);
}

/** The same network written with tfjs ops from the same weights: its logits, and the gradient of one with respect to the input. */
export function tfliteReference(pixels: Float32Array, classIndex: number) {
  const w = tfliteWeights();
  const logitsOf = (x: tf.Tensor4D) => {
    const stem = tf.relu6(tf.add(tf.conv2d(tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]]), w.conv as tf.Tensor4D, 2, 'valid'), w.convBias));
    const depthwise = tf.relu6(tf.add(tf.depthwiseConv2d(stem as tf.Tensor4D, w.depthwise as tf.Tensor4D, 1, 'same'), w.depthwiseBias));
    const block = tf.add(stem, tf.add(tf.conv2d(depthwise as tf.Tensor4D, w.project as tf.Tensor4D, 1, 'valid'), w.projectBias));
    return tf.add(tf.matMul(tf.mean(block, [1, 2]) as tf.Tensor2D, w.dense as tf.Tensor2D), w.denseBias) as tf.Tensor2D;
  };
  const x = tf.tensor4d(pixels, [1, TFLITE_SIZE, TFLITE_SIZE, 3]);
  const logits = tf.tidy(() => logitsOf(x).dataSync() as Float32Array).slice();
  const gradient = tf.tidy(() => tf.grad((image: tf.Tensor) => logitsOf(image as tf.Tensor4D).slice([0, classIndex], [1, 1]).sum())(x).dataSync() as Float32Array).slice();
  tf.dispose([x, ...Object.values(w)]);
  return { logits, gradient };
}

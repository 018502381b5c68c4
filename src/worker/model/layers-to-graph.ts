import { constNode, intAttr, intListAttr, opNode, placeholderNode, stringAttr, type GraphNode, type Weight } from './graph-def.ts';
import { InputError } from '../input-error.ts';

/**
 * A Keras / TF.js layers model (model.json format "layers-model": a Teachable Machine export, a
 * tfjs-layers save) -> the graph-model nodes the worker runs, so every model goes through one path
 * (one recorded forward pass, the rules, Grad-CAM's feature map, the sanity check's layers).
 *
 * Sequential and functional models nest in any way (Teachable Machine: a Sequential holding a
 * Sequential MobileNetV2 and a Sequential head). Each layer becomes the TensorFlow ops it computes;
 * a node is named by the layer's path, so a refusal or a cascade step names the layer. BatchNorm is
 * folded into a Mul and an AddV2 (scale = γ / √(σ² + ε), offset = β − μ · scale): the same function,
 * and its gradient is the scale. Flatten and Reshape keep the batch of one the app runs.
 */

export interface LayerEntry {
  class_name: string;
  name?: string;
  config: Record<string, unknown>;
  inbound_nodes?: unknown[];
}

/** A weight's values by its name in the manifest (dequantized). */
export type WeightValues = Map<string, { shape: number[]; values: Float32Array }>;

export interface ConvertedLayers {
  nodes: GraphNode[];
  /** Every weight the nodes read, with its float32 or int32 bytes, in order. */
  weights: Weight[];
  /** The model's output node (a softmax, when the last layer has one). */
  output: string;
}

const ACTIVATION_OPS: Record<string, string | null> = { linear: null, relu: 'Relu', relu6: 'Relu6', softmax: 'Softmax' };
const PASS_THROUGH = ['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'ActivityRegularization'];

export function layersToGraph(topology: LayerEntry, weightValues: WeightValues): ConvertedLayers {
  const nodes: GraphNode[] = [];
  const weights: Weight[] = [];
  const used = new Set<string>();

  const add = (name: string, op: string, input: string[], attr?: Parameters<typeof opNode>[3]) => (nodes.push(opNode(name, op, input, attr)), name);
  const constant = (name: string, shape: number[], values: Float32Array | Int32Array) => {
    const dtype = values instanceof Int32Array ? 'int32' : 'float32';
    const weight: Weight = { name, shape, dtype, bytes: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
    weights.push(weight);
    nodes.push(constNode(weight));
    return name;
  };
  const ints = (name: string, values: number[]) => constant(name, [values.length], Int32Array.from(values));

  /** A layer's own weight, by the name tfjs and Keras save it under: "[scopes/]<layer>/<param>[_n]", each taken once. */
  const lookup = (layer: string, key: string) => {
    const pattern = new RegExp(`(^|/)${escape(layer)}/${escape(key)}(_\\d+)?$`);
    const found = [...weightValues.keys()].find((n) => !used.has(n) && pattern.test(n));
    if (!found) throw new InputError(`Layer "${layer}" has no weight "${key}" in model.json's weights manifest: the model.json does not belong to these weights.`);
    used.add(found);
    return weightValues.get(found)!;
  };
  /** A layer's weight as a Const node of the graph. */
  const param = (layer: string, key: string, path: string): string => {
    const { shape, values } = lookup(layer, key);
    return constant(`${path}/${key}`, shape, values);
  };

  const activation = (x: string, name: unknown, layer: string, className: string, path: string): string => {
    const kind = typeof name === 'string' ? name : 'linear';
    if (!(kind in ACTIVATION_OPS)) throw unsupportedActivation(layer, className, kind);
    const op = ACTIVATION_OPS[kind];
    return op ? add(`${path}/${op}`, op, [x]) : x;
  };

  const emit = (entry: LayerEntry, inputs: string[], scope: string): string => {
    const config = entry.config;
    const layer = String(config.name ?? entry.name ?? entry.class_name);
    const path = scope ? `${scope}/${layer}` : layer;
    const x = inputs[0]!;
    const window = () => ({
      strides: intListAttr([1, ...pair(config.strides, 1), 1]),
      padding: stringAttr(String(config.padding ?? 'valid').toUpperCase()),
      data_format: stringAttr('NHWC'),
      dilations: intListAttr([1, ...pair(config.dilation_rate, 1), 1]),
    });
    if (config.data_format === 'channels_first') throw new InputError(`Layer "${layer}" (${entry.class_name}) is channels-first; this app runs channels-last (NHWC) image models.`);
    switch (entry.class_name) {
      case 'Sequential':
        return sequentialLayers(config).reduce((out, inner) => emit(inner, [out], path), x);
      case 'Model':
      case 'Functional':
        return emitFunctional(config, inputs, path);
      case 'InputLayer':
        return x;
      case 'Conv2D':
      case 'DepthwiseConv2D':
      case 'SeparableConv2D': {
        let out = x;
        if (entry.class_name !== 'Conv2D') {
          const depthwise = param(layer, 'depthwise_kernel', path);
          out = add(`${path}/depthwise`, 'DepthwiseConv2dNative', [out, depthwise], window());
        }
        if (entry.class_name !== 'DepthwiseConv2D') {
          const kernel = param(layer, entry.class_name === 'Conv2D' ? 'kernel' : 'pointwise_kernel', path);
          const attrs = entry.class_name === 'Conv2D' ? window() : { ...window(), strides: intListAttr([1, 1, 1, 1]), padding: stringAttr('VALID') };
          out = add(`${path}/Conv2D`, 'Conv2D', [out, kernel], attrs);
        }
        if (config.use_bias !== false) out = add(`${path}/BiasAdd`, 'BiasAdd', [out, param(layer, 'bias', path)], { data_format: stringAttr('NHWC') });
        return activation(out, config.activation, layer, entry.class_name, path);
      }
      case 'Dense': {
        let out = add(`${path}/MatMul`, 'MatMul', [x, param(layer, 'kernel', path)]);
        if (config.use_bias !== false) out = add(`${path}/BiasAdd`, 'BiasAdd', [out, param(layer, 'bias', path)]);
        return activation(out, config.activation, layer, entry.class_name, path);
      }
      case 'BatchNormalization':
        return batchNorm(x, entry, layer, path);
      case 'Activation':
        return activation(x, config.activation, layer, entry.class_name, path);
      case 'ReLU': {
        if (Number(config.negative_slope ?? 0) !== 0) throw unsupportedActivation(layer, 'ReLU', `a leaky ReLU (slope ${String(config.negative_slope)})`);
        if (Number(config.threshold ?? 0) !== 0) throw unsupportedActivation(layer, 'ReLU', `a thresholded ReLU (${String(config.threshold)})`);
        const max = config.max_value ?? config.maxValue;
        if (max === null || max === undefined) return add(`${path}/Relu`, 'Relu', [x]);
        if (Number(max) === 6) return add(`${path}/Relu6`, 'Relu6', [x]);
        throw unsupportedActivation(layer, 'ReLU', `a ReLU capped at ${String(max)}`);
      }
      case 'Softmax':
        return add(`${path}/Softmax`, 'Softmax', [x]);
      case 'ZeroPadding2D': {
        const [[top, bottom], [left, right]] = paddingOf(config.padding);
        return add(`${path}/Pad`, 'Pad', [x, constant(`${path}/paddings`, [4, 2], Int32Array.from([0, 0, top, bottom, left, right, 0, 0]))]);
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        const op = entry.class_name === 'MaxPooling2D' ? 'MaxPool' : 'AvgPool';
        return add(`${path}/${op}`, op, [x], {
          ksize: intListAttr([1, ...pair(config.pool_size, 2), 1]),
          strides: intListAttr([1, ...pair(config.strides ?? config.pool_size, 2), 1]),
          padding: stringAttr(String(config.padding ?? 'valid').toUpperCase()),
          data_format: stringAttr('NHWC'),
        });
      }
      case 'GlobalAveragePooling2D':
      case 'GlobalMaxPooling2D': {
        const op = entry.class_name === 'GlobalAveragePooling2D' ? 'Mean' : 'Max';
        return add(`${path}/${op}`, op, [x, ints(`${path}/axes`, [1, 2])], { keep_dims: { b: config.keepdims === true } });
      }
      case 'Flatten':
        return add(`${path}/Reshape`, 'Reshape', [x, ints(`${path}/shape`, [1, -1])]);
      case 'Reshape':
        return add(`${path}/Reshape`, 'Reshape', [x, ints(`${path}/shape`, [1, ...(config.target_shape as number[])])]);
      case 'Rescaling': {
        const scaled = add(`${path}/Mul`, 'Mul', [x, constant(`${path}/scale`, [], Float32Array.of(Number(config.scale)))]);
        return add(`${path}/AddV2`, 'AddV2', [scaled, constant(`${path}/offset`, [], Float32Array.of(Number(config.offset ?? 0)))]);
      }
      case 'Add':
        return inputs.slice(1).reduce((sum, next, i) => add(`${path}/AddV2${i ? `_${i}` : ''}`, 'AddV2', [sum, next]), x);
      case 'Concatenate':
        return add(`${path}/ConcatV2`, 'ConcatV2', [...inputs, constant(`${path}/axis`, [], Int32Array.of(Number(config.axis ?? -1)))], { N: intAttr(inputs.length) });
      default:
        if (PASS_THROUGH.includes(entry.class_name)) return x;
        throw new InputError(
          `Layer "${layer}" is a ${entry.class_name}, which this app cannot explain: it explains image classifiers made of convolutions, ` +
            'pooling, BatchNorm, ReLU / ReLU6 and dense layers.',
        );
    }
  };

  /** A functional model: its layers in order, each reading the outputs its inbound node names. */
  const emitFunctional = (config: Record<string, unknown>, inputs: string[], path: string): string => {
    const outputs = new Map<string, string>();
    const key = (ref: unknown[]) => `${String(ref[0])}:${String(ref[1] ?? 0)}:${String(ref[2] ?? 0)}`;
    (config.input_layers as unknown[][]).forEach((ref, i) => outputs.set(key(ref), inputs[i] ?? inputs[0]!));
    for (const entry of config.layers as LayerEntry[]) {
      if (entry.class_name === 'InputLayer') continue;
      const calls = entry.inbound_nodes ?? [];
      if (calls.length !== 1) throw new InputError(`Layer "${entry.name}" is used ${calls.length} times; this app explains models whose layers run once.`);
      const refs = calls[0] as unknown[][];
      const layerInputs = refs.map((ref) => {
        const out = outputs.get(key(ref));
        if (!out) throw new InputError(`Layer "${entry.name}" reads "${String(ref[0])}", which model.json does not define before it.`);
        return out;
      });
      outputs.set(key([entry.name, 0, 0]), emit(entry, layerInputs, path));
    }
    const last = (config.output_layers as unknown[][])[0]!;
    return outputs.get(key(last))!;
  };

  const batchNorm = (x: string, entry: LayerEntry, layer: string, path: string): string => {
    const config = entry.config;
    const axis = Number(Array.isArray(config.axis) ? config.axis[0] : config.axis ?? -1);
    if (axis !== -1 && axis !== 3 && axis !== 1) throw new InputError(`Layer "${layer}" (BatchNormalization) normalizes axis ${axis}; this app takes channels-last models.`);
    const take = (key: string) => lookup(layer, key).values;
    const gamma = config.scale === false ? undefined : take('gamma');
    const beta = config.center === false ? undefined : take('beta');
    const mean = take('moving_mean');
    const variance = take('moving_variance');
    const epsilon = Number(config.epsilon ?? 1e-3);
    const scale = new Float32Array(mean.length);
    const offset = new Float32Array(mean.length);
    for (let c = 0; c < mean.length; c++) {
      // In float64, rounded once to float32 for each.
      const s = (gamma?.[c] ?? 1) / Math.sqrt(variance[c]! + epsilon);
      scale[c] = s;
      offset[c] = (beta?.[c] ?? 0) - mean[c]! * s;
    }
    const scaled = add(`${path}/Mul`, 'Mul', [x, constant(`${path}/scale`, [mean.length], scale)]);
    return add(`${path}/AddV2`, 'AddV2', [scaled, constant(`${path}/offset`, [mean.length], offset)]);
  };

  const shape = batchInputShape(topology);
  if (!shape) throw new InputError('model.json does not say the shape of its input (no batch_input_shape on its first layer).');
  const input = 'input';
  nodes.push(placeholderNode(input, shape.map((d) => d ?? -1)));
  const output = emit(topology, [input], '');
  return { nodes, weights, output };
}

/** The input shape the first layer declares, looking inside nested models. */
export function batchInputShape(entry: LayerEntry): (number | null)[] | undefined {
  const config = entry.config;
  const declared = (config.batch_input_shape ?? config.batchInputShape) as (number | null)[] | undefined;
  if (declared) return declared;
  if (entry.class_name === 'Sequential') {
    const first = sequentialLayers(config)[0];
    return first && batchInputShape(first);
  }
  if (entry.class_name === 'Model' || entry.class_name === 'Functional') {
    const first = (config.input_layers as unknown[][] | undefined)?.[0]?.[0];
    const inputLayer = (config.layers as LayerEntry[]).find((l) => l.name === first || l.config.name === first);
    return inputLayer && batchInputShape(inputLayer);
  }
  return undefined;
}

/** A Sequential's layers: its config's `layers` (older saves make the config the list itself). */
function sequentialLayers(config: Record<string, unknown>): LayerEntry[] {
  return Array.isArray(config) ? (config as LayerEntry[]) : (config.layers as LayerEntry[]);
}

function unsupportedActivation(layer: string, className: string, activation: string): InputError {
  return new InputError(
    `Layer "${layer}" (${className}) uses ${/^a /.test(activation) ? activation : `the ${activation} activation`}. The deconvnet and guided ` +
      'backprop rules are defined for ReLU and ReLU6 only, so its maps would be wrong: explain a model with ReLU or ReLU6 hidden layers.',
  );
}

/** A Keras size or stride: one number for both dimensions, or [rows, columns]. */
function pair(value: unknown, fallback: number): [number, number] {
  if (Array.isArray(value)) return [Number(value[0]), Number(value[1] ?? value[0])];
  return value === undefined || value === null ? [fallback, fallback] : [Number(value), Number(value)];
}

/** ZeroPadding2D's padding: n, [rows, columns] or [[top, bottom], [left, right]]. */
function paddingOf(value: unknown): [[number, number], [number, number]] {
  if (!Array.isArray(value)) return [[Number(value), Number(value)], [Number(value), Number(value)]];
  const [rows, columns] = value.map((v) => (Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [Number(v), Number(v)])) as [number, number][];
  return [rows!, columns!];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

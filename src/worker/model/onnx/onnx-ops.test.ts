import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnnx, type NodeSpec, type OnnxSpec } from '../../../../test-support/build-onnx.ts';
import { nchwToNhwc } from '../../../../test-support/onnx-exports.ts';
import { concatWeights, manifestEntry } from '../graph-def.ts';
import { halfToFloat } from './constants.ts';
import { readOnnx } from './read-onnx.ts';
import { onnxToGraphModel } from './to-graph-model.ts';

/**
 * Single ops' translations against answers worked out by hand (ONNX's NCHW semantics), run by
 * tfjs on the cpu backend: asymmetric pads, ceil-mode pools, Gemm with transB, α and β, Clip as
 * ReLU6, a channel shuffle's Reshape and Transpose, torch's view(x.size(0), -1) shape arithmetic,
 * float16 weights; and the refusals, each naming what is wrong.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const arange = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

/** Translates, loads and runs a model on an NCHW input; returns its output and the graph's ops. */
async function run(spec: OnnxSpec, input: number[], dims = [1, 1, 4, 4]) {
  const graph = onnxToGraphModel(readOnnx(buildOnnx(spec)));
  const model = await tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: { node: graph.nodes, library: {}, versions: {} }, weightSpecs: graph.weights.map(manifestEntry), weightData: concatWeights(graph.weights).buffer,
  }));
  const x = tf.tensor4d(nchwToNhwc(Float32Array.from(input), dims), [1, dims[2]!, dims[3]!, dims[1]!]);
  const out = tf.tidy(() => [...(model.execute(x) as tf.Tensor).dataSync()]);
  x.dispose();
  model.dispose();
  return { out, ops: graph.nodes.map((n) => n.op) };
}

const flatten = (from: string): NodeSpec => ({ op: 'Flatten', inputs: [from], outputs: ['y'], attrs: { axis: 1 } });

describe('ONNX ops translated to TF.js, checked against hand-worked answers', () => {
  it('Conv with asymmetric pads (top 0, left 1, bottom 1, right 0) and a bias', async () => {
    const { out, ops } = await run({
      inputs: [{ name: 'x', dims: [1, 1, 3, 3] }], output: 'y',
      initializers: { w: { dims: [1, 1, 2, 2], values: [1, 1, 1, 1] }, b: { dims: [1], values: [0.5] } },
      nodes: [{ op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['c'], attrs: { kernel_shape: [2, 2], pads: [0, 1, 1, 0] } }, flatten('c')],
    }, arange(9), [1, 1, 3, 3]);
    expect(out).toEqual([5, 12, 16, 11, 24, 28, 7, 15, 17].map((v) => v + 0.5));
    expect(ops).toContain('Pad');
  });

  it('Conv with SAME_UPPER auto_pad and stride 2 is TF\'s SAME', async () => {
    const { out, ops } = await run({
      output: 'y', initializers: { w: { dims: [1, 1, 3, 3], values: Array(9).fill(1) } },
      nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['c'], attrs: { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' } }, flatten('c')],
    }, arange(16));
    // Pads 0 before, 1 after: windows over rows and columns {0, 1, 2} and {2, 3}.
    expect(out).toEqual([54, 45, 72, 54]);
    expect(ops).not.toContain('Pad');
  });

  it('MaxPool with ceil_mode keeps the last, partial window', async () => {
    const pool = (ceil: number) => run({ output: 'y', nodes: [{ op: 'MaxPool', inputs: ['x'], outputs: ['p'], attrs: { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: ceil } }, flatten('p')] }, arange(16));
    expect((await pool(1)).out).toEqual([11, 12, 15, 16]);
    expect((await pool(0)).out).toEqual([11]);
  });

  it('MaxPool with pads takes the maximum of the real cells, negative ones included', async () => {
    const { out } = await run({ output: 'y', nodes: [{ op: 'MaxPool', inputs: ['x'], outputs: ['p'], attrs: { kernel_shape: [2, 2], strides: [2, 2], pads: [1, 1, 1, 1] } }, flatten('p')] }, arange(16, -20));
    // -20..-5 row-major; 3×3 windows over the padded 6×6.
    expect(out).toEqual([-20, -18, -17, -12, -10, -9, -8, -6, -5]);
  });

  it('AveragePool with pads counts the padding when count_include_pad is set', async () => {
    const { out } = await run({ output: 'y', nodes: [{ op: 'AveragePool', inputs: ['x'], outputs: ['p'], attrs: { kernel_shape: [2, 2], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 1 } }, flatten('p')] }, arange(16));
    expect(out).toEqual([1 / 4, 5 / 4, 4 / 4, 14 / 4, 34 / 4, 20 / 4, 13 / 4, 29 / 4, 16 / 4]);
  });

  it('Gemm with transB, α and β', async () => {
    const { out } = await run({
      inputs: [{ name: 'x', dims: [1, 1, 1, 2] }], output: 'y',
      initializers: { w: { dims: [3, 2], values: [1, 0, 0, 1, 1, 1] }, c: { dims: [3], values: [1, 1, 1] } },
      nodes: [flatten('x'), { op: 'Gemm', inputs: ['y', 'w', 'c'], outputs: ['g'], attrs: { transB: 1, alpha: { f: 2 }, beta: { f: 0.5 } } }].map((n) => (n.op === 'Flatten' ? { ...n, outputs: ['y0'] } : { ...n, inputs: ['y0', 'w', 'c'], outputs: ['y'] })),
    }, [1, 2], [1, 1, 1, 2]);
    expect(out).toEqual([2.5, 4.5, 6.5]);
  });

  it('Clip to [0, 6] (bounds as inputs) is a ReLU6 the rules rewrite; to [0, 1] it is a plain clip', async () => {
    const clip = (max: number) => run({
      inputs: [{ name: 'x', dims: [1, 1, 1, 4] }], output: 'y',
      initializers: { lo: { dims: [], values: [0] }, hi: { dims: [], values: [max] } },
      nodes: [{ op: 'Clip', inputs: ['x', 'lo', 'hi'], outputs: ['c'] }, flatten('c')],
    }, [-1, 3, 7, 0.5], [1, 1, 1, 4]);
    const six = await clip(6);
    expect(six.out).toEqual([0, 3, 6, 0.5]);
    expect(six.ops).toContain('Relu6');
    const one = await clip(1);
    expect(one.out).toEqual([0, 1, 1, 0.5]);
    expect(one.ops).toContain('ClipByValue');
  });

  /** A 1×1 conv from the one input channel to channels scaled by `scales`: inputs with several channels for the layout tests. */
  const spread = (scales: number[]): { initializers: OnnxSpec['initializers']; node: NodeSpec } => ({
    initializers: { spread: { dims: [scales.length, 1, 1, 1], values: scales } },
    node: { op: 'Conv', inputs: ['x', 'spread'], outputs: ['xs'], attrs: { kernel_shape: [1, 1] } },
  });

  it('a channel shuffle (Reshape, Transpose, Reshape) moves whole channels', async () => {
    const { initializers, node } = spread([1, 2, 3, 4]);
    const { out } = await run({
      inputs: [{ name: 'x', dims: [1, 1, 1, 2] }], output: 'y',
      initializers: { ...initializers, s5: { dims: [5], values: [1, 2, 2, 1, 2], type: 'int64' }, s4: { dims: [4], values: [1, 4, 1, 2], type: 'int64' } },
      nodes: [
        node,
        { op: 'Reshape', inputs: ['xs', 's5'], outputs: ['r'] },
        { op: 'Transpose', inputs: ['r'], outputs: ['t'], attrs: { perm: [0, 2, 1, 3, 4] } },
        { op: 'Reshape', inputs: ['t', 's4'], outputs: ['u'] },
        flatten('u'),
      ],
    }, [1, 2], [1, 1, 1, 2]);
    // Channels 0, 1, 2, 3 (x, 2x, 3x, 4x) come out in the order 0, 2, 1, 3.
    expect(out).toEqual([1, 2, 3, 6, 2, 4, 4, 8]);
  });

  it('torch\'s x.view(x.size(0), -1): Shape, Gather, Unsqueeze, Concat folded at load, the flatten in NCHW order', async () => {
    const { initializers, node } = spread([1, 10]);
    const { out, ops } = await run({
      inputs: [{ name: 'x', dims: [1, 1, 2, 2] }], output: 'y',
      initializers: { ...initializers, zero: { dims: [], values: [0], type: 'int64' }, minus: { dims: [1], values: [-1], type: 'int64' }, axes: { dims: [1], values: [0], type: 'int64' } },
      nodes: [
        node,
        { op: 'Shape', inputs: ['xs'], outputs: ['s'] },
        { op: 'Gather', inputs: ['s', 'zero'], outputs: ['n'], attrs: { axis: 0 } },
        { op: 'Unsqueeze', inputs: ['n', 'axes'], outputs: ['n1'] },
        { op: 'Concat', inputs: ['n1', 'minus'], outputs: ['shape'], attrs: { axis: 0 } },
        { op: 'Reshape', inputs: ['xs', 'shape'], outputs: ['y'] },
      ],
    }, [1, 2, 3, 4], [1, 1, 2, 2]);
    expect(out).toEqual([1, 2, 3, 4, 10, 20, 30, 40]);
    expect(ops.filter((op) => !['Const', 'Placeholder'].includes(op))).toEqual(['Conv2D', 'Transpose', 'Reshape']);
  });

  it('float16 weights are read as floats', async () => {
    expect([0x3c00, 0xc000, 0x7bff, 0x0001, 0x3555].map(halfToFloat)).toEqual([1, -2, 65504, 2 ** -24, 0.333251953125]);
    const { out } = await run({
      inputs: [{ name: 'x', dims: [1, 1, 1, 2] }], output: 'y',
      initializers: { w: { dims: [1, 1, 1, 1], values: [-0.25], type: 'float16' } },
      nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['c'], attrs: { kernel_shape: [1, 1] } }, flatten('c')],
    }, [4, 8], [1, 1, 1, 2]);
    expect(out).toEqual([-1, -2]);
  });
});

describe('the image input', () => {
  it('is NHWC at the graph\'s size; a size the graph leaves open becomes 224×224, said', () => {
    const graph = (dims: (number | string)[]) => onnxToGraphModel(readOnnx(buildOnnx({ inputs: [{ name: 'x', dims }], output: 'y', nodes: [flatten('x')] })));
    expect(graph([1, 3, 32, 48])).toMatchObject({ inputShape: [1, 32, 48, 3], sizeChosen: false, classCount: 3 * 32 * 48 });
    expect(graph(['batch', 3, 'height', 'width'])).toMatchObject({ inputShape: [1, 224, 224, 3], sizeChosen: true });
  });
});

describe('ONNX files the page cannot explain are refused, naming what is wrong', () => {
  const relu: NodeSpec[] = [{ op: 'Relu', inputs: ['x'], outputs: ['r'] }, flatten('r')];
  const translate = (spec: OnnxSpec | Uint8Array) => () => onnxToGraphModel(readOnnx(spec instanceof Uint8Array ? spec : buildOnnx(spec)));
  it.each([
    ['an op it cannot translate, by op and node', { output: 'y', nodes: [{ op: 'LSTM', name: 'encoder/lstm_1', inputs: ['x'], outputs: ['r'] }, flatten('r')] }, /uses LSTM \(node "encoder\/lstm_1"\)/],
    ['an opset out of range', { output: 'y', nodes: relu, opset: 7 }, /opset is 7; the page reads opsets 9 to 18/],
    ['external data', { output: 'y', nodes: relu, initializers: { w: { dims: [1], values: [1] } }, externalData: true }, /external data files \("w" is\)/],
    ['two image inputs', { output: 'y', nodes: relu, inputs: [{ name: 'x', dims: [1, 1, 4, 4] }, { name: 'mask', dims: [1, 1, 4, 4] }] }, /takes 2 inputs \("x", "mask"\)/],
    ['a pool that leaves padding out of averages TF.js cannot match', { output: 'y', nodes: [{ op: 'AveragePool', name: 'pool', inputs: ['x'], outputs: ['r'], attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] } }, flatten('r')] }, /AveragePool node "pool" pads \[1, 1, 1, 1\]/],
  ] as [string, OnnxSpec, RegExp][])('%s', (_, spec, says) => {
    expect(translate(spec)).toThrow(says);
  });
  it('a file that is not ONNX', () => {
    expect(translate(new TextEncoder().encode('<html><body>Not found</body></html>'))).toThrow(/not an ONNX model/);
  });
});

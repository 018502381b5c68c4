import { describe, expect, it } from 'vitest';
import { featureMapNode, unsupportedActivations } from './model-audit.ts';

const fused = (...ops: string[]) => ({ list: { s: ops.map((op) => btoa(op)) } });

describe('models the rules cannot explain are refused', () => {
  it('accepts ReLU and ReLU6 networks, fused or not', () => {
    expect(unsupportedActivations([
      { name: 'a', op: 'Relu' }, { name: 'b', op: 'Relu6' }, { name: 'c', op: 'Softmax' },
      { name: 'd', op: '_FusedConv2D', attr: { fused_ops: fused('BiasAdd', 'Relu') } },
    ])).toEqual([]);
  });
  it('names standalone and fused activations it cannot cover', () => {
    expect(unsupportedActivations([
      { name: 'a', op: 'Elu' }, { name: 'b', op: 'Sigmoid' },
      { name: 'c', op: '_FusedConv2D', attr: { fused_ops: fused('BiasAdd', 'LeakyRelu') } },
      { name: 'd', op: 'FusedDepthwiseConv2dNative', attr: { fused_ops: fused('BiasAdd', 'Prelu') } },
    ])).toEqual(['Elu ("a")', 'LeakyRelu (fused into "c")', 'Prelu (fused into "d")', 'Sigmoid ("b")']);
  });
});

describe("Grad-CAM's feature map", () => {
  it('is the input of the global pool on the way back from the logits, past constants, biases and reshapes', () => {
    const nodes = [
      { name: 'input', op: 'Placeholder' },
      { name: 'block/concat', op: 'ConcatV2', input: ['a', 'b', 'block/concat/axis'] },
      { name: 'pool/AvgPool', op: 'AvgPool', input: ['block/concat'] },
      { name: 'head/filter', op: 'Const' },
      { name: 'head/conv', op: 'Conv2D', input: ['pool/AvgPool', 'head/filter'] },
      { name: 'output', op: 'Reshape', input: ['head/conv:0', 'output/shape'] },
      { name: 'output/shape', op: 'Const' },
      { name: 'logits', op: 'Identity', input: ['output'] },
    ];
    expect(featureMapNode(nodes)).toBe('block/concat');
    expect(featureMapNode(nodes.filter((n) => n.op !== 'AvgPool'))).toBeUndefined();
  });
});

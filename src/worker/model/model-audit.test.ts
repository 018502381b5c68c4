import { describe, expect, it } from 'vitest';
import { featureMapNode, otherActivations } from './model-audit.ts';

const fused = (...ops: string[]) => ({ list: { s: ops.map((op) => btoa(op)) } });

describe('the activations the rules leave alone', () => {
  it('are none in ReLU and ReLU6 networks, fused or not', () => {
    expect(otherActivations([
      { name: 'a', op: 'Relu' }, { name: 'b', op: 'Relu6' }, { name: 'c', op: 'Softmax' },
      { name: 'd', op: '_FusedConv2D', attr: { fused_ops: fused('BiasAdd', 'Relu') } },
    ])).toEqual({});
  });
  it('are counted by op, standalone and fused', () => {
    expect(otherActivations([
      { name: 'a', op: 'Elu' }, { name: 'b', op: 'Sigmoid' }, { name: 'e', op: 'Sigmoid' }, { name: 'f', op: 'ClipByValue' },
      { name: 'c', op: '_FusedConv2D', attr: { fused_ops: fused('BiasAdd', 'LeakyRelu') } },
      { name: 'd', op: 'FusedDepthwiseConv2dNative', attr: { fused_ops: fused('BiasAdd', 'Prelu') } },
    ])).toEqual({ Elu: 1, LeakyRelu: 1, Prelu: 1, Sigmoid: 2, ClipByValue: 1 });
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

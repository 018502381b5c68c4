import { describe, expect, it } from 'vitest';
import { unsupportedActivations } from './load-model.ts';

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
    ])).toEqual(['Elu', 'LeakyRelu (fused into _FusedConv2D)', 'Prelu (fused into FusedDepthwiseConv2dNative)', 'Sigmoid']);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cascadeSteps } from './cascade-steps.ts';
import type { GraphNode } from './graph.ts';

const weight = (name: string, rank: number): GraphNode => ({
  name, op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { tensorShape: { dim: Array(rank).fill({ size: '2' }) } } } },
});

describe('the cascade of layers', () => {
  it('makes a block with parallel branches one step, a chain one step per conv, a bias part of its conv; output side first', () => {
    const nodes: GraphNode[] = [
      { name: 'input', op: 'Placeholder' },
      weight('net/stem/filter', 4), weight('net/stem/bias', 1),
      { name: 'net/stem/conv', op: '_FusedConv2D', input: ['input', 'net/stem/filter', 'net/stem/bias'] },
      weight('net/block/a/filter', 4), weight('net/block/b/filter', 4),
      { name: 'net/block/a/conv', op: 'Conv2D', input: ['net/stem/conv', 'net/block/a/filter'] },
      { name: 'net/block/b/conv', op: 'Conv2D', input: ['net/stem/conv', 'net/block/b/filter'] },
      { name: 'net/block/axis', op: 'Const', attr: { dtype: { type: 'DT_INT32' } } },
      { name: 'net/block/concat', op: 'ConcatV2', input: ['net/block/a/conv', 'net/block/b/conv', 'net/stem/conv', 'net/block/axis'] },
      { name: 'net/pool', op: 'AvgPool', input: ['net/block/concat'] },
      weight('net/head/filter', 4), weight('net/head/bias', 1),
      { name: 'net/head/conv', op: 'Conv2D', input: ['net/pool', 'net/head/filter'] },
      { name: 'net/head/add', op: 'BiasAdd', input: ['net/head/conv', 'net/head/bias'] },
      { name: 'logits', op: 'Identity', input: ['net/head/add'] },
      weight('unused/filter', 4),
    ];
    expect(cascadeSteps(nodes)).toEqual([
      { label: 'head', output: 'net/head/add', weights: ['net/head/filter', 'net/head/bias'], inits: { 'net/head/filter': 'fan-in', 'net/head/bias': 'zeros' } },
      { label: 'block', output: 'net/block/concat', weights: ['net/block/a/filter', 'net/block/b/filter'], inits: { 'net/block/a/filter': 'fan-in', 'net/block/b/filter': 'fan-in' } },
      { label: 'stem', output: 'net/stem/conv', weights: ['net/stem/filter', 'net/stem/bias'], inits: { 'net/stem/filter': 'fan-in', 'net/stem/bias': 'zeros' } },
    ]);
  });

  it('gives Inception V3 17 steps: the logits, Mixed_7c down to Mixed_5b, the five stem convolutions; every weight in one step', () => {
    const model = JSON.parse(readFileSync('public/model/model.json', 'utf8')) as { modelTopology: { node: GraphNode[] } };
    const steps = cascadeSteps(model.modelTopology.node);
    expect(steps.map((s) => s.label)).toEqual([
      'Logits', 'Mixed_7c', 'Mixed_7b', 'Mixed_7a', 'Mixed_6e', 'Mixed_6d', 'Mixed_6c', 'Mixed_6b', 'Mixed_6a', 'Mixed_5d', 'Mixed_5c', 'Mixed_5b',
      'Conv2d_4a_3x3', 'Conv2d_3b_1x1', 'Conv2d_2b_3x3', 'Conv2d_2a_3x3', 'Conv2d_1a_3x3',
    ]);
    const floatWeights = model.modelTopology.node.filter((n) => n.op === 'Const' && n.attr?.dtype?.type === 'DT_FLOAT').map((n) => n.name);
    const randomized = steps.flatMap((s) => s.weights);
    expect(randomized.sort()).toEqual(floatWeights.sort());
    for (const step of steps) expect(step.weights.every((w) => w.includes(`/${step.label}/`))).toBe(true);
    expect(steps.find((s) => s.label === 'Mixed_6e')!.output).toBe('InceptionV3/InceptionV3/Mixed_6e/concat');
  });
});

import type { Constant } from './constants.ts';
import type { GraphBuilder, Value } from './graph-builder.ts';
import type { OnnxNode } from './read-onnx.ts';

/** What one op's translation sees: its node, its inputs' values, where its outputs go, the graph being built. */
export interface OpContext {
  node: OnnxNode;
  opset: number;
  b: GraphBuilder;
  /** The value of input i; undefined where the input is absent (ONNX leaves optional inputs empty). */
  input(i: number): Value | undefined;
  set(output: number, value: Value): void;
}

export type NodeValue = Extract<Value, { kind: 'node' }>;

/** An op's translation: adds nodes (or folds constants) and sets its outputs' values. */
export type Translate = (ctx: OpContext) => void;

export const describe = (node: OnnxNode) => `${node.op} node "${node.name}"`;

export function refuse(node: OnnxNode, why: string): never {
  throw new Error(`${describe(node)} ${why}`);
}

export function constInput(ctx: OpContext, i: number, what: string): Constant;
export function constInput(ctx: OpContext, i: number, what: string, optional: true): Constant | undefined;
export function constInput(ctx: OpContext, i: number, what: string, optional = false): Constant | undefined {
  const v = ctx.input(i);
  if (!v) {
    if (optional) return undefined;
    refuse(ctx.node, `has no ${what}`);
  }
  if (v.kind !== 'const') refuse(ctx.node, `computes its ${what} from the image; the page reads models whose ${what} is fixed`);
  return v.c;
}

export function nodeInput(ctx: OpContext, i: number): NodeValue {
  const v = ctx.input(i);
  if (!v) refuse(ctx.node, `has no input ${i}`);
  if (v.kind !== 'node') refuse(ctx.node, 'has only constant inputs where the page expects the image\'s values');
  return v;
}

export const intAttr = (ctx: OpContext, name: string, fallback: number): number => {
  const a = ctx.node.attributes.get(name);
  return typeof a === 'number' ? a : fallback;
};

export const floatAttr = intAttr;

export const intsAttr = (ctx: OpContext, name: string): number[] | undefined => {
  const a = ctx.node.attributes.get(name);
  return Array.isArray(a) ? a : undefined;
};

export const stringAttr = (ctx: OpContext, name: string, fallback: string): string => {
  const a = ctx.node.attributes.get(name);
  return typeof a === 'string' ? a : fallback;
};

/** A list given as an attribute (older opsets) or as a constant input (newer ones), e.g. axes, pads, split. */
export function listFrom(ctx: OpContext, attribute: string, input: number): number[] | undefined {
  const fromInput = ctx.input(input);
  if (fromInput) return [...constInput(ctx, input, attribute).values];
  return intsAttr(ctx, attribute);
}

/** A negative axis counts from the end. */
export const axisOf = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

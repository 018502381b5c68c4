import { broadcastDims, floatConstant, foldBinary, scalarOf } from './constants.ts';
import type { Value } from './graph-builder.ts';
import { constInput, floatAttr, intAttr, nodeInput, refuse, type NodeValue, type OpContext, type Translate } from './op-context.ts';

/**
 * Elementwise ops, which keep a value's layout: the activations (Relu; Clip, which is ReLU6 for
 * [0, 6] and ReLU for [0, ∞); LeakyRelu, Sigmoid, HardSigmoid, HardSwish), a final Softmax, and
 * Add, Sub, Mul, Div with numpy broadcasting (a constant beside a 4-D NHWC value is moved to NHWC;
 * two constants fold at load). Relu and Relu6 are the ops the saliency rules rewrite; the others
 * keep their plain gradients.
 */

const unary = (op: string, attr: (ctx: OpContext) => Record<string, { f: number }> = () => ({})): Translate => (ctx) => {
  const x = nodeInput(ctx, 0);
  ctx.set(0, { ...x, name: ctx.b.op(ctx.node.name, op, [x.name], attr(ctx)) });
};

const clip: Translate = (ctx) => {
  const x = nodeInput(ctx, 0);
  const min = ctx.input(1) ? scalarOf(constInput(ctx, 1, 'minimum'), -Infinity) : floatAttr(ctx, 'min', -Infinity);
  const max = ctx.input(2) ? scalarOf(constInput(ctx, 2, 'maximum'), Infinity) : floatAttr(ctx, 'max', Infinity);
  if (min === 0 && max === 6) return ctx.set(0, { ...x, name: ctx.b.op(ctx.node.name, 'Relu6', [x.name]) });
  if (min === 0 && max >= 3.4e38) return ctx.set(0, { ...x, name: ctx.b.op(ctx.node.name, 'Relu', [x.name]) });
  ctx.set(0, { ...x, name: clipByValue(ctx, x.name, min, max, ctx.node.name) });
};

function clipByValue(ctx: OpContext, x: string, min: number, max: number, wanted: string): string {
  const lo = ctx.b.constant(`${wanted}/min`, floatConstant([], [Math.max(min, -3.4e38)]));
  const hi = ctx.b.constant(`${wanted}/max`, floatConstant([], [Math.min(max, 3.4e38)]));
  return ctx.b.op(wanted, 'ClipByValue', [x, lo, hi]);
}

/** max(0, min(1, αx + β)). */
function hardSigmoid(ctx: OpContext, x: string, alpha: number, beta: number, wanted: string): string {
  const scaled = ctx.b.op(`${wanted}/scale`, 'Mul', [x, ctx.b.constant(`${wanted}/alpha`, floatConstant([], [alpha]))]);
  const shifted = ctx.b.op(`${wanted}/shift`, 'AddV2', [scaled, ctx.b.constant(`${wanted}/beta`, floatConstant([], [beta]))]);
  return clipByValue(ctx, shifted, 0, 1, wanted);
}

const hardSigmoidOp: Translate = (ctx) => {
  const x = nodeInput(ctx, 0);
  ctx.set(0, { ...x, name: hardSigmoid(ctx, x.name, floatAttr(ctx, 'alpha', 0.2), floatAttr(ctx, 'beta', 0.5), ctx.node.name) });
};

/** x · HardSigmoid(x) with α = 1/6, β = 1/2. */
const hardSwish: Translate = (ctx) => {
  const x = nodeInput(ctx, 0);
  const gate = hardSigmoid(ctx, x.name, 1 / 6, 0.5, `${ctx.node.name}/gate`);
  ctx.set(0, { ...x, name: ctx.b.op(ctx.node.name, 'Mul', [x.name, gate]) });
};

const softmax: Translate = (ctx) => {
  const x = nodeInput(ctx, 0);
  const axis = intAttr(ctx, 'axis', ctx.opset >= 13 ? -1 : 1);
  if (x.dims.length !== 2 || (axis !== -1 && axis !== 1)) refuse(ctx.node, 'is a softmax inside the network; only a final softmax over the classes can be set aside');
  ctx.set(0, { ...x, name: ctx.b.op(ctx.node.name, 'Softmax', [x.name]) });
};

const FOLD: Record<string, (x: number, y: number) => number> = { AddV2: (x, y) => x + y, Sub: (x, y) => x - y, Mul: (x, y) => x * y, RealDiv: (x, y) => x / y };

const binary = (op: 'AddV2' | 'Sub' | 'Mul' | 'RealDiv'): Translate => (ctx) => {
  const [a, b] = [ctx.input(0), ctx.input(1)] as [Value, Value];
  if (a.kind === 'const' && b.kind === 'const') return ctx.set(0, { kind: 'const', c: foldBinary(a.c, b.c, FOLD[op]!) });
  const dims = broadcastDims(a.kind === 'const' ? a.c.dims : a.dims, b.kind === 'const' ? b.c.dims : b.dims);
  const nodes = [a, b].filter((v): v is NodeValue => v.kind === 'node');
  // On NHWC when the result is 4-D and every image-valued operand is 4-D.
  const onNhwc = dims.length === 4 && nodes.every((v) => v.dims.length === 4) && nodes.some((v) => v.nhwc);
  const operand = (v: Value, i: number) => {
    if (v.kind === 'node') return onNhwc ? ctx.b.nhwc(v) : ctx.b.nchw(v);
    return onNhwc ? ctx.b.nhwcOperand(v.c, `${ctx.node.name}/${i === 0 ? 'x' : 'y'}`) : ctx.b.constant(`${ctx.node.name}/${i === 0 ? 'x' : 'y'}`, v.c);
  };
  const name = ctx.b.op(ctx.node.name, op, [operand(a, 0), operand(b, 1)]);
  ctx.set(0, { kind: 'node', name, dims, nhwc: onNhwc });
};

export const ELEMENTWISE_OPS: Record<string, Translate> = {
  Relu: unary('Relu'), Sigmoid: unary('Sigmoid'), LeakyRelu: unary('LeakyRelu', (ctx) => ({ alpha: { f: floatAttr(ctx, 'alpha', 0.01) } })),
  Clip: clip, HardSigmoid: hardSigmoidOp, HardSwish: hardSwish, Softmax: softmax,
  Add: binary('AddV2'), Sub: binary('Sub'), Mul: binary('Mul'), Div: binary('RealDiv'),
};

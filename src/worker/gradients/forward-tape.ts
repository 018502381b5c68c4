import * as tf from '@tensorflow/tfjs';
import { backpropagateGradients, getFilteredNodesXToY, recordTape } from '../engine/tfjs-internals.ts';

export interface ForwardTape {
  /** y = f(x), owned by the tape. */
  output: tf.Tensor;
  /** Intermediate tensors of the pass that f handed back besides y (e.g. Grad-CAM's feature map), owned by the tape. */
  taps: tf.Tensor[];
  /**
   * d (sum of dy * y) / d x through the recorded pass, under whatever gradient rules are in force
   * now; dy defaults to ones.
   */
  backward(dy?: tf.Tensor): tf.Tensor;
  /** The same walk, also giving d (sum of dy * y) / d tap for each tap: read on the way, no extra pass. */
  backwardWithTaps(dy?: tf.Tensor): { input: tf.Tensor; taps: tf.Tensor[] };
  /** d (sum of dy * y) / d tap for each tap alone: the walk stops at the taps (Grad-CAM needs nothing below its feature map). */
  backwardToTaps(dy?: tf.Tensor): tf.Tensor[];
  /** Frees the tensors the pass saved for its gradients. */
  dispose(): void;
}

/** What the backward pass now running may keep for the next passes over the same tape. */
let activeMemo: Map<string, tf.Tensor | tf.Tensor[]> | undefined;

/**
 * A tensor that depends only on the forward pass (e.g. where each max-pool window has its maximum),
 * made once per recorded tape and shared by its backward passes, then freed with the tape. Outside
 * a ForwardTape's backward pass (tf.grad) it is made every time and belongs to the caller.
 */
export function perTape<T extends tf.Tensor | tf.Tensor[]>(key: string, make: () => T): T {
  if (!activeMemo) return make();
  let kept = activeMemo.get(key) as T | undefined;
  if (!kept) {
    kept = make();
    for (const tensor of [kept].flat()) tf.keep(tensor);
    activeMemo.set(key, kept);
  }
  return kept;
}

/**
 * Records one forward pass y = f(x) as tf.grad does, and lets the backward pass run over it several
 * times. The three saliency rules differ only in the backward pass, so they share one forward:
 * tf.grad would run the forward again for each (on wasm, ~0.5 s of the ~1.5 s a map takes). The
 * output serves too: a new image is classified from the logits of the pass its maps go through.
 */
export function recordForward(f: (x: tf.Tensor) => tf.Tensor | tf.Tensor[], x: tf.Tensor): ForwardTape {
  const { result, nodes: recorded } = recordTape(() => tf.tidy(() => f(x)));
  const [y, ...taps] = [result].flat() as [tf.Tensor, ...tf.Tensor[]];
  const tape = getFilteredNodesXToY(recorded, [x], y);
  const memo = new Map<string, tf.Tensor | tf.Tensor[]>();
  const dispose = () => {
    for (const node of recorded) tf.dispose(node.saved ?? []);
    tf.dispose([...memo.values()].flat());
    memo.clear();
    tf.dispose([y, ...taps]);
  };
  if (tape.length === 0) {
    dispose();
    throw new Error('the output does not depend on the input');
  }
  /** The nodes from the taps to y, found once if asked. */
  let tapTape: typeof tape | undefined;
  /** The gradients of a walk down `nodes` from y. */
  const gradientsAlong = (nodes: typeof tape, dy: tf.Tensor | undefined) => {
    const gradients: Record<number, tf.Tensor> = { [y.id]: dy ? tf.clone(dy) : tf.onesLike(y) };
    activeMemo = memo;
    try {
      backpropagateGradients(gradients, nodes, (g) => tf.tidy(g as () => tf.Tensor), tf.add);
    } finally {
      activeMemo = undefined;
    }
    return gradients;
  };
  /** A tap the walk never reached gets zeros. */
  const atTaps = (gradients: Record<number, tf.Tensor>) => taps.map((t) => gradients[t.id] ?? tf.zerosLike(t));
  /** [d/dx, d/d each tap]. */
  const walk = (dy: tf.Tensor | undefined, tapsToo: boolean) => tf.tidy(() => {
    const gradients = gradientsAlong(tape, dy);
    return [gradients[x.id]!, ...(tapsToo ? atTaps(gradients) : [])];
  });
  return {
    output: y,
    taps,
    backward: (dy) => walk(dy, false)[0]!,
    backwardWithTaps: (dy) => {
      const [input, ...tapGradients] = walk(dy, true);
      return { input: input!, taps: tapGradients };
    },
    backwardToTaps: (dy) => tf.tidy(() => {
      tapTape ??= getFilteredNodesXToY(recorded, taps, y);
      return atTaps(gradientsAlong(tapTape, dy));
    }),
    dispose,
  };
}

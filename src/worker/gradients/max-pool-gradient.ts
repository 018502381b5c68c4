import * as tf from '@tensorflow/tfjs';
import { convGeometry, pair } from './conv-input-gradient.ts';
import { perTape } from './forward-tape.ts';
import { interleave, type Pair } from './phases.ts';
import { replaceGradient } from './replace-gradient.ts';

/**
 * MaxPool's gradient goes to the maximum of each window. Where several cells tie, backends choose
 * differently: tfjs's cpu backend (like TensorFlow) takes the first, its WebGL shader the last
 * (`>=`), wasm yet another. Ties are common (whole windows of zeros after a ReLU, equal activations
 * over a flat background), and the deconvnet rule, which ignores the ReLU mask, then draws different
 * maps on different backends. This gradient takes the first maximum in row-major window order, as
 * TensorFlow does, on every backend, from forward ops alone:
 *   - for each window cell (r, s), that cell of every window, picked by a depthwise conv with a
 *     one-hot kernel (on wasm ~20x faster than the same strided slice); the first cell equal to the
 *     window's maximum (max-pooled x) gets a mask of 1, later ties 0;
 *   - the masked dy of each cell goes back to its place: cell r of window i sits at padded row
 *     stride * i + r, so it lands in phase plane r mod stride, shifted by floor(r / stride) rows;
 *     the planes are summed and interleaved (phases.ts).
 * Which cell is first depends on x alone, so the backward passes over one recorded forward pass
 * (one per rule, per class) find it once (perTape).
 */
const PADDING = -3.4e38;

/** A window cell (r, s), in row-major order: its phase plane (r mod stride) and shift within it (floor(r / stride)). */
interface WindowCell {
  phase: Pair;
  shift: Pair;
}

function windowCells([fh, fw]: Pair, [sh, sw]: Pair): WindowCell[] {
  const cells: WindowCell[] = [];
  for (let r = 0; r < fh; r++) {
    for (let s = 0; s < fw; s++) cells.push({ phase: [r % sh, s % sw], shift: [Math.floor(r / sh), Math.floor(s / sw)] });
  }
  return cells;
}

export function firstMaxPoolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, attrs: tf.MaxPoolAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const [, oh, ow] = dy.shape;
    const window = pair(attrs.filterSize);
    const pad = attrs.pad as 'same' | 'valid' | number;
    const { strides, pads: [[top], [left]] } = convGeometry(x.shape, window, attrs.strides, pad);
    const cells = windowCells(window, strides);
    const first = perTape(`MaxPool ${x.id} ${window} ${strides} ${top},${left}`, () => firstMaxima(x, attrs, cells, [oh, ow], [top, left]));
    // Each phase plane holds rows m = i + shift of window i; all planes get the same extent, enough
    // to reach past x's last row.
    const extent = [0, 1].map((d) => Math.max(
      [oh, ow][d]! - 1 + Math.ceil(window[d]! / strides[d]!),
      Math.ceil(([top, left][d]! + [h, w][d]!) / strides[d]!),
    )) as Pair;
    const planes = Array.from({ length: strides[0] }, (_, p) => Array.from({ length: strides[1] }, (_, q) => {
      const parts = cells.flatMap(({ phase, shift: [i, j] }, k) => (phase[0] !== p || phase[1] !== q ? [] : [
        tf.pad(tf.mul(first[k]!, dy), [[0, 0], [i, extent[0] - oh - i], [j, extent[1] - ow - j], [0, 0]]),
      ]));
      return (parts.length === 0 ? tf.zeros([b, extent[0], extent[1], c]) : parts.length === 1 ? parts[0]! : tf.addN(parts)) as tf.Tensor4D;
    }));
    return tf.slice(interleave(planes), [0, top, left, 0], [b, h, w, c]);
  });
}

/** For each window cell, 1 where it is the first maximum of its window, as [b, oh, ow, c]. */
function firstMaxima(x: tf.Tensor4D, attrs: tf.MaxPoolAttrs, cells: WindowCell[], [oh, ow]: Pair, [top, left]: Pair): tf.Tensor4D[] {
  const [, h, w, c] = x.shape;
  const window = pair(attrs.filterSize);
  const strides = pair(attrs.strides);
  const maxima = tf.maxPool(x, window, strides, attrs.pad as 'same' | 'valid' | number);
  // Padded so that every window lies inside; padded cells can never be the maximum.
  const [ph, pw] = [(oh - 1) * strides[0] + window[0], (ow - 1) * strides[1] + window[1]];
  const padded = tf.pad(x, [[0, 0], [top, Math.max(0, ph - h - top)], [left, Math.max(0, pw - w - left)], [0, 0]], PADDING);
  let open = tf.onesLike(maxima);
  return cells.map((_, k) => {
    // From a plain array: wasm's OneHot writes int32 bits whatever dtype it is asked for.
    const oneHot = tf.tile(tf.tensor4d(cells.map((__, i) => Number(i === k)), [window[0], window[1], 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    const values = tf.depthwiseConv2d(padded, oneHot, strides, 'valid');
    // step(0) = 0: 1 exactly where the cell equals its window's maximum (Step and Sub, not Equal:
    // wasm's broadcasting Equal is ~30x slower).
    const first = tf.mul(tf.sub(1, tf.step(tf.sub(maxima, values))), open);
    open = tf.sub(open, first);
    return first as tf.Tensor4D;
  });
}

export function registerFirstMaxPoolGradient(): void {
  replaceGradient({
    kernelName: tf.MaxPool,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => ({
      x: () => firstMaxPoolGradient(dy as tf.Tensor4D, saved[0] as tf.Tensor4D, attrs as unknown as tf.MaxPoolAttrs),
    }),
  });
}

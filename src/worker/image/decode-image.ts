// The image room: a file's header checked before decoding, and decoding to RGBA at a bounded size.
// Imports shared/ only.
import type { RgbaImage } from '../../shared/preprocess.ts';
import { inspectImage } from './image-header.ts';
import { InputError } from '../input-error.ts';


/** Transparent pixels are composited on white before the model sees them. */
export const BACKGROUND_NAME = 'white';

/**
 * Larger images are decoded straight to this long side: the model sees 299×299, and a 48-megapixel
 * phone photo decoded whole would take ~200 MB per copy in the worker.
 */
export const DECODE_LONG_SIDE = 2048;

export interface DecodedImage {
  image: RgbaImage;
  /** Things the person should know about what the model sees (transparency, first frame, scaling). */
  notes: string[];
}

/** Blob -> RGBA pixels on white, in the worker. createImageBitmap honours EXIF orientation. */
export async function decodeImage(blob: Blob): Promise<DecodedImage> {
  const bytes = await blob.arrayBuffer().catch(() => {
    throw new InputError('The file could not be read: it may be a folder, or it was moved or deleted.');
  });
  const header = inspectImage(new Uint8Array(bytes), blob.type, blob instanceof File ? blob.name : '');
  const notes: string[] = [];
  const scale = Math.min(1, DECODE_LONG_SIDE / Math.max(header.width, header.height));
  let bitmap: ImageBitmap;
  try {
    // The header's width and height are before EXIF rotation; scaling both keeps the aspect either way.
    bitmap = scale < 1
      ? await createImageBitmap(blob, { resizeWidth: Math.round(header.width * scale), resizeHeight: Math.round(header.height * scale), resizeQuality: 'high' })
      : await createImageBitmap(blob);
  } catch {
    throw new InputError(undecodableMessage(header.type));
  }
  if (scale < 1) notes.push(`The image is ${header.width} × ${header.height}; it was scaled down to ${bitmap.width} × ${bitmap.height} when decoded.`);
  if (header.type === 'gif') notes.push('GIF: the model sees the first frame.');
  try {
    const image = composite(bitmap);
    if (image.transparent) notes.push(`The image has transparent areas: the model sees them on ${BACKGROUND_NAME}.`);
    return { image: image.rgba, notes };
  } finally {
    bitmap.close();
  }
}

/**
 * Formats image-size recognises that most browsers do not decode at all (Safari reads some of them),
 * with their usual names: a failure to decode one is about the format, not a damaged file.
 */
const FORMATS_BROWSERS_RARELY_DECODE: Record<string, string> = {
  tiff: 'TIFF', psd: 'Photoshop (PSD)', tga: 'TGA', dds: 'DDS', ktx: 'KTX', icns: 'ICNS',
  jp2: 'JPEG 2000', j2c: 'JPEG 2000', jxl: 'JPEG XL', pnm: 'PNM/PPM',
};

function undecodableMessage(type: string): string {
  const format = FORMATS_BROWSERS_RARELY_DECODE[type];
  if (format) return `This is a ${format} image, which this browser cannot decode. Save or export it as PNG or JPEG and try again.`;
  return `The browser could not decode this ${type.toUpperCase()} file: it may be damaged or use a variant the browser does not support.`;
}

/**
 * A camera's frame: its pixels (a camera's are opaque). The canvas is kept from frame to frame, so
 * a live camera reads every frame through the same buffer instead of a new one each time.
 */
export function decodeFrame(bitmap: ImageBitmap): RgbaImage {
  try {
    if (!frameCanvas || frameCanvas.width !== bitmap.width || frameCanvas.height !== bitmap.height) frameCanvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    return composite(bitmap, frameCanvas).rgba;
  } finally {
    bitmap.close();
  }
}

let frameCanvas: OffscreenCanvas | undefined;

/** The bitmap's pixels with alpha composited on white, and whether any pixel was transparent. */
function composite(bitmap: ImageBitmap, canvas = new OffscreenCanvas(bitmap.width, bitmap.height)): { rgba: RgbaImage; transparent: boolean } {
  const { width, height } = bitmap;
  if (width === 0 || height === 0) throw new InputError('The camera gave an empty frame.');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new InputError('The browser could not give the worker a 2D canvas to read the image.');
  context.drawImage(bitmap, 0, 0);
  const data = context.getImageData(0, 0, width, height).data;
  let transparent = false;
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3]!;
    if (alpha === 255) continue;
    transparent = true;
    // getImageData gives un-premultiplied colour: over white, c' = c * a + 255 * (1 - a).
    for (let c = 0; c < 3; c++) data[i + c] = Math.round((data[i + c]! * alpha + 255 * (255 - alpha)) / 255);
    data[i + 3] = 255;
  }
  return { rgba: { width, height, data }, transparent };
}

import type { RgbaImage } from '../shared/preprocess.ts';

/** Images are composited on white before the model sees them (transparent pixels become white). */
export const BACKGROUND = '#ffffff';

export class InputError extends Error {}

/** Blob -> RGBA pixels, in the worker. createImageBitmap honours EXIF orientation. */
export async function decodeImage(blob: Blob): Promise<RgbaImage> {
  if (blob.size === 0) throw new InputError('The file is empty.');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new InputError(`This file is not an image the browser can decode${blob.type ? ` (${blob.type})` : ''}.`);
  }
  try {
    const { width, height } = bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new InputError('The browser could not give the worker a 2D canvas to read the image.');
    context.fillStyle = BACKGROUND;
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0);
    return { width, height, data: context.getImageData(0, 0, width, height).data };
  } finally {
    bitmap.close();
  }
}

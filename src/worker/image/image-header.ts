import { imageSize } from 'image-size';
import { InputError } from '../input-error.ts';
import { READABLE_MODELS } from '../../shared/model-formats.ts';
import { modelFileKind } from './model-file-kinds.ts';

/**
 * What a file claims to be, read from its first bytes before anything is decoded: decoding is what
 * a decompression bomb (a small PNG that inflates to gigapixels) or a truncated file would hurt.
 */

/** Decoding more than this would take several hundred MB in the worker: refused from the header. */
export const MAX_PIXELS = 100_000_000;

export interface ImageHeader {
  /** image-size's name for the format: jpg, png, gif, webp, bmp, heif, svg, ... */
  type: string;
  width: number;
  height: number;
}

/** The file's name, when it has one, tells model files apart (a SavedModel's saved_model.pb has no magic bytes). */
export function inspectImage(bytes: Uint8Array, fileType: string, fileName = ''): ImageHeader {
  if (bytes.length === 0) throw new InputError('The file is empty.');
  const model = modelFileKind(bytes, fileName);
  if (model) throw new InputError(model.message(fileName || 'This file'));
  if (isHeic(bytes)) {
    throw new InputError('This is a HEIC/HEIF photo, which this browser cannot decode. Export it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible) and try again.');
  }
  let header: ImageHeader;
  try {
    const size = imageSize(bytes);
    header = { type: size.type ?? 'unknown', width: size.width, height: size.height };
  } catch {
    throw new InputError(`This file is not an image the browser can decode${fileType ? ` (its type is ${fileType})` : ''}, nor a model the page reads: ${READABLE_MODELS}.`);
  }
  if (header.type === 'svg') throw new InputError('SVG drawings are not supported: export the drawing as PNG or JPEG and try again.');
  if (!(header.width > 0 && header.height > 0)) throw new InputError('The image has no pixels (its width or height is 0).');
  const pixels = header.width * header.height;
  if (pixels > MAX_PIXELS) {
    throw new InputError(`The image is ${header.width} × ${header.height} (${Math.round(pixels / 1e6)} megapixels); the limit is ${MAX_PIXELS / 1e6} megapixels. Scale it down and try again.`);
  }
  if (isTruncated(bytes, header.type)) throw new InputError(`The ${header.type.toUpperCase()} file ends early: it is truncated or damaged.`);
  return header;
}

/** An ISO-BMFF 'ftyp' box naming a HEIF brand (image-size calls these heif, like AVIF, which browsers decode). */
function isHeic(bytes: Uint8Array): boolean {
  const text = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  return bytes.length >= 12 && text(4, 8) === 'ftyp' && ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis'].includes(text(8, 12));
}

/** PNG without its IEND chunk, JPEG without the end-of-image marker after its scan data. */
function isTruncated(bytes: Uint8Array, type: string): boolean {
  if (type === 'png') return !endsWithIend(bytes);
  if (type === 'jpg') return !jpegHasEnd(bytes);
  return false;
}

function endsWithIend(bytes: Uint8Array): boolean {
  // The last chunk: length 0, "IEND", CRC. Nothing but the chunk is allowed after it.
  const iend = [0x49, 0x45, 0x4e, 0x44];
  const at = bytes.length - 8;
  return at > 8 && iend.every((b, i) => bytes[at + i] === b);
}

/**
 * Walks the JPEG's marker segments (skipping APPn payloads, where an EXIF thumbnail has its own
 * end marker) to the first scan, then looks for the end-of-image marker FFD9 after it: entropy-coded
 * data never contains FFD9 (a data byte FF is followed by 00), so its absence means the file was cut.
 */
function jpegHasEnd(bytes: Uint8Array): boolean {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return false;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xda) break; // start of scan
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
  }
  for (let i = bytes.length - 2; i > at; i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  return false;
}

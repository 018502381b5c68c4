import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** The awkward files people drop, generated for the tests (sharp/libvips encodes the real formats). */
export interface BadImage {
  path: string;
  name: string;
  type: string;
}

const solid = (width: number, height: number, colour: string) => sharp({ create: { width, height, channels: 3, background: colour } });

/** A landscape image whose left half is red and right half blue. */
function redLeftBlueRight(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set(x < width / 2 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** Left half fully transparent, right half opaque black. */
function halfTransparent(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set(x < width / 2 ? [0, 0, 0, 0] : [0, 0, 0, 255], (y * width + x) * 4);
  }
  return sharp(pixels, { raw: { width, height, channels: 4 } });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A valid 1-bit greyscale PNG of size × size: a few kB on disk that inflates to size² RGBA pixels
 * (12000² = 576 MB) if decoded: a decompression bomb.
 */
function bombPng(size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
  const rows = Buffer.alloc(size * (1 + Math.ceil(size / 8))); // filter byte 0 + zero bits per row
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The start of an iPhone HEIC file: an 'ftyp' box with the heic brand, then the rest cut off. */
function heicStart(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic', 'latin1'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic', 'latin1')]);
  return Buffer.concat([ftyp, Buffer.alloc(2000, 7)]);
}

export async function writeBadImages(dir: string): Promise<Record<string, BadImage>> {
  mkdirSync(dir, { recursive: true });
  const jpeg = await solid(320, 240, '#3a7').jpeg().toBuffer();
  const png = await solid(320, 240, '#a37').png().toBuffer();
  const files: Record<string, [string, string, Buffer]> = {
    text: ['notes.jpg', 'image/jpeg', Buffer.from('These are lesson notes, not a photo.\n'.repeat(20))],
    empty: ['empty.png', 'image/png', Buffer.alloc(0)],
    truncatedJpeg: ['cut.jpg', 'image/jpeg', jpeg.subarray(0, Math.floor(jpeg.length * 0.6))],
    truncatedPng: ['cut.png', 'image/png', png.subarray(0, Math.floor(png.length * 0.6))],
    svg: ['drawing.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="red"/></svg>')],
    bomb: ['huge.png', 'image/png', bombPng(12000)],
    onePixel: ['dot.png', 'image/png', await solid(1, 1, '#ff0000').png().toBuffer()],
    animatedGif: ['blink.gif', 'image/gif', await sharp([await solid(48, 48, '#ff0000').png().toBuffer(), await solid(48, 48, '#0000ff').png().toBuffer()], { join: { animated: true } }).gif({ delay: [300, 300], loop: 0 }).toBuffer()],
    transparentPng: ['cutout.png', 'image/png', await halfTransparent(64, 64).png().toBuffer()],
    cmykJpeg: ['print.jpg', 'image/jpeg', await solid(64, 48, '#ff0000').toColourspace('cmyk').jpeg().toBuffer()],
    rotatedJpeg: ['phone.jpg', 'image/jpeg', await redLeftBlueRight(200, 100).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer()],
    large: ['panorama.jpg', 'image/jpeg', await redLeftBlueRight(4000, 1000).jpeg().toBuffer()],
    heic: ['IMG_0001.HEIC', 'image/heic', heicStart()],
    // A whole, valid TIFF: Chromium decodes no TIFF at all.
    tiff: ['scan.tif', 'image/tiff', await solid(64, 48, '#37a').tiff().toBuffer()],
    validPng: ['ok.png', 'image/png', png],
  };
  return Object.fromEntries(Object.entries(files).map(([key, [name, type, bytes]]) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return [key, { path, name, type }];
  }));
}

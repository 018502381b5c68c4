import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { CHROMIUM_ARGS } from '../playwright.config.ts';

/**
 * Launch options for Chromium with a fake camera playing the clip below, the person's answer given
 * ('allow': the prompt accepted; 'deny': refused as a person would).
 */
export function fakeCameraLaunch(answer: 'allow' | 'deny') {
  const clip = join(tmpdir(), `saliency-camera-${process.pid}.y4m`);
  writeCameraClip(clip);
  const prompt = answer === 'allow' ? '--use-fake-ui-for-media-stream' : '--deny-permission-prompts';
  return {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, prompt, '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${clip}`],
  };
}

/**
 * A Y4M clip for Chromium's fake camera (--use-file-for-fake-video-capture): the dog example, its
 * crop panning to the right, then the eagle, the same. The picture moves every frame, so the maps
 * must too, and the object changes, so the class must follow. 4:2:0, full range ('C420jpeg'), 10 fps;
 * the fake camera loops it.
 */
export const CLIP_WIDTH = 320;
export const CLIP_HEIGHT = 240;
const FRAMES_PER_PHOTO = 15;

export function writeCameraClip(path: string, photos = ['public/examples/dog.jpg', 'public/examples/eagle.jpg']): void {
  const chunks: Buffer[] = [Buffer.from(`YUV4MPEG2 W${CLIP_WIDTH} H${CLIP_HEIGHT} F10:1 Ip A1:1 C420jpeg\n`)];
  for (const photo of photos) {
    const image = jpeg.decode(readFileSync(photo), { useTArray: true });
    for (let frame = 0; frame < FRAMES_PER_PHOTO; frame++) {
      chunks.push(Buffer.from('FRAME\n'), i420(panned(image, frame / FRAMES_PER_PHOTO)));
    }
  }
  writeFileSync(path, Buffer.concat(chunks));
}

/** A window of 80 % of the photo, moved from its left edge to its right as `t` goes from 0 to 1, scaled to the clip's size (nearest pixel). */
function panned(image: { width: number; height: number; data: Uint8Array }, t: number): Uint8Array {
  const cropWidth = image.width * 0.8;
  const cropHeight = image.height * 0.8;
  const left = (image.width - cropWidth) * t;
  const top = (image.height - cropHeight) / 2;
  const rgb = new Uint8Array(CLIP_WIDTH * CLIP_HEIGHT * 3);
  for (let y = 0; y < CLIP_HEIGHT; y++) {
    for (let x = 0; x < CLIP_WIDTH; x++) {
      const sx = Math.min(image.width - 1, Math.floor(left + (x * cropWidth) / CLIP_WIDTH));
      const sy = Math.min(image.height - 1, Math.floor(top + (y * cropHeight) / CLIP_HEIGHT));
      for (let c = 0; c < 3; c++) rgb[(y * CLIP_WIDTH + x) * 3 + c] = image.data[(sy * image.width + sx) * 4 + c]!;
    }
  }
  return rgb;
}

/** RGB to planar Y, U, V (JPEG's full-range BT.601), the chroma averaged over 2×2 blocks. */
function i420(rgb: Uint8Array): Buffer {
  const w = CLIP_WIDTH;
  const h = CLIP_HEIGHT;
  const out = Buffer.alloc(w * h * 1.5);
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  for (let i = 0; i < w * h; i++) out[i] = clamp(0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!);
  for (let y = 0; y < h / 2; y++) {
    for (let x = 0; x < w / 2; x++) {
      let r = 0, g = 0, b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const p = ((2 * y + dy) * w + 2 * x + dx) * 3;
        r += rgb[p]! / 4; g += rgb[p + 1]! / 4; b += rgb[p + 2]! / 4;
      }
      out[w * h + y * (w / 2) + x] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      out[w * h * 1.25 + y * (w / 2) + x] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  return out;
}

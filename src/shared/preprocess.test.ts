import { describe, expect, it } from 'vitest';
import { cropAndResize, preprocess, toModelInput, wholeImage } from './preprocess.ts';

const rgba = (width: number, height: number, pixel: (x: number, y: number) => [number, number, number]) => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([...pixel(x, y), 255], (y * width + x) * 4);
  return { width, height, data };
};

describe('preprocessing', () => {
  it('scales bytes as the model expects: (p - 128) / 128', () => {
    expect([...toModelInput(Uint8ClampedArray.from([0, 128, 255]))]).toEqual([-1, 0, 127 / 128]);
  });
  it('keeps a 299x299 image exactly', () => {
    const image = rgba(299, 299, (x, y) => [x % 256, y % 256, (x * y) % 256]);
    const rgb = cropAndResize(image, wholeImage(image));
    expect(rgb[(10 * 299 + 20) * 3]).toBe(20);
    expect(rgb[(10 * 299 + 20) * 3 + 1]).toBe(10);
    expect(rgb[(200 * 299 + 7) * 3 + 2]).toBe(1400 % 256);
  });
  it('averages when shrinking: a 0/200 checkerboard at half size is 100 away from the borders', () => {
    const image = rgba(598, 598, (x, y) => ((x + y) % 2 ? [200, 200, 200] : [0, 0, 0]));
    const rgb = cropAndResize(image, wholeImage(image));
    for (const [x, y] of [[1, 1], [150, 150], [50, 100], [297, 297]]) expect(rgb[(y! * 299 + x!) * 3]).toBe(100);
  });
  it('resizes the whole image (a wide photo is squashed, nothing is cut)', () => {
    // Left half red, right half blue, 600x200: the model's view is half red, half blue.
    const image = rgba(600, 200, (x) => (x < 300 ? [255, 0, 0] : [0, 0, 255]));
    const { rgb, input } = preprocess(image);
    expect(rgb.length).toBe(299 * 299 * 3);
    expect([...rgb.subarray(0, 3)]).toEqual([255, 0, 0]);
    expect([...rgb.subarray(298 * 3, 299 * 3)]).toEqual([0, 0, 255]);
    expect(input[0]).toBeCloseTo(127 / 128, 10);
  });
});

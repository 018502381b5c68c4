import { describe, expect, it } from 'vitest';
import { centreBox, cropAndResize, inputRange, modelBox, preprocess, toModelInput, wholeImage } from './preprocess.ts';

const rgba = (width: number, height: number, pixel: (x: number, y: number) => [number, number, number]) => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([...pixel(x, y), 255], (y * width + x) * 4);
  return { width, height, data };
};

describe('preprocessing', () => {
  it('scales bytes as the model expects: (p - 128) / 128', () => {
    expect([...toModelInput(Uint8ClampedArray.from([0, 128, 255]), 'uint8-128')]).toEqual([-1, 0, 127 / 128]);
    expect(inputRange('uint8-128')).toBe(255 / 128);
  });
  it('scales by each preset: Teachable Machine p / 127 - 1, [0, 1], ImageNet mean and std per channel', () => {
    const rgb = Uint8ClampedArray.from([0, 127, 255]);
    expect([...toModelInput(rgb, 'teachable')]).toEqual([-1, 0, 128 / 127].map(Math.fround));
    expect([...toModelInput(rgb, '0-1')]).toEqual([0, 127 / 255, 1].map(Math.fround));
    expect([...toModelInput(rgb, 'imagenet')]).toEqual([-123.675 / 58.395, (127 - 116.28) / 57.12, (255 - 103.53) / 57.375].map(Math.fround));
    expect(inputRange('imagenet')).toBeCloseTo(255 / 57.12, 12);
  });
  it('gives a grey model the luma', () => {
    expect([...toModelInput(Uint8ClampedArray.from([255, 0, 0, 0, 0, 255]), '0-1', 1)]).toEqual([0.299, 0.114].map(Math.fround));
  });
  it('cuts the centre square of a wide image for Teachable Machine, then resizes it', () => {
    expect(centreBox({ width: 600, height: 200 }, [224, 224])).toEqual({ x: 200, y: 0, width: 200, height: 200 });
    // Red left third, green middle, blue right third: the centre square is all green.
    const image = rgba(600, 200, (x) => (x < 200 ? [255, 0, 0] : x < 400 ? [0, 255, 0] : [0, 0, 255]));
    const { rgb, input } = preprocess(image, { height: 224, width: 224, channels: 3, preprocessing: 'teachable' });
    expect(rgb.length).toBe(224 * 224 * 3);
    expect([...rgb.subarray(0, 3)]).toEqual([0, 255, 0]);
    expect([...rgb.subarray(223 * 3, 224 * 3)]).toEqual([0, 255, 0]);
    expect(input[1]).toBeCloseTo(128 / 127, 6);
  });
  it('keeps a 299x299 image exactly', () => {
    const image = rgba(299, 299, (x, y) => [x % 256, y % 256, (x * y) % 256]);
    const rgb = cropAndResize(image, wholeImage(image), [299, 299]);
    expect(rgb[(10 * 299 + 20) * 3]).toBe(20);
    expect(rgb[(10 * 299 + 20) * 3 + 1]).toBe(10);
    expect(rgb[(200 * 299 + 7) * 3 + 2]).toBe(1400 % 256);
  });
  it('averages when shrinking: a 0/200 checkerboard at half size is 100 away from the borders', () => {
    const image = rgba(598, 598, (x, y) => ((x + y) % 2 ? [200, 200, 200] : [0, 0, 0]));
    const rgb = cropAndResize(image, wholeImage(image), [299, 299]);
    for (const [x, y] of [[1, 1], [150, 150], [50, 100], [297, 297]]) expect(rgb[(y! * 299 + x!) * 3]).toBe(100);
  });
  it('resizes the whole image (a wide photo is squashed, nothing is cut)', () => {
    // Left half red, right half blue, 600x200: the model's view is half red, half blue.
    const image = rgba(600, 200, (x) => (x < 300 ? [255, 0, 0] : [0, 0, 255]));
    const { rgb, input } = preprocess(image, { height: 299, width: 299, channels: 3, preprocessing: 'uint8-128' });
    expect(rgb.length).toBe(299 * 299 * 3);
    expect([...rgb.subarray(0, 3)]).toEqual([255, 0, 0]);
    expect([...rgb.subarray(298 * 3, 299 * 3)]).toEqual([0, 0, 255]);
    expect(input[0]).toBeCloseTo(127 / 128, 10);
  });
  it('reads pixels as torchvision\'s evaluation transform: the centre 224/256 of the short side, [0, 1] with ImageNet\'s mean and std', () => {
    // Resize(256) of a 400×300 photo is 341×256; CenterCrop(224) starts 16 rows and 58.5 columns in: 18.75 and 68.6 of the photo's pixels, 262.5 wide.
    expect(modelBox({ width: 400, height: 300 }, [224, 224], 'torchvision')).toEqual({ x: 68, y: 18, width: 263, height: 263 });
    const input = toModelInput(Uint8ClampedArray.from([255, 0, 51]), 'torchvision');
    [(1 - 0.485) / 0.229, (0 - 0.456) / 0.224, (0.2 - 0.406) / 0.225].forEach((v, i) => expect(input[i]).toBeCloseTo(v, 5));
  });
});

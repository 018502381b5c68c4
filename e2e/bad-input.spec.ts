import type { Page } from '@playwright/test';
import { writeBadImages, type BadImage } from './bad-images.ts';
import { canvasPixel, canvasState, dropFile, dropFiles, expect, mapStates, pasteFile, test, TINY, waitForMaps } from './helpers.ts';

/**
 * Awkward files dropped on the real page (tiny model): each refusal says why in the UI and
 * keeps the image and maps on screen; each accepted oddity is read the way a person would expect.
 */
test.describe.configure({ mode: 'serial' });

let files: Record<string, BadImage>;
test.beforeAll(async ({}, testInfo) => {
  files = await writeBadImages(testInfo.outputPath('bad-images'));
});

async function openDog(page: Page) {
  await page.goto(`/?example=dog&${TINY}`);
  await waitForMaps(page);
}

async function screen(page: Page) {
  return { view: await canvasState(page, 'model-view'), maps: await mapStates(page) };
}

const refusals: [string, RegExp][] = [
  ['text', /not an image the browser can decode/],
  ['empty', /The file is empty/],
  ['truncatedJpeg', /JPG file ends early: it is truncated or damaged/],
  ['truncatedPng', /PNG file ends early: it is truncated or damaged/],
  ['svg', /SVG drawings are not supported/],
  ['bomb', /12000 × 12000 \(144 megapixels\); the limit is 100 megapixels/],
  ['heic', /HEIC\/HEIF photo, which this browser cannot decode/],
  ['tiff', /This is a TIFF image, which this browser cannot decode\. Save or export it as PNG or JPEG/],
];

test('each bad file gets its own message, and the image and maps on screen stay', async ({ page }) => {
  await openDog(page);
  const before = await screen(page);
  for (const [key, message] of refusals) {
    const file = files[key]!;
    await dropFile(page, file.path, file.name, file.type);
    await expect(page.getByTestId('job-error'), key).toHaveText(message);
    await expect(page.getByTestId('job-error')).toContainText('The previous image and maps are kept.');
    expect(await screen(page), key).toEqual(before);
  }
  // Still usable: a good file replaces the image and clears the message.
  await dropFile(page, files.validPng!.path, files.validPng!.name, files.validPng!.type);
  await waitForMaps(page);
  await expect(page.getByTestId('job-error')).toHaveCount(0);
  expect((await screen(page)).view).not.toEqual(before.view);
});

/** Model files written by PyTorch and h5py (test-support/model-files/make.py), dropped where images and models go. */
const modelFiles: [string, RegExp][] = [
  ['checkpoint.pt', /^checkpoint\.pt is a PyTorch checkpoint, which the page cannot read\. The page reads its ONNX export: .*torch\.onnx\.export/],
  ['legacy.pth', /^legacy\.pth is a PyTorch checkpoint/],
  ['pytorch_model.bin', /^pytorch_model\.bin is a PyTorch checkpoint/],
  ['model.h5', /^model\.h5 is a Keras model, .*tensorflowjs_converter --input_format=keras/],
  ['model.keras', /^model\.keras is a Keras model, .*tensorflowjs_converter/],
  ['saved_model.pb', /^saved_model\.pb is part of a TensorFlow SavedModel, .*tensorflowjs_converter --input_format=tf_saved_model/],
  ['model.safetensors', /^model\.safetensors is a model file in a format the page cannot read\. The page reads a TF\.js model \(model\.json with its weight files\), a TF Lite file \(\.tflite\) or an ONNX export of a PyTorch model \(\.onnx\)\./],
];

test('a model file the page cannot read is named, with what to do, and the image and maps on screen stay', async ({ page }) => {
  await openDog(page);
  const before = await screen(page);
  for (const [name, message] of modelFiles) {
    await dropFile(page, `test-support/model-files/${name}`, name, '');
    await expect(page.getByTestId('job-error'), name).toHaveText(message);
    await expect(page.getByTestId('job-error')).toContainText('The previous image and maps are kept.');
    expect(await screen(page), name).toEqual(before);
  }
  // Through the "Your model…" picker, the same file gets the same message.
  await page.getByTestId('model-picker').setInputFiles('test-support/model-files/checkpoint.pt');
  await expect(page.getByTestId('job-error')).toHaveText(/^checkpoint\.pt is a PyTorch checkpoint/);
  expect(await screen(page)).toEqual(before);
});

test('odd but valid images are read as a person expects', async ({ page }) => {
  await openDog(page);
  const open = async (key: string) => {
    const file = files[key]!;
    await dropFile(page, file.path, file.name, file.type);
    await expect(page.getByTestId('status')).toContainText(file.name);
    await waitForMaps(page);
  };
  const isRed = ([r, g, b]: number[]) => r! > 200 && g! < 60 && b! < 60;
  const isBlue = ([r, g, b]: number[]) => b! > 200 && r! < 60 && g! < 60;

  await open('onePixel');
  expect(isRed(await canvasPixel(page, 'model-view', 0.5, 0.5))).toBe(true);

  await open('animatedGif'); // red, then blue: the first frame
  expect(isRed(await canvasPixel(page, 'model-view', 0.5, 0.5))).toBe(true);
  await expect(page.getByTestId('image-notes')).toContainText('the model sees the first frame');

  await open('transparentPng'); // left half transparent, right half black
  expect(await canvasPixel(page, 'model-view', 0.2, 0.5)).toEqual([255, 255, 255]);
  expect(await canvasPixel(page, 'model-view', 0.8, 0.5)).toEqual([0, 0, 0]);
  await expect(page.getByTestId('image-notes')).toContainText('transparent areas: the model sees them on white');

  await open('cmykJpeg');
  expect(isRed(await canvasPixel(page, 'model-view', 0.5, 0.5))).toBe(true);

  // Stored landscape, left red and right blue, with EXIF orientation 6 (rotate 90° clockwise):
  // upright it is a portrait with red on top.
  await open('rotatedJpeg');
  expect(isRed(await canvasPixel(page, 'model-view', 0.5, 0.2))).toBe(true);
  expect(isBlue(await canvasPixel(page, 'model-view', 0.5, 0.8))).toBe(true);

  await open('large');
  await expect(page.getByTestId('image-notes')).toContainText('The image is 4000 × 1000; it was scaled down to 2048 × 512');
  expect(isRed(await canvasPixel(page, 'model-view', 0.2, 0.5))).toBe(true);
  expect(isBlue(await canvasPixel(page, 'model-view', 0.8, 0.5))).toBe(true);
});

test('several files dropped at once: the first image is taken, and the page says so', async ({ page }) => {
  await openDog(page);
  await dropFiles(page, [files.text!, files.validPng!, files.onePixel!].map(({ path, name, type }) => ({ path, name, type: name.endsWith('.jpg') ? 'text/plain' : type })));
  await expect(page.getByTestId('notice')).toContainText('3 files were dropped; showing the first image, ok.png.');
  await expect(page.getByTestId('status')).toContainText('ok.png');
  await waitForMaps(page);
});

test('a paste without an image says so, and nothing changes', async ({ page }) => {
  await openDog(page);
  const before = await screen(page);
  await pasteFile(page, undefined);
  await expect(page.getByTestId('notice')).toContainText('The clipboard holds no image');
  expect(await screen(page)).toEqual(before);
});

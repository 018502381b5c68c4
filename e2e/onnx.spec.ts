import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ONNX_MODEL, ONNX_REFUSED_DIR } from './global-setup.ts';
import { canvasState, expect, test, TINY, waitForMaps } from './helpers.ts';
import { ONNX_DIR } from '../test-support/onnx-exports.ts';
import { REFUSED_ONNX } from '../test-support/refused-onnx.ts';

/** A PyTorch model exported by torch.onnx.export (a torchvision DenseNet-121, seeded random weights) opened on the built page. */

const IMAGENET = (JSON.parse(readFileSync(join('public', 'model', 'metadata.json'), 'utf8')) as { labels: string[] }).labels.slice(1);

test('a DenseNet-121 export opened on the page: ImageNet\'s names, torchvision\'s preprocessing, its three maps', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog`);
  await waitForMaps(page);
  await page.getByTestId('model-picker').setInputFiles(join(ONNX_DIR, 'densenet121.onnx'));
  await expect(page.getByTestId('model-name')).toHaveText('densenet121', { timeout: 120_000 });
  await waitForMaps(page, 240_000);
  const facts = page.getByTestId('model-facts');
  await expect(facts).toHaveAttribute('data-classes', '1000');
  await expect(facts).toHaveAttribute('data-preprocessing', 'torchvision');
  await expect(facts).toHaveAttribute('data-relus', '121');
  await expect(facts).toContainText('labels from ImageNet');
  await expect(page.getByTestId('model-view')).toHaveAttribute('width', '224');
  const shown = await page.getByTestId('map-class').textContent();
  expect(IMAGENET).toContain(shown);
  for (const method of ['vanilla', 'deconvnet', 'guided']) expect((await canvasState(page, `map-${method}`)).distinctColours, method).toBeGreaterThan(10);
});

test('a link to a hosted .onnx file opens it with the labels.txt beside it', async ({ page, baseURL }) => {
  const hosted = `${baseURL}/models/${ONNX_MODEL}/squeezenet1_1.onnx`;
  await page.goto(`/?model=${encodeURIComponent(hosted)}&example=dog`);
  await expect(page.getByTestId('model-name')).toHaveText('squeezenet1_1', { timeout: 120_000 });
  await waitForMaps(page);
  await expect(page.getByTestId('model-facts')).toContainText('labels from labels.txt');
  await expect(page.getByTestId('map-class')).toHaveText(/^thing \d+$/);
  expect(new URL(page.url()).searchParams.get('model')).toBe(hosted);
});

test('ten PyTorch exports opened one after another leave the worker\'s tensors flat', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog`);
  await waitForMaps(page);
  const timings = page.getByTestId('timings');
  const memory: Record<string, (string | null)[][]> = {};
  for (let drop = 0; drop < 10; drop++) {
    const name = drop % 2 ? 'shufflenet_v2_x0_5' : 'squeezenet1_1';
    await page.getByTestId('model-picker').setInputFiles(join(ONNX_DIR, `${name}.onnx`));
    await expect(page.getByTestId('model-name')).toHaveText(name, { timeout: 120_000 });
    await waitForMaps(page);
    const seen = [await timings.getAttribute('data-tensors'), await timings.getAttribute('data-tensor-bytes')];
    expect(Number(seen[0]), name).toBeGreaterThan(0);
    (memory[name] ??= []).push(seen);
  }
  for (const [name, seen] of Object.entries(memory)) expect(new Set(seen.map(String)).size, `${name}: ${JSON.stringify(seen)}`).toBe(1);
});

test('ONNX files the page cannot explain are refused by name, and the model and maps on screen stay', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog`);
  await waitForMaps(page);
  const name = await page.getByTestId('model-name').textContent();
  const maps = await canvasState(page, 'map-vanilla');
  for (const { file, says } of REFUSED_ONNX) {
    await page.getByTestId('model-picker').setInputFiles(join(ONNX_REFUSED_DIR, file));
    await expect(page.getByTestId('job-error'), file).toContainText(says);
    await expect(page.getByTestId('job-error')).toContainText('The previous image and maps are kept.');
    await expect(page.getByTestId('model-name')).toHaveText(name!);
    expect(await canvasState(page, 'map-vanilla')).toEqual(maps);
  }
});

import type { Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'npyjs';
import { GRAPH_MODEL, REFUSED_DIR, TEACHABLE_MODEL, TFLITE_MODEL } from './global-setup.ts';
import { canvasState, downloadGradient, dropFiles, expect, test, TINY, waitForMaps } from './helpers.ts';
import { GRAPH_LABELS, layersReference, refusedModels, TEACHABLE_LABELS, TFLITE_LABELS } from '../test-support/own-models.ts';

/** A person's own model, dropped as files (a Teachable Machine export, a graph model) or named by a link. */

const TYPES: Record<string, string> = { json: 'application/json', bin: 'application/octet-stream', txt: 'text/plain', tflite: 'application/octet-stream' };
const filesIn = (dir: string) => readdirSync(dir).map((name) => ({ path: join(dir, name), name, type: TYPES[name.split('.').at(-1)!] ?? '' }));
const served = (name: string) => join('dist', 'models', name);

async function dropModel(page: Page, dir: string) {
  await dropFiles(page, filesIn(dir));
}

/** An example on the tiny model, then one of the generated models dropped on it: its name and size in the status line, its maps done. */
async function dropOnExample(page: Page, example: string, model: string, summary: string) {
  await page.goto(`/?${TINY}&example=${example}`);
  await waitForMaps(page);
  await dropModel(page, served(model));
  await expect(page.getByTestId('model-summary')).toContainText(summary, { timeout: 60_000 });
  await waitForMaps(page);
}

test('a Teachable Machine export dropped on the page: its labels, its 224×224 view, three maps for each class, in presentation mode too', async ({ page }) => {
  await dropOnExample(page, 'dog', TEACHABLE_MODEL, 'tm-my-image-model, 224×224');
  await expect(page.getByTestId('model-view')).toHaveAttribute('width', '224');
  await expect(page.getByTestId('model-facts')).toHaveAttribute('data-preprocessing', 'teachable');
  await expect(page.getByTestId('model-facts')).toContainText('6 ReLU / ReLU6 activations');
  // Top-k shows min(5, classes): its three labels.
  const top = page.locator('.top-classes button');
  await expect(top).toHaveCount(3);
  for (const label of TEACHABLE_LABELS) await expect(page.locator('.top-classes')).toContainText(label);
  // The link no longer names a model: a dropped one is not in it.
  expect(new URL(page.url()).searchParams.get('model')).toBeNull();
  for (const label of TEACHABLE_LABELS) {
    await page.getByTestId('class-search').fill(label);
    await page.getByTestId('class-search').press('Enter');
    await expect(page.getByTestId('map-class')).toHaveText(label);
    await waitForMaps(page);
    for (const method of ['vanilla', 'deconvnet', 'guided']) expect((await canvasState(page, `map-${method}`)).distinctColours).toBeGreaterThan(10);
  }
  // The sanity check runs on it: the head first, a step per layer (a residual block is one).
  await page.keyboard.press('r');
  await expect(page.getByTestId('sanity')).toHaveAttribute('data-steps-done', '6', { timeout: 120_000 });
  await expect(page.getByTestId('sanity-progress')).toContainText('6 of 6 layers');
  await expect(page.getByTestId('status')).toHaveText(/^Done in/);
  await page.keyboard.press('r');
  await page.keyboard.press('p');
  await expect(page.getByTestId('app')).toHaveClass(/present/);
  await page.keyboard.press('1');
  await waitForMaps(page);
  await expect(page.getByTestId('map-class')).toBeVisible();
  expect(TEACHABLE_LABELS).toContain(await page.getByTestId('map-class').textContent());
});

test('the vanilla map of a dropped Teachable Machine model equals tf.grad of its pre-softmax logit, computed by tfjs-layers in Node on the same input', async ({ page }) => {
  await dropOnExample(page, 'eagle', TEACHABLE_MODEL, 'tm-my-image-model, 224×224');
  const classIndex = Number(await page.locator('[data-method=vanilla]').getAttribute('data-class'));
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Input tensor .npy' }).click();
  const bytes = readFileSync(await (await download).path());
  const input = parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  expect(input.shape).toEqual([1, 224, 224, 3]);
  const files = new Map(filesIn(served(TEACHABLE_MODEL)).map(({ path, name }) => [name, new Uint8Array(readFileSync(path))]));
  const reference = await layersReference(files, input.data as Float32Array, classIndex);
  const vanilla = await downloadGradient(page, 'vanilla');
  expect(vanilla.shape).toEqual([224, 224, 3]);
  const scale = reference.gradient.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  const worst = vanilla.data.reduce((m, v, i) => Math.max(m, Math.abs(v - reference.gradient[i]!)), 0);
  expect(scale).toBeGreaterThan(0);
  expect(worst / scale).toBeLessThan(1e-4);
});

test('a graph model with a labels file: its labels, and the pixels preset chosen on the page (carried by the link)', async ({ page }) => {
  await dropOnExample(page, 'coffee', GRAPH_MODEL, 'your model, 40×40');
  await expect(page.locator('.top-classes button')).toHaveCount(4);
  expect(GRAPH_LABELS).toContain(await page.getByTestId('map-class').textContent());
  await expect(page.getByTestId('preprocessing')).toHaveValue('minus1-1');
  const before = await canvasState(page, 'map-vanilla');
  await page.getByTestId('preprocessing').selectOption('0-1');
  await expect(page.getByTestId('model-facts')).toHaveAttribute('data-preprocessing', '0-1');
  await waitForMaps(page);
  expect(await canvasState(page, 'map-vanilla')).not.toEqual(before);
  await expect.poll(() => new URL(page.url()).searchParams.get('preprocess')).toBe('0-1');
});

test('another preset keeps the compare view\'s chosen second class; a preset chosen for one model is not carried to the next dropped model', async ({ page }) => {
  await dropOnExample(page, 'coffee', GRAPH_MODEL, 'your model, 40×40');
  await page.keyboard.press('c');
  await waitForMaps(page);
  const third = await page.locator('.top-classes button').nth(2).getAttribute('data-class');
  await page.getByTestId('compare-search').fill(GRAPH_LABELS[Number(third)]!);
  await page.getByTestId('compare-search').press('Enter');
  for (const method of ['vanilla', 'guided']) await expect(page.locator(`[data-compare-method=${method}]`)).toHaveAttribute('data-class', third!);
  await waitForMaps(page);

  await page.getByTestId('preprocessing').selectOption('0-1');
  await expect(page.getByTestId('model-facts')).toHaveAttribute('data-preprocessing', '0-1');
  await waitForMaps(page);
  for (const method of ['vanilla', 'guided']) await expect(page.locator(`[data-compare-method=${method}]`)).toHaveAttribute('data-class', third!);

  await dropModel(page, served(GRAPH_MODEL));
  await expect(page.getByTestId('preprocessing')).toHaveValue('minus1-1');
  await expect(page.getByTestId('model-facts')).toHaveAttribute('data-preprocessing', 'minus1-1');
  await waitForMaps(page);
  await expect.poll(() => new URL(page.url()).searchParams.get('preprocess')).toBeNull();
});

test('a float TF Lite file dropped with Teachable Machine\'s labels.txt: translated in the browser, its labels, three maps, Teachable Machine\'s preset chosen', async ({ page }) => {
  await dropOnExample(page, 'dog', TFLITE_MODEL, 'model_unquant, 32×32');
  for (const label of TFLITE_LABELS) await expect(page.locator('.top-classes')).toContainText(label);
  await page.getByTestId('preprocessing').selectOption('teachable');
  await expect(page.getByTestId('model-facts')).toHaveAttribute('data-preprocessing', 'teachable');
  await waitForMaps(page);
  for (const method of ['vanilla', 'deconvnet', 'guided']) expect((await canvasState(page, `map-${method}`)).distinctColours).toBeGreaterThan(10);
});

test('a link to a hosted model opens it', async ({ page, baseURL }) => {
  const hosted = `${baseURL}/models/${TEACHABLE_MODEL}/model.json`;
  await page.goto(`/?model=${encodeURIComponent(hosted)}&example=dog`);
  await expect(page.getByTestId('model-name')).toHaveText('tm-my-image-model', { timeout: 60_000 });
  await waitForMaps(page);
  expect(new URL(page.url()).searchParams.get('model')).toBe(hosted);
});

test('models the app cannot explain are refused, naming what is wrong, and the model and maps on screen stay', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog`);
  await waitForMaps(page);
  const name = await page.getByTestId('model-name').textContent();
  const maps = await canvasState(page, 'map-vanilla');
  for (const { name: refused, says } of await refusedModels()) {
    await dropModel(page, join(REFUSED_DIR, refused));
    await expect(page.getByTestId('job-error'), refused).toContainText(says);
    await expect(page.getByTestId('job-error')).toContainText('The previous image and maps are kept.');
    await expect(page.getByTestId('model-name')).toHaveText(name!);
    expect(await canvasState(page, 'map-vanilla')).toEqual(maps);
  }
  // The model in use still works.
  await page.locator('[data-example=eagle]').click();
  await waitForMaps(page);
});

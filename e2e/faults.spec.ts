import type { Page, Worker } from '@playwright/test';
import { CORRUPT_JSON_MODEL, MISSING_SHARD_MODEL, SHORT_SHARD_MODEL } from './global-setup.ts';
import { canvasState, expect, test, TINY, TINY_WEBGL, waitForMaps } from './helpers.ts';

function saliencyWorker(page: Page): Worker {
  const worker = page.workers().find((w) => /worker/.test(w.url()));
  if (!worker) throw new Error('no saliency worker');
  return worker;
}

/** The new worker computes a new image. */
async function keepsWorking(page: Page, example: string) {
  const before = await canvasState(page, 'model-view');
  await page.locator(`[data-example=${example}]`).click();
  await expect(page.locator(`[data-example=${example}]`)).toHaveAttribute('aria-pressed', 'true');
  await waitForMaps(page);
  expect(await canvasState(page, 'model-view')).not.toEqual(before);
}

test('a lost WebGL context during a job: the worker is replaced, says so, and the job completes', async ({ page }) => {
  await page.goto(`/?${TINY_WEBGL}&example=eagle`);
  await waitForMaps(page);
  const second = page.locator('.top-classes button').nth(1);
  const secondClass = await second.getAttribute('data-class');
  await second.click();
  // What a GPU reset does to the worker's context (WEBGL_lose_context), through tfjs's global engine.
  await saliencyWorker(page).evaluate(() => {
    const engine = (self as unknown as { _tfengine: { backendInstance: { gpgpu: { gl: WebGL2RenderingContext } } } })._tfengine;
    engine.backendInstance.gpgpu.gl.getExtension('WEBGL_lose_context')!.loseContext();
  });
  await expect(page.getByTestId('restart-notice')).toContainText('The WebGL context was lost');
  await expect(page.getByTestId('restart-notice')).toContainText('It was restarted');
  await waitForMaps(page);
  for (const method of ['vanilla', 'deconvnet', 'guided']) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-class', secondClass!);
  await keepsWorking(page, 'dog');
});

test('a crashed worker is restarted and the page says so', async ({ page, pageErrors }) => {
  await page.goto(`/?${TINY}&example=eagle`);
  await waitForMaps(page);
  await saliencyWorker(page).evaluate(() => setTimeout(() => {
    throw new Error('simulated crash');
  }));
  await expect(page.getByTestId('restart-notice')).toContainText('The computation worker stopped');
  await expect(page.getByTestId('engine-summary')).toBeVisible();
  await keepsWorking(page, 'coffee');
  // Playwright reports the worker's uncaught error as a page error: the one this test caused is expected.
  pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((e) => !e.includes('simulated crash')));
});

test('missing or corrupt model files in a link: an error that names the file, and the bundled model instead', async ({ page }) => {
  await page.goto(`/?model=${MISSING_SHARD_MODEL}`);
  await expect(page.getByTestId('restart-notice')).toContainText(new RegExp(`models/${MISSING_SHARD_MODEL}/[^ ]*\\.bin is missing`));
  await page.goto(`/?model=${CORRUPT_JSON_MODEL}`);
  await expect(page.getByTestId('restart-notice')).toContainText(new RegExp(`models/${CORRUPT_JSON_MODEL}/model\\.json is not a TF.js model`));
  await page.goto(`/?model=${SHORT_SHARD_MODEL}&backend=wasm`);
  await expect(page.getByTestId('restart-notice')).toContainText(new RegExp(`models/${SHORT_SHARD_MODEL}/[^ ]*\\.bin hold \\d+ bytes; .*model\\.json expects \\d+`));
  await expect(page.getByTestId('restart-notice')).toContainText('The bundled model opened instead.');
  await waitForMaps(page);
  await expect(page.getByTestId('model-name')).toHaveText('Inception V3');
  expect(new URL(page.url()).searchParams.get('model')).toBeNull();
});

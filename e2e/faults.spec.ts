import type { Page, Worker } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { CORRUPT_JSON_MODEL, MISSING_SHARD_MODEL, SHORT_SHARD_MODEL, TINY_MODEL } from './global-setup.ts';
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

/**
 * A host that stalls: it serves the tiny model with CORS, but sends only the first half of its
 * weights and then nothing, until told to serve them whole.
 */
async function stallingModelHost(port: number) {
  let stalling = true;
  const server = createServer(async (request, response) => {
    const name = new URL(request.url!, 'http://host').pathname.split('/').at(-1)!;
    const cors = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };
    const body = await readFile(join('dist', 'models', TINY_MODEL, name)).catch(() => undefined);
    if (!body) return response.writeHead(404, cors).end();
    response.writeHead(200, { ...cors, 'Content-Type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream', 'Content-Length': body.length });
    if (!name.endsWith('.bin') || !stalling) return response.end(body);
    response.write(body.subarray(0, body.length >> 1));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/model.json`,
    serveWhole: () => { stalling = false; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

test.describe('a model download that stalls', () => {
  const PORT = 4181;
  test.use({ allowedOrigins: [`http://127.0.0.1:${PORT}`], serviceWorkers: 'block' });

  test('says so after 30 s without data, and Retry loads the model', async ({ page }) => {
    const host = await stallingModelHost(PORT);
    try {
      await page.clock.install();
      await page.goto(`/?model=${encodeURIComponent(host.url)}&example=dog`);
      // The first half of the weights arrived: the download's progress shows it, byte by byte.
      await expect(page.getByTestId('status')).toHaveText(/Loading the model… [1-9]\d? %/);
      await page.clock.fastForward(31_000);
      await expect(page.getByTestId('stalled')).toContainText('The model\'s download stopped: no data arrived for 30 s');
      host.serveWhole();
      await page.getByTestId('retry').click();
      await waitForMaps(page);
      await expect(page.getByTestId('model-summary')).toContainText('299×299');
    } finally {
      await host.close();
    }
  });
});

import type { Page, Route } from '@playwright/test';
import { METHODS, RULES } from '../src/shared/methods.ts';
import { TEACHABLE_MODEL } from './global-setup.ts';
import { agreement, downloadGradient, expect, inVisits, test, waitForMaps } from './helpers.ts';

/**
 * WebGPU, on the SwiftShader adapter headless Chromium offers here (software: correct, slow, and a
 * fallback adapter that the automatic choice never takes).
 */
const SETTINGS = 'samples=4&steps=8&patch=75&stride=75';

// A service worker's requests pass no route, and the last test rewrites the worker script with one.
test.use({ serviceWorkers: 'block' });

test('a backend=webgpu link draws every method\'s maps, equal to wasm\'s', async ({ page }) => {
  const maps: Record<string, Record<string, Float32Array>> = {};
  for (const backend of ['webgpu', 'wasm']) {
    maps[backend] = {};
    for (const methods of inVisits(METHODS)) {
      await page.goto(`/?model=e2e-tiny&example=eagle&class=5&methods=${methods.join('%2C')}&${SETTINGS}&backend=${backend}`);
      await waitForMaps(page);
      await expect(page.getByTestId('engine')).toHaveAttribute('data-backend', backend);
      for (const method of methods) maps[backend]![method] = (await downloadGradient(page, method)).data;
    }
  }
  await expect(page.getByTestId('engine-trials')).toHaveCount(0);
  for (const method of METHODS) {
    const { correlation, relativeMaxError } = agreement(maps.webgpu![method]!, maps.wasm![method]!);
    expect(correlation, method).toBeGreaterThanOrEqual(0.9999);
    expect(relativeMaxError, method).toBeLessThanOrEqual(1e-2);
  }
});

test('a Teachable Machine model (depthwise convs, ReLU6, folded BatchNorm) and the sanity check run on webgpu as on wasm', async ({ page }) => {
  const maps: Record<string, Record<string, Float32Array>> = {};
  const cascades: Record<string, number[]> = {};
  for (const backend of ['webgpu', 'wasm']) {
    await page.goto(`/?model=${TEACHABLE_MODEL}&example=dog&backend=${backend}`);
    await waitForMaps(page);
    await expect(page.getByTestId('engine')).toHaveAttribute('data-backend', backend);
    maps[backend] = {};
    for (const method of RULES) maps[backend]![method] = (await downloadGradient(page, method)).data;

    await page.goto(`/?model=e2e-tiny&example=dog&sanity=1&backend=${backend}`);
    await expect(page.getByTestId('sanity')).toHaveAttribute('data-steps-done', '4', { timeout: 120_000 });
    await expect(page.getByTestId('status')).toHaveText(/^Done in/);
    cascades[backend] = [];
    for (const method of RULES) {
      for (let step = 0; step <= 4; step++) {
        cascades[backend]!.push(Number(await page.getByTestId(`sanity-${method}-${step}`).locator('xpath=..').getAttribute('data-correlation')));
      }
    }
  }
  for (const method of RULES) {
    const { correlation, relativeMaxError } = agreement(maps.webgpu![method]!, maps.wasm![method]!);
    expect(correlation, method).toBeGreaterThanOrEqual(0.9999);
    expect(relativeMaxError, method).toBeLessThanOrEqual(1e-2);
  }
  // The same seeded random layers on both engines: the same correlations, to rank noise.
  cascades.webgpu!.forEach((r, i) => expect(Math.abs(r - cascades.wasm![i]!)).toBeLessThan(0.02));
});

test('a lost WebGPU device during a job: the worker is replaced, says so, and the job completes', async ({ page }) => {
  await page.goto('/?model=e2e-tiny&example=eagle&backend=webgpu');
  await waitForMaps(page);
  const second = page.locator('.top-classes button').nth(1);
  const secondClass = await second.getAttribute('data-class');
  await second.click();
  // What a GPU reset or a driver update does to the worker's device, through tfjs's global engine.
  const worker = page.workers().find((w) => /worker/.test(w.url()))!;
  await worker.evaluate(() => {
    const engine = (self as unknown as { _tfengine: { backendInstance: { device: { destroy(): void } } } })._tfengine;
    engine.backendInstance.device.destroy();
  });
  await expect(page.getByTestId('restart-notice')).toContainText('The WebGPU device was lost');
  await expect(page.getByTestId('restart-notice')).toContainText('It was restarted');
  await waitForMaps(page);
  await expect(page.getByTestId('engine')).toHaveAttribute('data-backend', 'webgpu');
  for (const method of ['vanilla', 'deconvnet', 'guided']) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-class', secondClass!);
});

/**
 * Makes the worker see SwiftShader's WebGPU adapter as a hardware one (as on a laptop with a GPU),
 * so that the page times it against WebAssembly: the worker script gets a preamble that rewrites
 * the adapter's info before the app asks for it.
 */
async function pretendHardwareWebGpu(page: Page) {
  const preamble = `{
    const request = GPU.prototype.requestAdapter;
    GPU.prototype.requestAdapter = async function (options) {
      const adapter = await request.call(this, options);
      if (adapter) Object.defineProperty(adapter, 'info', { value: { vendor: 'test', architecture: 'pretend', description: 'a hardware GPU', isFallbackAdapter: false } });
      return adapter;
    };
  }\n`;
  await page.route(/\/assets\/worker-[^/]*\.js$/, async (route: Route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: preamble + (await response.text()) });
  });
}

test('with a hardware GPU, maps come first on wasm, the GPU engine is timed against it, the faster runs, and the next visit starts on it', async ({ page }) => {
  await pretendHardwareWebGpu(page);
  await page.goto('/?model=e2e-tiny&example=dog');
  await waitForMaps(page);
  const engine = page.getByTestId('engine');
  await expect(engine).toHaveAttribute('data-backend', 'wasm');
  await expect(engine).toContainText('webgpu is timed against it');
  await page.locator('.status-details summary').click();
  const trials = page.getByTestId('engine-trials');
  await expect(trials).toContainText('the fastest runs the maps', { timeout: 120_000 });
  const timed = JSON.parse((await trials.getAttribute('data-trials'))!) as { backend: string; passMs?: number }[];
  expect(timed.map((t) => t.backend)).toEqual(['wasm', 'webgpu']);
  for (const t of timed) expect(t.passMs).toBeGreaterThan(0);
  const fastest = timed[0]!.passMs! <= timed[1]!.passMs! ? 'wasm' : 'webgpu';
  await expect(engine).toHaveAttribute('data-backend', fastest);
  await expect(page.getByTestId('engine-warming')).toHaveCount(0);
  // The engine in use draws the next image.
  await page.locator('[data-example=eagle]').click();
  await waitForMaps(page);

  await page.reload();
  await waitForMaps(page);
  await expect(engine).toHaveAttribute('data-backend', fastest);
  await expect(engine).toContainText('kept for this device');
  await expect(page.getByTestId('engine-warming')).toHaveCount(0);
  expect(JSON.parse((await trials.getAttribute('data-trials'))!)).toEqual(timed);
});

import { parse } from 'npyjs';
import { readFileSync } from 'node:fs';
import { reduceChannels, topShare } from '../src/shared/render.ts';
import { METHODS, RULES } from '../src/shared/methods.ts';
import { agreement, clickAndWaitForJob, downloadGradient, expect, inVisits, mapStates, test, waitForMaps } from './helpers.ts';

/** The real Inception V3, end to end in the browser: minutes on software WebGL, seconds on wasm. */
const webglMaps: Record<string, Float32Array> = {};

test.describe.configure({ mode: 'serial' });

test('the real model on the dog example: malamute, three distinct maps, guided sparser than vanilla', async ({ page }) => {
  await page.goto('/?example=dog&backend=webgl');
  await waitForMaps(page, 8 * 60_000);
  await expect(page.getByTestId('engine')).toHaveAttribute('data-backend', 'webgl');
  await expect(page.locator('.top-classes button').first().locator('.class-name')).toHaveText('malamute');
  // Inception V3: 95 convs, all but the logits conv followed by a ReLU.
  await expect(page.getByTestId('relu-count')).toHaveText('94 ReLUs rewritten');
  const maps = await mapStates(page);
  expect(new Set(Object.values(maps).map((s) => s.hash)).size).toBe(3);

  for (const method of RULES) {
    const { shape, data } = await downloadGradient(page, method);
    expect(shape).toEqual([299, 299, 3]);
    webglMaps[method] = data;
  }
  const share = (g: Float32Array) => topShare(reduceChannels(g, 'magnitude'));
  console.log(`top 5 % share of |g|: vanilla ${share(webglMaps.vanilla!).toFixed(3)}, guided ${share(webglMaps.guided!).toFixed(3)}`);
  expect(share(webglMaps.guided!)).toBeGreaterThan(share(webglMaps.vanilla!));

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Input tensor .npy' }).click();
  const input = parse(new Uint8Array(readFileSync(await (await download).path())).buffer);
  expect(input.shape).toEqual([1, 299, 299, 3]);
});

test('the default backend here is wasm: same top-1, and maps that agree with WebGL', async ({ page }) => {
  await page.goto('/?example=dog');
  await waitForMaps(page, 3 * 60_000);
  await expect(page.getByTestId('engine')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.locator('.top-classes button').first().locator('.class-name')).toHaveText('malamute');
  console.log(`wasm: ${await page.getByTestId('timings').textContent()} | ${await page.getByTestId('status').textContent()}`);
  for (const method of RULES) {
    const { correlation, relativeMaxError } = agreement((await downloadGradient(page, method)).data, webglMaps[method]!);
    console.log(`${method}: correlation ${correlation.toFixed(6)}, relative max error ${relativeMaxError.toExponential(2)}`);
    expect(correlation).toBeGreaterThanOrEqual(0.9999);
    expect(relativeMaxError).toBeLessThanOrEqual(1e-2);
  }
});

test('how much each map changes with the class (malamute vs mountain bike): Guided Grad-CAM far more than guided backprop', async ({ page }) => {
  test.setTimeout(15 * 60_000);
  const change: Record<string, number> = {};
  for (const methods of inVisits(METHODS, 2)) {
    await page.goto(`/?example=dog&compare=672&methods=${methods.join('%2C')}&samples=8&steps=8&patch=60&stride=30`);
    await waitForMaps(page, 8 * 60_000);
    await expect(page.locator(`[data-compare-method=${methods[0]}]`)).toHaveAttribute('data-class', '672');
    for (const method of methods) {
      const [first, second] = [await downloadGradient(page, method), await downloadGradient(page, method, { second: true })];
      change[method] = 1 - agreement(first.data, second.data).correlation;
    }
  }
  console.log(`1 − Pearson between the malamute and mountain bike maps: ${METHODS.map((m) => `${m} ${change[m]!.toFixed(3)}`).join(', ')}`);
  expect(change['guided-gradcam']!).toBeGreaterThan(3 * change.guided!);
  expect(change.gradcam!).toBeGreaterThan(change.guided!);
  // Eigen-CAM is the feature map's first principal component: it reads no class.
  expect(change.eigencam!).toBeLessThan(1e-6);
  // The attributions in the score's units are class-discriminative too.
  expect(change['integrated-gradients']!).toBeGreaterThan(3 * change.guided!);
  expect(change.occlusion!).toBeGreaterThan(3 * change.guided!);
});

test('the sanity check on the real model: after the logits and the top two mixed blocks are randomized, guided backprop still looks like itself, vanilla does not; then the trained model is back, bit for bit', async ({ page }) => {
  test.setTimeout(15 * 60_000);
  await page.goto('/?example=dog');
  await waitForMaps(page, 3 * 60_000);
  const before = await downloadGradient(page, 'vanilla');
  await page.keyboard.press('r');
  await expect(page.getByTestId('sanity')).toHaveAttribute('data-steps-done', '17', { timeout: 12 * 60_000 });
  const layers = (await page.locator('.sanity-step').allTextContents()).slice(1);
  expect(layers.slice(0, 3)).toEqual(['Logits', 'Mixed_7c', 'Mixed_7b']);
  const at = async (method: string, step: number) => Number(await page.getByTestId(`sanity-${method}-${step}`).locator('xpath=..').getAttribute('data-correlation'));
  const table: string[] = [];
  for (const method of RULES) {
    const values = await Promise.all(Array.from({ length: 18 }, (_, step) => at(method, step)));
    table.push(`${method}: ${values.map((v) => v.toFixed(3)).join(' ')}`);
  }
  console.log(`Spearman with the trained map, steps 0 (trained) to 17 (${layers.join(', ')}):\n${table.join('\n')}`);
  expect(await at('guided', 3)).toBeGreaterThan(await at('vanilla', 3));
  console.log(`cascade: ${await page.getByTestId('status').textContent()}`);

  await page.keyboard.press('r');
  await clickAndWaitForJob(page, page.locator('.top-classes button').first());
  const after = await downloadGradient(page, 'vanilla');
  expect(after.data.filter((v, i) => v !== before.data[i]).length).toBe(0);
});

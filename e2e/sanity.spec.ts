import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { RULES } from '../src/shared/methods.ts';
import { sanityLayout } from '../src/app/export/sanity-layout.ts';
import { clickAndWaitForJob, expect, expectPngShowsCanvases, test, TINY, waitForMaps } from './helpers.ts';

/** The sanity check on the tiny model: four layers (logits, the mixed block, reduce, stem). */
const LAYERS = 4;

async function waitForCascade(page: Page, layers = LAYERS, timeout = 120_000) {
  await expect(page.getByTestId('sanity')).toHaveAttribute('data-steps-done', String(layers), { timeout });
  await expect(page.getByTestId('status')).toHaveText(/^Done in/, { timeout });
}

/** Each method's correlation at each step, as the page holds them. */
async function correlations(page: Page, methods: readonly string[], steps: number): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const method of methods) {
    out[method] = [];
    for (let step = 0; step <= steps; step++) {
      out[method]!.push(Number(await page.getByTestId(`sanity-${method}-${step}`).locator('xpath=..').getAttribute('data-correlation')));
    }
  }
  return out;
}

test('a link opens the sanity check: a strip per method, the chart, the caption from the numbers, the correlations as CSV', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&sanity=1`);
  await waitForCascade(page);
  await expect(page.locator('[data-method]')).toHaveCount(0);
  for (const method of RULES) {
    for (let step = 0; step <= LAYERS; step++) await expect(page.getByTestId(`sanity-${method}-${step}`).locator('xpath=..')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId(`sanity-line-${method}`)).toHaveAttribute('data-points', String(LAYERS + 1));
  }
  const numbers = await correlations(page, RULES, LAYERS);
  for (const method of RULES) expect(numbers[method]![0]).toBe(1);
  const caption = await page.getByTestId('sanity-caption').textContent();
  expect(caption).toContain(`Guided backprop ${numbers.guided![3]!.toFixed(2)}`);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Correlations .csv' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\n').map((line) => line.split(','));
  expect(csv[0]).toEqual(['step', 'layer randomized', ...RULES]);
  expect(csv).toHaveLength(LAYERS + 2);
  for (const [i, method] of RULES.entries()) expect(csv.slice(1).map((row) => Number(row[2 + i]))).toEqual(numbers[method]);
  expect(new URL(page.url()).searchParams.get('sanity')).toBe('1');

  // E exports the strips and the chart as one PNG, 1920 wide, each map as on screen.
  const png = page.waitForEvent('download');
  await page.keyboard.press('e');
  const file = await png;
  expect(file.suggestedFilename()).toMatch(/^sanity-.+\.png$/);
  const layout = sanityLayout(RULES.length, LAYERS);
  const cells = RULES.flatMap((method, m) => layout.strips[m]!.cells.map((box, step) => ({ box, testId: `sanity-${method}-${step}` })));
  await expectPngShowsCanvases(page, readFileSync(await file.path()), layout, cells);
});

test('from the keyboard in presentation mode: R runs it, a newer class stops it and it runs again for that class, R turns it off', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/?${TINY}&example=dog&present=1&seed=5`);
  await waitForMaps(page);
  await page.keyboard.press('r');
  await expect(page.getByTestId('toggle-sanity')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('sanity')).toHaveAttribute('data-steps-done', /^[0-9]$/);
  const firstClass = await page.getByTestId('sanity').getAttribute('data-class');
  await page.keyboard.press('2');
  await waitForCascade(page);
  const second = await page.locator('.top-classes button').nth(1).getAttribute('data-class');
  expect(second).not.toBe(firstClass);
  await expect(page.getByTestId('sanity')).toHaveAttribute('data-class', second!);
  const scroll = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth }));
  expect(scroll.height, 'presentation mode fits the screen').toBeLessThanOrEqual(720);
  expect(scroll.width).toBeLessThanOrEqual(1280);
  expect(new URL(page.url()).searchParams.get('seed')).toBe('5');

  await page.keyboard.press('r');
  await expect(page.getByTestId('sanity')).toHaveCount(0);
  for (const method of RULES) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-state', 'done');
});

test('the same seed draws the same cascade after a reload; turned off mid-cascade, it stops and frees what it made', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&sanity=1&seed=9`);
  await waitForCascade(page);
  const first = await correlations(page, RULES, LAYERS);
  await page.reload();
  await waitForCascade(page);
  expect(await correlations(page, RULES, LAYERS)).toEqual(first);

  await page.keyboard.press('r');
  await clickAndWaitForJob(page, page.locator('.top-classes button').nth(1));
  const tensors = await page.getByTestId('timings').getAttribute('data-tensors');
  await page.keyboard.press('r');
  await expect(page.getByTestId('sanity')).toHaveAttribute('data-steps-done', /^[0-2]$/);
  await page.keyboard.press('r');
  await expect(page.getByTestId('sanity')).toHaveCount(0);
  await clickAndWaitForJob(page, page.locator('.top-classes button').first());
  expect(await page.getByTestId('timings').getAttribute('data-tensors')).toBe(tensors);
});

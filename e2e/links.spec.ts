import { RULES } from '../src/shared/methods.ts';
import { canvasState, expect, test, waitForMaps } from './helpers.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Every key a link can carry, in the order the app writes them. */
const EVERY_KEY = '?example=eagle&class=24&compare=23&view=signed&scale=shared&overlay=1&present=1&captions=1&backend=wasm';
const CANVASES = ['model-view', ...RULES.map((m) => `map-${m}`), ...RULES.map((m) => `compare-${m}`)];

test('a link with every key opens that view, keeps every key, and a copied link opens it again in a fresh browser', async ({ page, browser, baseURL }) => {
  await page.goto(`/${EVERY_KEY}`);
  await waitForMaps(page, 3 * 60_000);
  for (const m of RULES) {
    await expect(page.locator(`[data-method=${m}]`)).toHaveAttribute('data-class', '24');
    await expect(page.locator(`[data-compare-method=${m}]`)).toHaveAttribute('data-class', '23', { timeout: 60_000 });
  }
  await expect(page.locator('[data-example=eagle]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('Signed')).toBeChecked();
  await expect(page.getByLabel('Shared scale')).toBeChecked();
  await expect(page.getByLabel('Overlay on image')).toBeChecked();
  await expect(page.getByTestId('app')).toHaveClass(/present/);
  await expect(page.getByTestId('lessons')).toBeVisible();
  await expect(page.getByTestId('engine')).toHaveAttribute('data-backend', 'wasm');
  expect(new URL(page.url()).search).toBe(EVERY_KEY);

  await page.getByRole('button', { name: /^Link/ }).click();
  await expect(page.getByTestId('link-feedback')).toHaveText('Link copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  const shown = Object.fromEntries(await Promise.all(CANVASES.map(async (id) => [id, (await canvasState(page, id)).hash] as const)));

  const fresh = await browser.newContext({ baseURL });
  const again = await fresh.newPage();
  await again.goto(copied);
  await waitForMaps(again, 3 * 60_000);
  for (const m of RULES) await expect(again.locator(`[data-compare-method=${m}]`)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  for (const id of CANVASES) expect((await canvasState(again, id)).hash, id).toBe(shown[id]);
  expect(again.url()).toBe(copied);
  await fresh.close();
});

test('a link to your own image says it cannot carry the image', async ({ page }) => {
  await page.goto('/?model=e2e-tiny');
  await waitForMaps(page);
  await page.setInputFiles('input[type=file]', 'public/examples/coffee.jpg');
  await expect(page.getByTestId('model-view')).toHaveAttribute('aria-label', /coffee\.jpg/);
  await waitForMaps(page);
  expect(new URL(page.url()).searchParams.has('example')).toBe(false);
  await page.keyboard.press('l');
  await expect(page.getByTestId('link-feedback')).toContainText('your own image never leaves this browser');
});

import { readFileSync } from 'node:fs';
import { comparisonLayout } from '../src/app/export/comparison-layout.ts';
import { RULES } from '../src/shared/methods.ts';
import { expect, expectPngShowsCanvases, test, waitForMaps } from './helpers.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Waits for both rows of the compare view. */
async function waitForSecondRow(page: import('@playwright/test').Page) {
  for (const m of RULES) await expect(page.locator(`[data-compare-method=${m}]`)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
}

test('a whole lesson from the keyboard on the real model: link, present, next example, class 2, compare, captions, export, copy link', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?example=dog&backend=wasm');
  await waitForMaps(page, 3 * 60_000);

  await page.keyboard.press('p');
  await expect(page.getByTestId('app')).toHaveClass(/present/);
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-example=eagle]')).toHaveAttribute('aria-pressed', 'true');
  await waitForMaps(page);

  const top = page.locator('.top-classes button');
  const [first, second] = [await top.nth(0).getAttribute('data-class'), await top.nth(1).getAttribute('data-class')];
  await page.keyboard.press('2');
  await waitForMaps(page);
  for (const m of RULES) await expect(page.locator(`[data-method=${m}]`)).toHaveAttribute('data-class', second!);

  // Compare: the second row is the most likely other class, here the top one.
  await page.keyboard.press('c');
  await waitForSecondRow(page);
  for (const m of RULES) await expect(page.locator(`[data-compare-method=${m}]`)).toHaveAttribute('data-class', first!);

  await page.keyboard.press('t');
  await expect(page.getByTestId('lessons')).toBeVisible();
  await expectReluDiagramFollowsTheRules(page);
  await expect(page).toHaveURL(new RegExp(`example=eagle&class=${second}&compare=${first}&present=1&captions=1`));

  const download = page.waitForEvent('download');
  await page.keyboard.press('e');
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^saliency-.+-vs-.+\.png$/);
  await expectExportMatchesScreen(page, readFileSync(await file.path()));

  await page.keyboard.press('l');
  await expect(page.getByTestId('link-feedback')).toHaveText('Link copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
});

/** The exported PNG is 1920 wide and shows, in each map's box, the very pixels of the map on screen. */
async function expectExportMatchesScreen(page: import('@playwright/test').Page, png: Buffer) {
  const layout = comparisonLayout(2);
  const cells = layout.rows.flatMap((row, r) => row.cells.map((cell) => ({ box: cell.image, testId: cell.kind === 'input' ? 'model-view' : `${r === 0 ? 'map' : 'compare'}-${cell.kind}` })));
  await expectPngShowsCanvases(page, png, { width: 1920, height: layout.height }, cells);
}

/**
 * The diagram's numbers come from the real network; here each rule's grid is derived again from the
 * shown x and dy, and the window must hold a unit that was off (it is centred on one).
 */
async function expectReluDiagramFollowsTheRules(page: import('@playwright/test').Page) {
  const diagram = page.getByTestId('relu-diagram');
  await expect(diagram).toBeVisible();
  const grids = await diagram.locator('table').evaluateAll((tables) => tables.map((t) => ({
    title: t.querySelector('caption')!.textContent!,
    cells: [...t.querySelectorAll('td')].map((td) => ({ value: Number(td.textContent), state: td.dataset.state })),
  })));
  expect(grids.map((g) => g.title)).toEqual(['forward input x', 'gradient back, dy', 'Vanilla gradient passes', 'Deconvnet passes', 'Guided backprop passes']);
  const [x, dy, vanilla, deconvnet, guided] = grids.map((g) => g.cells);
  expect(x!.length).toBe(36);
  expect(x!.some((c) => c.value <= 0 && c.state === 'off'), 'a unit that was off').toBe(true);
  for (const [i, { value }] of x!.entries()) {
    const on = value > 0;
    const g = dy![i]!.value;
    expect(vanilla![i]!.value, `vanilla cell ${i}`).toBe(on ? g : 0);
    expect(deconvnet![i]!.value, `deconvnet cell ${i}`).toBe(g > 0 ? g : 0);
    expect(guided![i]!.value, `guided cell ${i}`).toBe(on && g > 0 ? g : 0);
    // Shown to two decimals: a value that rounds to ±0.00 may have either sign.
    if (Math.abs(g) >= 0.01) expect(dy![i]!.state).toBe(g < 0 ? 'negative' : 'pass');
  }
}

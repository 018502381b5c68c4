import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { comparisonLayout } from '../src/app/export/comparison-layout.ts';
import { RULES } from '../src/shared/methods.ts';
import { expect, test, waitForMaps } from './helpers.ts';

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
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  expect(info.width).toBe(1920);
  const layout = comparisonLayout(2);
  expect(info.height).toBe(layout.height);
  const cells = layout.rows.flatMap((row, r) => row.cells.map((cell) => ({ cell, testId: cell.kind === 'input' ? 'model-view' : `${r === 0 ? 'map' : 'compare'}-${cell.kind}` })));
  for (const { cell, testId } of cells) {
    const screen = await page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => [...canvas.getContext('2d')!.getImageData(0, 0, 299, 299).data]);
    let mismatches = 0;
    for (let k = 0; k < 200; k++) {
      const [i, j] = [(k * 37) % 299, (k * 113) % 299];
      // The centre of source pixel (i, j) in the export's nearest-neighbour scaling.
      const x = Math.floor(cell.image.x + ((i + 0.5) * cell.image.width) / 299);
      const y = Math.floor(cell.image.y + ((j + 0.5) * cell.image.height) / 299);
      const at = (y * info.width + x) * info.channels;
      const src = (j * 299 + i) * 4;
      if ([0, 1, 2].some((c) => data[at + c] !== screen[src + c])) mismatches++;
    }
    expect(mismatches, `${testId} in the export`).toBe(0);
  }
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

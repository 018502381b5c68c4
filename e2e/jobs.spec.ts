import { clickAndWaitForJob, expect, test, TINY, TINY_WEBGL, waitForMaps } from './helpers.ts';

// On software WebGL the tiny model's jobs outlast the clicks (on wasm they finish between two).
test('ten quick class changes: only the last class is ever painted, and its maps are right', async ({ page }) => {
  await page.goto(`/?${TINY_WEBGL}&example=eagle`);
  await waitForMaps(page);
  const firstClass = await page.locator('[data-method=vanilla]').getAttribute('data-class');
  // Every class a map panel shows from now on.
  await page.evaluate(() => {
    const w = window as unknown as { painted: string[] };
    w.painted = [];
    new MutationObserver((records) => records.forEach((r) => w.painted.push((r.target as Element).getAttribute('data-class') ?? '')))
      .observe(document.querySelector('.map-row')!, { subtree: true, attributes: true, attributeFilter: ['data-class'] });
  });
  const buttons = page.locator('.top-classes button');
  const order = [1, 2, 3, 4, 0, 1, 2, 3, 4, 2];
  for (const i of order) await buttons.nth(i).click();
  const lastClass = await buttons.nth(order.at(-1)!).getAttribute('data-class');
  await waitForMaps(page);
  for (const method of ['vanilla', 'deconvnet', 'guided']) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-class', lastClass!);
  const painted = await page.evaluate(() => (window as unknown as { painted: string[] }).painted);
  expect(new Set(painted.filter((c) => c !== ''))).toEqual(new Set([lastClass]));
  expect(lastClass).not.toBe(firstClass);

  // The same maps as a fresh page opened on that class.
  const shown = await page.locator('canvas[data-testid^=map-]').evaluateAll((canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()));
  await page.goto(`/?${TINY_WEBGL}&example=eagle&class=${lastClass}`);
  await waitForMaps(page);
  expect(await page.locator('canvas[data-testid^=map-]').evaluateAll((canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()))).toEqual(shown);
});

test('twenty jobs (new images and other classes) leave the same tensors in memory', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog`);
  await waitForMaps(page);
  const timings = page.getByTestId('timings');
  const memory = async () => [await timings.getAttribute('data-tensors'), await timings.getAttribute('data-tensor-bytes')];
  const baseline = await memory();
  expect(Number(baseline[0])).toBeGreaterThan(0);
  for (let job = 0; job < 20; job++) {
    const target = job % 2 === 0 ? page.locator(`[data-example=${['eagle', 'coffee', 'dog'][job % 3]}]`) : page.locator('.top-classes button').nth(1 + (job % 4));
    await clickAndWaitForJob(page, target);
    expect(await memory(), `after job ${job + 1}`).toEqual(baseline);
  }
});

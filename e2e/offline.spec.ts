import { canvasState, expect, test, TINY, waitForMaps } from './helpers.ts';

test('after a first visit the app works offline: page, worker, wasm, model and examples from the cache', async ({ page, context }) => {
  // The real model's files are cached on install; the tiny test model (not part of the build) is
  // cached as the second online visit fetches it.
  await page.goto(`/?example=eagle&${TINY}`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await waitForMaps(page);
  const online = await canvasState(page, 'map-guided');

  await context.setOffline(true);
  try {
    await page.reload();
    await waitForMaps(page);
    expect(await canvasState(page, 'map-guided')).toEqual(online);
    // Another example and the wasm backend (its .wasm binary from the cache) work too.
    await page.goto(`/?example=coffee&model=e2e-tiny&backend=wasm`);
    await waitForMaps(page);
    await expect(page.getByTestId('engine')).toHaveAttribute('data-backend', 'wasm');
    // The real model was precached on install: it loads with no network at all.
    await page.goto('/?example=dog');
    await expect(page.getByTestId('engine-summary')).toBeVisible({ timeout: 120_000 });
  } finally {
    await context.setOffline(false);
  }
});

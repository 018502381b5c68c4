import type { Page } from '@playwright/test';
import { fakeCameraLaunch } from './camera-clip.ts';
import { canvasState, expect, mapStates, test, TINY, waitForMaps } from './helpers.ts';
import { checkScreen } from './screen-checks.ts';

// Chromium's fake camera plays a clip (the dog panning, then the eagle), looped; the person allows it.
test.use({ launchOptions: fakeCameraLaunch('allow') });

/** Every stream getUserMedia gave the page, kept so a test can see whether its tracks ended (the light off). */
async function keepStreams(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { streams: MediaStream[] };
    w.streams = [];
    const devices = navigator.mediaDevices;
    const open = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      w.streams.push(stream);
      return stream;
    };
  });
}
const trackStates = (page: Page) => page.evaluate(() => (window as unknown as { streams: MediaStream[] }).streams.flatMap((s) => s.getTracks().map((t) => t.readyState)));
const frames = async (page: Page) => Number(await page.getByTestId('camera-rate').getAttribute('data-frames'));
/** Waits until this many more frames' maps have been drawn. */
async function moreFrames(page: Page, count: number) {
  const from = await frames(page);
  await expect.poll(() => frames(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(from + count);
}

test.describe('a camera the person allows', () => {
  test('Camera draws live Grad-CAM maps that follow the picture, with the rate and latency, and tensors stay flat', async ({ page }) => {
    await keepStreams(page);
    await page.goto(`/?${TINY}&example=dog`);
    await waitForMaps(page);
    const photoMaps = await mapStates(page);
    await page.getByTestId('camera-toggle').click();
    await expect(page.getByTestId('camera-bar')).toHaveAttribute('data-phase', 'live');
    await expect(page).toHaveURL(/camera=1/);
    // Grad-CAM is the live default: its panel replaces the three rules while live.
    await expect(page.locator('[data-method=gradcam]')).toBeVisible();
    await expect(page.locator('[data-method=vanilla]')).toHaveCount(0);
    await moreFrames(page, 3);
    await expect(page.getByTestId('camera-rate')).toHaveText(/\d+\.\d maps\/s · latency \d+\.\d\d s/);
    const latency = Number(await page.getByTestId('camera-rate').getAttribute('data-latency-ms'));
    expect(latency).toBeGreaterThan(0);

    // The picture moves every frame: the model's view and the map change from one frame to the next.
    const seen = new Set<string>();
    const mapsSeen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      await moreFrames(page, 1);
      seen.add((await canvasState(page, 'model-view')).hash);
      mapsSeen.add((await canvasState(page, 'map-gradcam')).hash);
    }
    expect(seen.size).toBeGreaterThan(1);
    expect(mapsSeen.size).toBeGreaterThan(1);

    // Many frames later the worker holds the same tensors as after the first ones (each frame's done says how many; a new frame's classes clear it).
    const tensors = async () => {
      let count: string | null = null;
      await expect.poll(async () => (count = await page.getByTestId('timings').getAttribute('data-tensors'))).not.toBeNull();
      return Number(count);
    };
    await moreFrames(page, 2);
    const before = await tensors();
    expect(before).toBeGreaterThan(0);
    await moreFrames(page, 30);
    expect(await tensors()).toBe(before);

    // Turned off: every track has ended, and no frame is sent any more.
    await page.keyboard.press('w');
    await expect(page.getByTestId('camera-bar')).toHaveAttribute('data-phase', 'off');
    expect(await trackStates(page)).toEqual(['ended']);
    // The last frame stays as a still, with the maps on screen it lacked.
    await waitForMaps(page);
    for (const method of ['vanilla', 'deconvnet', 'guided']) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-state', 'done');
    // They are the frame's, not the photo's from before the camera.
    const frameMaps = await mapStates(page);
    for (const method of ['vanilla', 'deconvnet', 'guided']) expect(frameMaps[method]!.hash).not.toBe(photoMaps[method]!.hash);
    const still = (await canvasState(page, 'model-view')).hash;
    await page.waitForTimeout(1000);
    expect((await canvasState(page, 'model-view')).hash).toBe(still);
  });

  test('Space freezes the frame into a still with every method and its downloads; Space again goes back to live', async ({ page }) => {
    await page.goto(`/?${TINY}&example=dog&camera=1`);
    await expect(page.getByTestId('camera-bar')).toHaveAttribute('data-phase', 'live');
    await moreFrames(page, 2);
    await page.keyboard.press(' ');
    await expect(page.getByTestId('camera-bar')).toHaveAttribute('data-phase', 'frozen');
    await waitForMaps(page);
    for (const method of ['vanilla', 'deconvnet', 'guided']) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('status')).toHaveText(/^Done in/);
    const download = page.waitForEvent('download');
    await page.getByTestId('download-all').click();
    expect((await download).suggestedFilename()).toMatch(/\.npz$/);
    // The still stays: no frame replaces it.
    const still = await canvasState(page, 'model-view');
    await page.waitForTimeout(1500);
    expect((await canvasState(page, 'model-view')).hash).toBe(still.hash);
    // Space presses a focused button (here the download's): with none focused it is the camera's.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(' ');
    await expect(page.getByTestId('camera-bar')).toHaveAttribute('data-phase', 'live');
    await moreFrames(page, 2);
  });

  test('compared while live: each frame gets its second row and the row of the first rather than the second; a second class picked while live stays, and Space freezes all three rows', async ({ page }) => {
    await page.goto(`/?${TINY}&example=dog&compare=672&contrast=1`);
    await waitForMaps(page);
    await page.getByTestId('camera-toggle').click();
    await moreFrames(page, 2);
    const changing = async (testId: string) => {
      const seen = new Set<string>();
      for (let i = 0; i < 4; i++) {
        await moreFrames(page, 1);
        seen.add((await canvasState(page, testId)).hash);
      }
      return seen.size;
    };
    expect(await changing('compare-gradcam')).toBeGreaterThan(1);
    expect(await changing('contrast-gradcam')).toBeGreaterThan(1);

    await page.getByTestId('compare-search').fill('crane (135)');
    await page.getByTestId('compare-search').press('Enter');
    await expect(page.getByTestId('camera-follow-compare')).toHaveText('Compared with “crane”: follow the runner-up');
    await moreFrames(page, 2);
    await expect(page.locator('[data-compare-method=gradcam]')).toHaveAttribute('data-class', '135');
    await expect(page.getByTestId('contrast-classes')).toHaveText(/ rather than crane$/);

    await page.keyboard.press(' ');
    await expect(page.getByTestId('camera-bar')).toHaveAttribute('data-phase', 'frozen');
    await waitForMaps(page);
    for (const method of ['vanilla', 'deconvnet', 'guided']) {
      await expect(page.locator(`[data-compare-method=${method}]`)).toHaveAttribute('data-class', '135');
      await expect(page.getByTestId('contrast-row').locator(`[data-contrast-method=${method}]`)).toHaveAttribute('data-state', 'done');
    }
  });

  test('presenting at 1280×720 while live: the live Grad-CAM map is laid out alone, large, on one screen', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`/?${TINY}&example=dog&present=1&camera=1`);
    await expect(page.getByTestId('camera-bar')).toHaveAttribute('data-phase', 'live');
    await moreFrames(page, 2);
    const check = await checkScreen(page);
    expect(check.scroll, 'one screen: no scrolling').toEqual({ width: 1280, height: 720 });
    expect(check.overlaps).toEqual([]);
    expect(check.clipped).toEqual([]);
    // One line of maps gets at least the side two lines get (presentation-layout.spec.ts's 220 px at this screen).
    expect(check.maps['map-gradcam']).toBeGreaterThanOrEqual(220);
  });

  test('the camera stops when the page is hidden, and when another input is chosen', async ({ page }) => {
    await keepStreams(page);
    await page.goto(`/?${TINY}&example=dog`);
    await waitForMaps(page);
    await page.getByTestId('camera-toggle').click();
    await moreFrames(page, 1);
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    });
    await expect(page.getByTestId('camera-bar')).toHaveAttribute('data-phase', 'off');
    expect(await trackStates(page)).toEqual(['ended']);

    await page.getByTestId('camera-toggle').click();
    await moreFrames(page, 1);
    await page.locator('[data-example=eagle]').click();
    await expect(page.getByTestId('camera-bar')).toHaveAttribute('data-phase', 'off');
    expect(await trackStates(page)).toEqual(['ended', 'ended']);
    await waitForMaps(page);
    await expect(page.getByTestId('status')).toHaveText(/^Done in/);
  });
});

test('on the real model the class follows the scene: the dog, then the eagle, each named as it comes', async ({ page }) => {
  await page.goto('/?example=coffee&camera=1');
  await expect(page.getByTestId('camera-bar')).toHaveAttribute('data-phase', 'live', { timeout: 300_000 });
  // The top-1 class of each frame drawn, as the map row names it.
  const named = new Set<string>();
  await expect.poll(async () => {
    named.add((await page.getByTestId('map-class').textContent()) ?? '');
    return [...named].some((c) => /eagle/.test(c)) && [...named].some((c) => /malamute|husky|Eskimo dog/.test(c));
  }, { timeout: 300_000, intervals: [250] }).toBe(true);
});

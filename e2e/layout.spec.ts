import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { RULES } from '../src/shared/methods.ts';
import { expect, test, waitForMaps } from './helpers.ts';

/**
 * The lesson's screens at projector, laptop and desktop sizes, on the real model (wasm): the first
 * screen shows the image and its three maps whole, nothing overflows or overlaps, presentation mode
 * fits the screen and its type is readable from the back of a room, and a screenshot of each is kept
 * under test-results/screens/ (attached to the report too).
 */
const SCREENS = 'test-results/screens';
const PROJECTOR = { width: 1280, height: 720 };
const DESKTOP = { width: 1920, height: 1080 };
/** The sizes people have, with the smallest map each must show (normal mode). */
const SIZES = [
  { ...PROJECTOR, minMap: 200 },
  { width: 1366, height: 768, minMap: 200 },
  { width: 1440, height: 900, minMap: 260 },
  { width: 1536, height: 864, minMap: 260 },
  { ...DESKTOP, minMap: 340 },
];
const MODES = [
  { name: 'normal', query: '', fits: false },
  { name: 'present', query: '&present=1', fits: true },
  { name: 'present-compare', query: '&present=1&compare=672', fits: true },
  // The three rules and, under them, their Grad-CAM counterparts.
  { name: 'present-gradcam', query: '&present=1&methods=vanilla%2Cdeconvnet%2Cguided%2Cgradcam%2Cguided-gradcam', fits: true, more: ['gradcam', 'guided-gradcam'] },
  // The live ReLU diagram comes below the maps: the page may scroll to it.
  { name: 'present-compare-captions', query: '&present=1&compare=672&captions=1', fits: false },
];

interface Box { x: number; y: number; width: number; height: number; name: string }

async function boxes(page: Page, selectors: string[]): Promise<Box[]> {
  return Promise.all(selectors.map(async (selector) => ({ ...(await page.locator(selector).boundingBox())!, name: selector })));
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

for (const size of SIZES) {
  // Presentation mode is for projectors and big screens; every size gets the normal page.
  for (const mode of MODES.filter((m) => m.name === 'normal' || [PROJECTOR.width, DESKTOP.width].includes(size.width))) {
    test(`layout ${mode.name} at ${size.width}×${size.height}`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`/?example=dog&backend=wasm${mode.query}`);
      await waitForMaps(page, 3 * 60_000);
      const comparing = mode.query.includes('compare');
      if (comparing) for (const m of RULES) await expect(page.locator(`[data-compare-method=${m}]`)).toHaveAttribute('data-state', 'done');
      if (mode.query.includes('captions')) await expect(page.getByTestId('relu-diagram')).toBeVisible();

      // Kept before the checks, so a failing layout can be seen.
      mkdirSync(SCREENS, { recursive: true });
      const path = `${SCREENS}/${mode.name}-${size.width}x${size.height}.png`;
      await page.screenshot({ path });
      await testInfo.attach(`${mode.name} ${size.width}×${size.height}`, { path, contentType: 'image/png' });

      const maps = [...RULES, ...(mode.more ?? [])];
      const pictures = ['[data-testid=model-view]', ...maps.map((m) => `[data-testid=map-${m}]`), ...(comparing ? RULES.map((m) => `[data-testid=compare-${m}]`) : [])];
      const laidOut = await boxes(page, [...pictures, '[aria-label="Colour legend"] .legend-bar', '.top-classes', '[data-testid=first-row] .map-row[data-family=gradients]']);
      const scroll = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
      expect(scroll.width, 'no sideways scrolling').toBeLessThanOrEqual(size.width);
      for (const box of laidOut) {
        expect(box.x, `${box.name} inside the screen`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${box.name} inside the screen`).toBeLessThanOrEqual(size.width + 0.5);
      }
      const contains = (outer: Box, inner: Box) => inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
      for (const [i, a] of laidOut.entries()) {
        for (const b of laidOut.slice(i + 1)) if (!contains(a, b) && !contains(b, a)) expect(overlap(a, b), `${a.name} overlaps ${b.name}`).toBe(false);
      }

      if (mode.name === 'normal') {
        // The first screen is the work: the model's view and the three maps whole, without scrolling.
        for (const box of laidOut.slice(0, pictures.length)) {
          expect(box.y, `${box.name} below the top of the screen`).toBeGreaterThanOrEqual(0);
          expect(box.y + box.height, `${box.name} above the bottom of the screen`).toBeLessThanOrEqual(size.height + 0.5);
        }
        for (const box of laidOut.slice(1, pictures.length)) expect(box.width, `${box.name} size`).toBeGreaterThanOrEqual(size.minMap);
        for (const m of RULES) await expect(page.getByTestId(`map-range-${m}`)).toHaveText(/^colours 0 … [\d.e+-]+$/);
      } else {
        if (mode.fits) expect(scroll.height, 'presentation mode fits the screen: no scrolling').toBeLessThanOrEqual(size.height);
        // The status line and the control bar share the top row; neither runs under the other.
        const [status, controls] = await boxes(page, ['.status-line', '.controls']);
        expect(overlap(status!, controls!), 'the status line runs under the control bar').toBe(false);
        // Presenting: the pictures and the legend all on one screen, and large.
        for (const box of laidOut) expect(box.y + box.height, `${box.name} above the bottom of the screen`).toBeLessThanOrEqual(size.height + 0.5);
        // Two lines of maps (a second class, or Grad-CAM's line) at least 220 px at 1280×720 and 330 px at 1920×1080 (presentation-layout.spec.ts checks every combination).
        const least = mode.name === 'present' ? 260 : size.width === DESKTOP.width ? 330 : 220;
        for (const box of laidOut.slice(1, pictures.length)) expect(box.width, `${box.name} size`).toBeGreaterThanOrEqual(least);
        const fontSizes = await page.evaluate(() => {
          const px = (selector: string) => [...document.querySelectorAll(selector)].filter((e) => e.getClientRects().length > 0).map((e) => parseFloat(getComputedStyle(e).fontSize));
          return { headings: px('h3'), titles: px('h2, h4'), labels: px('.top-classes button, .legend-ticks span, .lesson, .status-line') };
        });
        expect(fontSizes.titles.length).toBeGreaterThan(3);
        expect(Math.min(...fontSizes.headings), 'class headings at least 28 px').toBeGreaterThanOrEqual(28);
        // The maps' and the input's titles are fitted to their column on one line, never under 15 px (presentation-layout.ts).
        expect(Math.min(...fontSizes.titles), 'titles at least 15 px').toBeGreaterThanOrEqual(15);
        expect(Math.min(...fontSizes.labels), 'labels at least 22 px').toBeGreaterThanOrEqual(22);
        // The shortcuts dialog shows every shortcut without scrolling.
        await page.keyboard.press('?');
        const help = page.getByTestId('help-dialog');
        await expect(help).toBeVisible();
        const fits = await help.evaluate((d) => d.scrollHeight <= d.clientHeight + 1 && d.getBoundingClientRect().bottom <= innerHeight);
        await page.screenshot({ path: `${SCREENS}/${mode.name}-help-${size.width}x${size.height}.png` });
        expect(fits, 'the help dialog fits the screen').toBe(true);
        await page.keyboard.press('Escape');
      }
    });
  }
}

test('a phone following a lesson link: no sideways scrolling, each picture within the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const query of ['', '&present=1&compare=2&captions=1']) {
    await page.goto(`/?model=e2e-tiny&example=dog${query}`);
    await waitForMaps(page);
    const sticksOut = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} (right edge ${Math.round(e.getBoundingClientRect().right)})`));
    expect(sticksOut, `sideways overflow ${query}`).toEqual([]);
    for (const box of await boxes(page, ['[data-testid=model-view]', ...RULES.map((m) => `[data-testid=map-${m}]`)])) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, box.name).toBeLessThanOrEqual(390.5);
      expect(box.width, box.name).toBeGreaterThan(300);
    }
  }
});

// The sanity check in presentation mode, on the real model's 17 layers: strips, chart and caption on one screen (one cascade, both sizes).
test('layout present-sanity at 1280×720 and 1920×1080', async ({ page }, testInfo) => {
  test.setTimeout(6 * 60_000);
  await page.setViewportSize({ width: PROJECTOR.width, height: PROJECTOR.height });
  await page.goto('/?example=dog&backend=wasm&present=1&sanity=1');
  await expect(page.getByTestId('sanity')).toHaveAttribute('data-steps-done', '17', { timeout: 5 * 60_000 });
  for (const size of [PROJECTOR, DESKTOP]) {
    await page.setViewportSize({ width: size.width, height: size.height });
    mkdirSync(SCREENS, { recursive: true });
    const path = `${SCREENS}/present-sanity-${size.width}x${size.height}.png`;
    await page.screenshot({ path });
    await testInfo.attach(`present-sanity ${size.width}×${size.height}`, { path, contentType: 'image/png' });
    const scroll = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
    expect(scroll.height, 'presentation mode fits the screen: no scrolling').toBeLessThanOrEqual(size.height);
    expect(scroll.width, 'no sideways scrolling').toBeLessThanOrEqual(size.width);
    const laidOut = await boxes(page, ['[data-testid=model-view]', '.sanity-strips', '[data-testid=sanity-chart]', '[data-testid=sanity-caption]']);
    for (const [i, a] of laidOut.entries()) {
      expect(a.y + a.height, `${a.name} above the bottom of the screen`).toBeLessThanOrEqual(size.height + 0.5);
      for (const b of laidOut.slice(i + 1)) expect(overlap(a, b), `${a.name} overlaps ${b.name}`).toBe(false);
    }
    const cell = (await page.getByTestId('sanity-guided-17').boundingBox())!;
    expect(cell.width, 'a strip\'s maps').toBeGreaterThanOrEqual(36);
    const fontSizes = await page.evaluate(() => ['#sanity-title', '.sanity-caption', '.sanity-method', '.sanity-keys', '.sanity-step']
      .map((s) => [s, Math.min(...[...document.querySelectorAll(s)].map((e) => parseFloat(getComputedStyle(e).fontSize)))] as const));
    expect(fontSizes[0]![1], 'title at least 28 px').toBeGreaterThanOrEqual(28);
    for (const [selector, px] of fontSizes.slice(1)) expect(px, `${selector}: labels (the layer names too) at least 22 px`).toBeGreaterThanOrEqual(22);
  }
});

// G, N and I on a laptop: the new line of maps comes into view, not below the fold (the tiny model has the same 299×299 layout); D the faithfulness test.
test('at 1366×768, G, N and I bring their new maps on screen, and D the faithfulness test', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/?model=e2e-tiny&example=dog&samples=4&steps=4&patch=100&stride=100');
  await waitForMaps(page);
  const onScreen = async (method: string) => {
    const box = (await page.getByTestId(`map-${method}`).boundingBox())!;
    return box.y >= -0.5 && box.y + box.height <= 768.5;
  };
  const rows = [['g', ['gradcam', 'guided-gradcam']], ['n', ['smooth-vanilla', 'smooth-deconvnet', 'smooth-guided']], ['i', ['integrated-gradients', 'occlusion']]] as const;
  for (const [key, methods] of rows) {
    await page.keyboard.press(key);
    await waitForMaps(page);
    for (const method of methods) await expect.poll(() => onScreen(method), `${method} on screen after ${key.toUpperCase()}`).toBe(true);
  }
  await page.keyboard.press('d');
  await expect.poll(async () => {
    const box = (await page.getByTestId('evaluation').boundingBox())!;
    return box.y >= -0.5 && box.y < 768 / 2;
  }, 'the faithfulness test comes into view after D').toBe(true);
});

import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test, TINY, waitForMaps } from './helpers.ts';
import { checkScreen } from './screen-checks.ts';

/**
 * Presentation mode at the screens classrooms have, with each lesson switch a teacher turns on: one
 * screen, nothing scrolled, overlapped or cut, and the maps at least as large as these (the tiny model
 * has Inception V3's 299×299 input and the same rows, so its layout is the real one's).
 */
const SCREENS = [
  { width: 1280, height: 720, twoLines: 220, fourLines: 150 },
  { width: 1366, height: 768, twoLines: 230, fourLines: 160 },
  { width: 1920, height: 1080, twoLines: 330, fourLines: 230 },
];
const GRAD_CAM = 'methods=vanilla,deconvnet,guided,gradcam,guided-gradcam';
const SMOOTH = 'methods=vanilla,deconvnet,guided,smooth-vanilla,smooth-deconvnet,smooth-guided';
const ATTRIBUTION = 'methods=vanilla,deconvnet,guided,integrated-gradients,occlusion';
const COMPARE = 'compare=23';
/**
 * Each combination and the least map side it must show: `two` and `four` (the targets for two and four
 * lines of maps; one line and the faithfulness test's line over its panel are held to the four-line
 * one), none for the sanity check's strips (sized by their own rule).
 */
const SWITCHES = [
  { name: 'one row', query: '', least: 'two' },
  { name: 'Compare', query: COMPARE, least: 'two' },
  { name: 'Grad-CAM', query: GRAD_CAM, least: 'two' },
  { name: 'SmoothGrad', query: SMOOTH, least: 'two' },
  { name: 'IG & occlusion', query: ATTRIBUTION, least: 'two' },
  { name: 'sanity check', query: 'sanity=1', least: undefined },
  { name: 'faithfulness test', query: 'evaluate=1', least: 'four' },
  { name: 'Compare + Grad-CAM', query: `${COMPARE}&${GRAD_CAM}`, least: 'four' },
  { name: 'Compare + SmoothGrad', query: `${COMPARE}&${SMOOTH}`, least: 'four' },
  { name: 'Compare + why the first', query: `${COMPARE}&contrast=1`, least: 'four' },
] as const;
/** Few samples, steps and patches: the layout is the same, the maps come in seconds. */
const FAST = 'samples=4&steps=4&patch=100&stride=100';

async function openLesson(page: Page, query: string) {
  await page.goto(`/?${TINY}&example=eagle&present=1&${FAST}${query ? `&${query}` : ''}`);
  if (query.includes('sanity')) await expect(page.getByTestId('status')).toHaveText(/^Done in/);
  else await waitForMaps(page);
  for (const panel of await page.locator('[data-compare-method]').all()) await expect(panel).toHaveAttribute('data-state', 'done');
  for (const panel of await page.locator('[data-contrast-method]').all()) await expect(panel).toHaveAttribute('data-state', 'done');
  if (query.includes('sanity')) await expect(page.getByTestId('sanity-caption')).not.toBeEmpty();
  if (query.includes('evaluate')) await expect(page.getByTestId('evaluation-caption')).not.toBeEmpty();
}

for (const screen of SCREENS) {
  for (const lesson of SWITCHES) {
    test(`presentation at ${screen.width}×${screen.height}: ${lesson.name}`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width: screen.width, height: screen.height });
      await openLesson(page, lesson.query);
      // Kept before the checks, so a failing layout can be seen.
      mkdirSync('test-results/present', { recursive: true });
      const path = `test-results/present/${screen.width}x${screen.height}-${lesson.name.replace(/\W+/g, '-')}.png`;
      await page.screenshot({ path });
      await testInfo.attach(lesson.name, { path, contentType: 'image/png' });
      const check = await checkScreen(page);
      expect(check.scroll, 'one screen: no scrolling').toEqual({ width: screen.width, height: screen.height });
      expect(check.overlaps, 'text over text or a picture').toEqual([]);
      // The sanity check's title keeps one line and ends in an ellipsis where its progress is longer than the screen is wide (its own rule).
      const cutTitle = (line: string) => lesson.least === undefined && /sanity-progress|"Sanity check ·/.test(line);
      expect(check.clipped.filter((line) => !cutTitle(line)), 'text cut off').toEqual([]);
      expect(check.emptyRight, 'an empty band on the right').toBeLessThanOrEqual(0.15);
      if (lesson.least) {
        const least = lesson.least === 'two' ? screen.twoLines : screen.fourLines;
        const maps = Object.entries(check.maps).filter(([id]) => id !== 'model-view');
        expect(maps.length).toBeGreaterThanOrEqual(3);
        for (const [id, side] of maps) expect(side, `${id}'s side`).toBeGreaterThanOrEqual(least);
        // With four lines at the smaller screens, the rule gives titles two lines rather than type under 15 px.
        if (lesson.least === 'two') expect(check.wrappedTitles, 'titles on one line').toEqual([]);
      }
    });
  }
}

test('a notice (a link with a value it ignores) floats over the lesson, which still fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openLesson(page, `${COMPARE}&${GRAD_CAM}&view=sideways`);
  await expect(page.getByTestId('notice')).toBeVisible();
  const check = await checkScreen(page);
  expect(check.scroll, 'one screen: no scrolling').toEqual({ width: 1280, height: 720 });
  for (const [id, side] of Object.entries(check.maps)) if (id !== 'model-view') expect(side, `${id}'s side`).toBeGreaterThanOrEqual(150);
});

test('a phone following a lesson link: each combination in one column, no sideways scrolling, nothing over anything', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const lesson of SWITCHES) {
    await openLesson(page, lesson.query);
    const check = await checkScreen(page);
    expect(check.scroll.width, `${lesson.name}: no sideways scrolling`).toBe(390);
    expect(check.overlaps, `${lesson.name}: text over text or a picture`).toEqual([]);
    for (const [id, side] of Object.entries(check.maps)) expect(side, `${lesson.name}: ${id} the screen's width`).toBeGreaterThan(300);
  }
});

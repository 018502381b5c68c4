import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, TINY, waitForMaps } from './helpers.ts';

/** axe-core's WCAG 2.1 A/AA rules: no serious or critical violation, in every mode a lesson uses. */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

const MODES = [
  { name: 'normal, light', query: '', colorScheme: 'light' as const },
  { name: 'normal, dark', query: '', colorScheme: 'dark' as const },
  { name: 'presentation, compare and captions', query: '&present=1&compare=2&captions=1', colorScheme: 'light' as const },
  { name: 'Integrated Gradients, occlusion and the faithfulness test', query: '&methods=vanilla%2Cguided%2Cintegrated-gradients%2Cocclusion&steps=4&patch=100&stride=100&evaluate=1', colorScheme: 'light' as const },
];

for (const mode of MODES) {
  test(`axe: no serious or critical violations (${mode.name})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: mode.colorScheme });
    await page.goto(`/?${TINY}&example=dog${mode.query}`);
    await waitForMaps(page);
    if (mode.query.includes('captions')) await expect(page.getByTestId('relu-diagram')).toBeVisible();
    if (mode.query.includes('evaluate')) await expect(page.getByTestId('evaluation')).toHaveAttribute('data-steps-done', '19', { timeout: 120_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('?');
    await expect(page.getByTestId('help-dialog')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('the page follows the system colour scheme, and presentation mode is dark either way', async ({ page }) => {
  const background = () => page.evaluate(() => getComputedStyle(document.querySelector('.app')!).backgroundColor || getComputedStyle(document.documentElement).backgroundColor);
  const rootBackground = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`/?${TINY}&example=dog`);
  expect(await rootBackground()).toBe('rgb(250, 250, 250)');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await rootBackground()).toBe('rgb(18, 18, 18)');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('p');
  expect(await background()).toBe('rgb(0, 0, 0)');
});

test('every control is reached with Tab and shows where the focus is; reduced motion turns transitions off', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`/?${TINY}&example=dog&present=1`);
  await waitForMaps(page);
  // The discreet bar of presentation mode opens when a control in it has the focus.
  const reached = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      const name = element.getAttribute('aria-label') ?? (element as HTMLInputElement).labels?.[0]?.textContent ?? element.textContent ?? '';
      return { name: name.trim(), outline: parseFloat(style.outlineWidth), visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden' };
    });
    expect(focus.visible, `${focus.name} is visible when focused`).toBe(true);
    expect(focus.outline, `${focus.name} shows focus`).toBeGreaterThanOrEqual(2);
    reached.add(focus.name);
  }
  for (const name of ['Present P', 'Compare C', 'Link L', 'Open an image…', 'Shared scale']) {
    expect([...reached].some((r) => r.startsWith(name)), `${name} reached`).toBe(true);
  }
  expect(await page.locator('.controls').evaluate((e) => getComputedStyle(e).transitionDuration)).toBe('0s');
});

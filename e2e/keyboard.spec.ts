import { COMMANDS } from '../src/app/commands.ts';
import { expect, test, TINY, waitForMaps } from './helpers.ts';

test('a lesson from the keyboard alone: help, next example, second class, map views, shared scale', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog`);
  await waitForMaps(page);

  await page.keyboard.press('?');
  const help = page.getByTestId('help-dialog');
  await expect(help).toBeVisible();
  await expect(help.locator('tr')).toHaveCount(COMMANDS.length);
  for (const command of COMMANDS) await expect(help).toContainText(command.description);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-example=eagle]')).toHaveAttribute('aria-pressed', 'true');
  await waitForMaps(page);

  const second = await page.locator('.top-classes button').nth(1).getAttribute('data-class');
  await page.keyboard.press('2');
  await expect(page.locator('.top-classes button').nth(1)).toHaveAttribute('aria-pressed', 'true');
  await waitForMaps(page);
  for (const method of ['vanilla', 'deconvnet', 'guided']) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-class', second!);

  await page.keyboard.press('m');
  await expect(page.getByLabel('Signed')).toBeChecked();
  await page.keyboard.press('m');
  await expect(page.getByLabel('Magnitude')).toBeChecked();
  await expect(page.getByLabel('Overlay on image')).toBeChecked();
  await page.keyboard.press('s');
  await expect(page.getByLabel('Shared scale')).toBeChecked();
  await expect(page).toHaveURL(new RegExp(`example=eagle&class=${second}.*scale=shared&overlay=1`));

  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('[data-example=dog]')).toHaveAttribute('aria-pressed', 'true');
  await waitForMaps(page);
});

test('any of the 1000 classes from the search box: / to find, Enter to explain, Esc back to the shortcuts', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog`);
  await waitForMaps(page);
  await page.keyboard.press('/');
  const search = page.getByTestId('class-search');
  await expect(search).toBeFocused();
  // Typing in the field is not taken for shortcuts ("m" and "s" would change the view).
  await page.keyboard.type('mountain bi');
  await expect(page.getByLabel('Magnitude')).toBeChecked();
  await expect(page.getByLabel('Shared scale')).not.toBeChecked();
  await page.keyboard.press('Enter');
  await waitForMaps(page);
  await expect(page.getByTestId('map-class')).toHaveText('mountain bike');
  for (const method of ['vanilla', 'deconvnet', 'guided']) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-class', '672');
  await expect(page).toHaveURL(/class=672/);

  await page.keyboard.press('/');
  await page.keyboard.type('qqq');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'No single class matches “qqq”' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(search).not.toBeFocused();
  await page.keyboard.press('c');
  await expect(page.getByTestId('compare-search')).toBeVisible();
  await page.getByTestId('compare-search').fill('crane (135)');
  await page.getByTestId('compare-search').press('Enter');
  for (const method of ['vanilla', 'deconvnet', 'guided']) await expect(page.locator(`[data-compare-method=${method}]`)).toHaveAttribute('data-class', '135');
  await expect(page).toHaveURL(/class=672&compare=135/);
});

test('presentation mode: / opens the class search, a class name made of shortcut letters is typed, not run', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&present=1`);
  await waitForMaps(page);
  const downloads: string[] = [];
  page.on('download', (download) => downloads.push(download.suggestedFilename()));
  const search = page.getByTestId('class-search');
  await expect(search).toBeHidden();
  await page.keyboard.press('/');
  await expect(search).toBeVisible();
  await expect(search).toBeFocused();
  // t (captions), e (export), c (compare), a, i, g, r: none may run.
  await page.keyboard.type('tiger cat');
  await page.keyboard.press('Enter');
  await waitForMaps(page);
  await expect(page.getByTestId('map-class')).toHaveText('tiger cat');
  for (const method of ['vanilla', 'deconvnet', 'guided']) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-class', '283');
  await expect(search).toBeHidden();
  await expect(page.getByTestId('toggle-captions')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('toggle-compare')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('toggle-present')).toHaveAttribute('aria-pressed', 'true');
  expect(downloads).toEqual([]);
  await expect(page).toHaveURL(/present=1/);
  await expect(page).not.toHaveURL(/captions=1|compare=/);

  // Esc closes the search without explaining anything; the shortcuts work again at once.
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type('ta');
  await page.keyboard.press('Escape');
  await expect(search).toBeHidden();
  await expect(page.getByTestId('map-class')).toHaveText('tiger cat');
  await page.keyboard.press('t');
  await expect(page.getByTestId('toggle-captions')).toHaveAttribute('aria-pressed', 'true');
});

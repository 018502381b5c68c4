import { unzipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'npyjs';
import sharp from 'sharp';
import { areaUnder } from '../src/shared/faithfulness.ts';
import { agreement, downloadGradient, expect, test, TINY, waitForMaps } from './helpers.ts';

/** Integrated Gradients, occlusion and the faithfulness test, as a person reaches them: links, keys, downloads. */

const ATTRIBUTION = 'methods=vanilla%2Cdeconvnet%2Cguided%2Cintegrated-gradients%2Cocclusion';

test('a link opens Integrated Gradients and occlusion with its settings: progress, completeness in numbers, raw values', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&${ATTRIBUTION}&steps=8&patch=60&stride=30`);
  await waitForMaps(page);
  await expect(page.getByTestId('map-progress-integrated-gradients')).toHaveText(' · 8 of 8 steps');
  // 299 px, a 60 px patch every 30 px and one flush with the edge: 9 rows of patches.
  await expect(page.getByTestId('map-progress-occlusion')).toHaveText(' · 9 of 9 rows of patches');
  const completeness = await page.getByTestId('map-completeness-integrated-gradients').textContent();
  const [sum, baseline, image, percent] = /sum to (\S+); the logit went from (\S+) \(baseline\) to (\S+) \(image\): (-?\d+) % with 8 steps/.exec(completeness!)!.slice(1).map((v) => Number(v.replace('\u2212', '-')));
  expect(percent).toBe(Math.round((100 * sum!) / (image! - baseline!)));

  const ig = await downloadGradient(page, 'integrated-gradients');
  expect(ig.shape).toEqual([299, 299, 3]);
  expect(ig.data.reduce((a, b) => a + b, 0)).toBeCloseTo(sum!, 1);
  const occlusion = await downloadGradient(page, 'occlusion');
  expect(occlusion.shape).toEqual([299, 299, 1]);
  expect(occlusion.data.some((v) => v !== 0)).toBe(true);
  // Pixels under the same patches share one value: the map is blocks of 30 px.
  expect(occlusion.data[0]).toBe(occlusion.data[29 * 299 + 29]);
});

test('I adds the row from the keyboard; a newer class stops Integrated Gradients and occlusion between passes; the settings panel recomputes only what a setting changes', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&steps=256&patch=8&stride=8`);
  await waitForMaps(page);
  await page.keyboard.press('i');
  await expect(page.getByTestId('toggle-attributionFamily')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('map-progress-integrated-gradients')).toHaveText(/ · \d+ of 256 steps/);
  await expect(page.locator('[data-method=integrated-gradients]')).toHaveAttribute('data-state', 'partial');
  expect(new URL(page.url()).searchParams.get('methods')).toBe('vanilla,deconvnet,guided,integrated-gradients,occlusion');
  const firstClass = await page.locator('[data-method=integrated-gradients]').getAttribute('data-class');
  await page.keyboard.press('2');
  await expect(page.locator('[data-method=vanilla]')).not.toHaveAttribute('data-class', firstClass!);
  const second = await page.locator('[data-method=vanilla]').getAttribute('data-class');
  await expect(page.locator('[data-method=integrated-gradients]')).toHaveAttribute('data-class', second!);
  // Stopped again, by a stop: the class choice is the newest job, and the first class's passes no longer run.
  await page.keyboard.press('1');
  await expect(page.locator('[data-method=integrated-gradients]')).toHaveAttribute('data-class', firstClass!);
  await expect(page.locator('[data-method=guided]')).toHaveAttribute('data-state', 'done');

  // Fewer steps and a bigger patch from the settings panel: both maps again, the gradients not.
  const vanillaBefore = await downloadGradient(page, 'vanilla');
  await page.getByText('Settings').click();
  await page.getByTestId('setting-steps').fill('8');
  await page.getByTestId('setting-steps').press('Enter');
  await page.getByTestId('setting-patch').fill('100');
  await page.getByTestId('setting-patch').press('Enter');
  await page.getByTestId('setting-stride').fill('100');
  await page.getByTestId('setting-stride').press('Enter');
  await waitForMaps(page);
  await expect(page.getByTestId('map-progress-integrated-gradients')).toHaveText(' · 8 of 8 steps');
  await expect(page.getByTestId('map-progress-occlusion')).toHaveText(' · 3 of 3 rows of patches');
  expect((await downloadGradient(page, 'vanilla')).data).toEqual(vanillaBefore.data);
  const url = new URL(page.url()).searchParams;
  expect([url.get('steps'), url.get('patch'), url.get('stride')]).toEqual(['8', '100', '100']);
});

test('the faithfulness test from a link and from D: every map\'s curves and the random order\'s, areas, a caption from them, CSV and a 1920 PNG; a newer class starts it again', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&evaluate=1`);
  const panel = page.getByTestId('evaluation');
  await expect(panel).toHaveAttribute('data-steps-done', '19', { timeout: 120_000 });
  for (const kind of ['deletion', 'insertion']) {
    for (const order of ['vanilla', 'deconvnet', 'guided', 'random']) await expect(page.getByTestId(`curve-${kind}-${order}`)).toHaveAttribute('data-points', '21');
  }
  await expect(page.getByTestId('toggle-evaluate')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('evaluation-caption')).toContainText(/Deletion: .* Insertion: /);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Curves .csv' }).click();
  const lines = readFileSync(await (await download).path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('step,fraction of pixels,deletion vanilla,deletion deconvnet,deletion guided,deletion random,insertion vanilla,insertion deconvnet,insertion guided,insertion random');
  const column = (c: number) => lines.slice(1, 22).map((line) => Number(line.split(',')[c]));
  // The ends are shared: the image's probability starts every deletion and ends every insertion.
  expect(new Set([2, 3, 4, 5].map((c) => column(c)[0])).size).toBe(1);
  expect(column(6)[20]).toBe(column(2)[0]);
  // The table's areas are the CSV's curves' areas.
  const deletionArea = Number(await page.locator('[data-order=guided]').getAttribute('data-deletion'));
  expect(deletionArea).toBeCloseTo(areaUnder(column(4))!, 6);

  const png = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Curves PNG' }).click();
  const file = await png;
  expect(file.suggestedFilename()).toMatch(/^faithfulness-.*\.png$/);
  expect((await sharp(await file.path()).metadata()).width).toBe(1920);

  // Another class: a new test for its maps.
  const classBefore = await panel.getAttribute('data-class');
  await page.keyboard.press('2');
  await expect(panel).not.toHaveAttribute('data-class', classBefore!);
  await expect(panel).toHaveAttribute('data-steps-done', '19', { timeout: 120_000 });
  // D turns it off and takes it out of the link.
  await page.keyboard.press('d');
  await expect(panel).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('evaluate')).toBeNull();
});

test('the .npz of every map holds Integrated Gradients with its completeness and occlusion, and says the settings', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&${ATTRIBUTION}&steps=4&patch=100&stride=100`);
  await waitForMaps(page);
  const download = page.waitForEvent('download');
  await page.getByTestId('download-all').click();
  const files = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['integrated-gradients.npy', 'occlusion.npy']));
  const metadata = JSON.parse(new TextDecoder().decode(files['metadata.json']));
  expect(metadata.settings).toMatchObject({ steps: 4, patch: 100, stride: 100 });
  expect(metadata.arrays['integrated-gradients']).toMatch(/after 4 of 4 steps; the attributions sum to/);
  expect(metadata.arrays.occlusion).toMatch(/after 3 of 3 rows of patches/);
});

test('on a photo with the real Inception V3, the Integrated Gradients map equals the formula computed independently (tf.grad in Node, same input tensor)', async ({ page }) => {
  const steps = 16;
  await page.goto(`/?example=dog&methods=integrated-gradients&steps=${steps}`);
  await waitForMaps(page, 5 * 60_000);
  const classIndex = Number(await page.locator('[data-method=integrated-gradients]').getAttribute('data-class'));
  const app = await downloadGradient(page, 'integrated-gradients');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Input tensor .npy' }).click();
  mkdirSync(test.info().outputDir, { recursive: true });
  const referencePath = join(test.info().outputDir, 'ig-reference.npy');
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'test-support/ig-reference.ts', await (await download).path(), String(classIndex), String(steps), referencePath]);
  const bytes = readFileSync(referencePath);
  const reference = parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  expect(reference.shape).toEqual(app.shape);
  const { correlation, relativeMaxError } = agreement(app.data, reference.data as Float32Array);
  console.log(`IG (${steps} steps) against tf.grad: Pearson ${correlation.toFixed(6)}, max error ${relativeMaxError.toExponential(2)} of the max`);
  expect(correlation).toBeGreaterThanOrEqual(0.9999);
  expect(relativeMaxError).toBeLessThanOrEqual(1e-2);
});

import { RULES } from '../src/shared/methods.ts';
import { agreement, downloadGradient, expect, test, waitForMaps } from './helpers.ts';

test('webgl, wasm and cpu compute the same three maps (tiny model)', async ({ page }) => {
  const maps: Record<string, Record<string, Float32Array>> = {};
  for (const backend of ['webgl', 'wasm', 'cpu']) {
    await page.goto(`/?model=e2e-tiny&example=eagle&class=5&backend=${backend}`);
    await waitForMaps(page);
    await expect(page.getByTestId('engine')).toHaveAttribute('data-backend', backend);
    maps[backend] = {};
    for (const method of RULES) maps[backend]![method] = (await downloadGradient(page, method)).data;
  }
  for (const backend of ['wasm', 'cpu']) {
    for (const method of RULES) {
      const { correlation, relativeMaxError } = agreement(maps[backend]![method]!, maps.webgl![method]!);
      expect(correlation, `${backend} vs webgl, ${method}`).toBeGreaterThanOrEqual(0.9999);
      expect(relativeMaxError, `${backend} vs webgl, ${method}`).toBeLessThanOrEqual(1e-2);
    }
  }
});

test('without a hardware GPU the automatic choice is wasm, and the page says why (software WebGL and WebGPU)', async ({ page }) => {
  await page.goto('/?model=e2e-tiny&example=dog');
  await waitForMaps(page);
  await expect(page.getByTestId('engine')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('engine')).toContainText('no hardware GPU');
  await expect(page.getByTestId('engine')).toContainText('WebGL: software-rendered');
  await expect(page.getByTestId('engine')).toContainText('WebGPU: a software (fallback) adapter, google swiftshader');
  // Nothing to time against it: no trial, and nothing kept.
  await expect(page.getByTestId('engine-trials')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('saliency-lens:engine'))).toBeNull();
});

import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { parse } from 'npyjs';
import { METHOD_INFO, METHODS } from '../src/shared/methods.ts';
import { slug } from '../src/app/download.ts';
import { downloadGradient, expect, test, TINY, waitForMaps } from './helpers.ts';

/** Grad-CAM, Guided Grad-CAM, SmoothGrad, Integrated Gradients and occlusion (8 steps, 4×4 patches) beside the three rules, on the tiny model (its feature map is 36×36×16). */
const EVERY_METHOD = `methods=${METHODS.join('%2C')}&steps=8&patch=75&stride=75`;

test('every method from a link: a Grad-CAM row and a SmoothGrad row under the rules, each map in its column, raw values downloadable', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&${EVERY_METHOD}&samples=4`);
  await waitForMaps(page);
  for (const method of METHODS) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-state', 'done');
  for (const method of ['smooth-vanilla', 'smooth-deconvnet', 'smooth-guided']) await expect(page.getByTestId(`map-progress-${method}`)).toHaveText(' · 4 of 4 samples');
  await expect(page.getByTestId('heat-legend')).toBeVisible();
  await expect(page.getByTestId('map-range-gradcam')).toHaveText(/^heat 0 … [\d.e+-]+$/);

  // Counterparts sit under the map they come from.
  const x = async (method: string) => (await page.getByTestId(`map-${method}`).boundingBox())!;
  expect((await x('gradcam')).x).toBeCloseTo((await x('vanilla')).x, 0);
  expect((await x('guided-gradcam')).x).toBeCloseTo((await x('guided')).x, 0);
  expect((await x('smooth-deconvnet')).x).toBeCloseTo((await x('deconvnet')).x, 0);
  expect((await x('gradcam')).y).toBeGreaterThan((await x('vanilla')).y);

  // Grad-CAM at the input's size and at the feature map's own; Guided Grad-CAM is guided backprop times it, pixel by pixel.
  const cam = await downloadGradient(page, 'gradcam');
  expect(cam.shape).toEqual([299, 299, 1]);
  const coarse = await downloadGradient(page, 'gradcam', { button: '36×36 .npy' });
  expect(coarse.shape).toEqual([36, 36, 1]);
  expect(Math.min(...coarse.data)).toBeGreaterThanOrEqual(0);
  const guided = await downloadGradient(page, 'guided');
  const product = await downloadGradient(page, 'guided-gradcam');
  expect(product.shape).toEqual([299, 299, 3]);
  const mismatches = product.data.filter((v, i) => v !== Math.fround(guided.data[i]! * cam.data[Math.floor(i / 3)]!)).length;
  expect(mismatches).toBe(0);
  expect(product.data.some((v) => v !== 0)).toBe(true);
  const smooth = await downloadGradient(page, 'smooth-vanilla');
  expect(smooth.shape).toEqual([299, 299, 3]);

  // One .npz with every map on screen, the input tensor and what they are: the same numbers as each .npy.
  const download = page.waitForEvent('download');
  await page.getByTestId('download-all').click();
  const npz = unzipSync(readFileSync(await (await download).path()));
  const array = (name: string) => {
    const file = npz[`${name}.npy`]!;
    return parse(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  };
  // Every CAM also at its layer's size (Eigen-CAM and Score-CAM too).
  const atLayer = METHODS.filter((m) => METHOD_INFO[m].drawn === 'heat').map((m) => `${m}_coarse.npy`);
  expect(Object.keys(npz).sort()).toEqual([...atLayer, 'input.npy', 'metadata.json', ...METHODS.map((m) => `${m}.npy`)].sort());
  for (const [name, single] of [['gradcam', cam], ['gradcam_coarse', coarse], ['guided', guided], ['guided-gradcam', product], ['smooth-vanilla', smooth]] as const) {
    const packed = array(name);
    expect(packed.shape, name).toEqual(single.shape);
    expect(packed.data, name).toEqual(single.data);
  }
  expect(array('input').shape).toEqual([1, 299, 299, 3]);
  const metadata = JSON.parse(new TextDecoder().decode(npz['metadata.json']));
  expect(metadata.methods).toEqual(METHODS);
  expect(metadata.settings.samples).toBe(4);
  expect(metadata.classes[0].index).toBe(Number(await page.locator('[data-method=vanilla]').getAttribute('data-class')));
});

test('G and N add the Grad-CAM and SmoothGrad rows from the keyboard, computing only their maps; the link keeps them; a newer class stops SmoothGrad', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&samples=64`);
  await waitForMaps(page);
  await page.keyboard.press('g');
  await expect(page.locator('[data-method=guided-gradcam]')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('toggle-camFamily')).toHaveAttribute('aria-pressed', 'true');
  expect(new URL(page.url()).searchParams.get('methods')).toBe('vanilla,deconvnet,guided,gradcam,guided-gradcam');

  await page.keyboard.press('n');
  await expect(page.getByTestId('map-progress-smooth-guided')).toHaveText(/ · \d+ of 64 samples/);
  await expect(page.locator('[data-method=smooth-guided]')).toHaveAttribute('data-state', 'partial');
  // The second most likely class: a newer job, which stops the running mean between samples.
  const firstClass = await page.locator('[data-method=smooth-vanilla]').getAttribute('data-class');
  await page.keyboard.press('2');
  await waitForMaps(page);
  const second = await page.locator('[data-method=vanilla]').getAttribute('data-class');
  expect(second).not.toBe(firstClass);
  for (const method of ['gradcam', 'guided-gradcam', 'smooth-vanilla']) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-class', second!);
  await expect(page.getByTestId('map-progress-smooth-vanilla')).toHaveText(' · 64 of 64 samples', { timeout: 120_000 });
  expect(new URL(page.url()).searchParams.get('methods')).toBe(METHODS.filter((m) => ['gradients', 'cam', 'smooth'].includes(METHOD_INFO[m].family)).join(','));

  // G again: the Grad-CAM row leaves, the others stay.
  await page.keyboard.press('g');
  await expect(page.locator('[data-method=gradcam]')).toHaveCount(0);
  await expect(page.locator('[data-method=smooth-guided]')).toHaveCount(1);
  expect(new URL(page.url()).searchParams.get('methods')).toBe('vanilla,deconvnet,guided,smooth-vanilla,smooth-deconvnet,smooth-guided');
});

test('V adds the CAM variants as two rows from one press, Score-CAM drawn as its channels come; Eigen-CAM is the same for every class, Grad-CAM++ is not', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&channels=8`);
  await waitForMaps(page);
  await page.keyboard.press('v');
  const variants = ['gradcam-pp', 'xgradcam', 'hirescam', 'layercam', 'scorecam', 'eigencam'];
  for (const method of variants) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('toggle-camVariants')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('map-progress-scorecam')).toHaveText(' · 8 of 8 channels');
  expect(new URL(page.url()).searchParams.get('methods')).toBe(['vanilla', 'deconvnet', 'guided', ...variants].join(','));
  // Counterparts in their rows: the variants under the rules, LayerCAM's row under them.
  const box = async (method: string) => (await page.getByTestId(`map-${method}`).boundingBox())!;
  expect((await box('gradcam-pp')).y).toBeGreaterThan((await box('vanilla')).y);
  expect((await box('layercam')).y).toBeGreaterThan((await box('gradcam-pp')).y);
  const [eigen, plusPlus] = [await downloadGradient(page, 'eigencam'), await downloadGradient(page, 'gradcam-pp')];
  expect(eigen.data.some((v) => v > 0)).toBe(true);
  await page.keyboard.press('2');
  await waitForMaps(page);
  await expect(page.locator('[data-method=eigencam]')).toHaveAttribute('data-state', 'done');
  expect((await downloadGradient(page, 'eigencam')).data).toEqual(eigen.data);
  expect((await downloadGradient(page, 'gradcam-pp')).data).not.toEqual(plusPlus.data);
  await page.keyboard.press('v');
  for (const method of variants) await expect(page.locator(`[data-method=${method}]`)).toHaveCount(0);
});

test('the CAMs at another layer: the settings list the model\'s feature maps, an earlier one gives finer maps with the layer in the .npy\'s name, the link keeps it; a link\'s layer the model lacks gives way with a note', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&methods=vanilla%2Cgradcam%2Ceigencam`);
  await waitForMaps(page);
  await expect(page.locator('[data-method=eigencam]')).toHaveAttribute('data-state', 'done');
  const before = await downloadGradient(page, 'gradcam', { button: '36×36 .npy' });
  await page.getByText('Settings').click();
  const picker = page.getByTestId('setting-layer');
  const options = await picker.locator('option').allTextContents();
  expect(options.at(-1)).toMatch(/\(36×36×16\)$/);
  expect(options[0]).toMatch(/\(149×149×8\)$/);
  const first = await picker.locator('option').first().getAttribute('value');
  await picker.selectOption(first!);
  await expect(page.locator('[data-method=gradcam]').getByRole('button', { name: '149×149 .npy' })).toBeVisible();
  await expect(page.locator('[data-method=eigencam]')).toHaveAttribute('data-state', 'done');
  const download = page.waitForEvent('download');
  await page.locator('[data-method=gradcam]').getByRole('button', { name: '149×149 .npy' }).click();
  expect((await download).suggestedFilename()).toContain(`-${slug(first!)}-149x149.npy`);
  expect(new URL(page.url()).searchParams.get('layer')).toBe(first);
  expect(before.shape).toEqual([36, 36, 1]);

  await page.goto(`/?${TINY}&example=dog&methods=vanilla%2Cgradcam&layer=Mixed_6e`);
  await waitForMaps(page);
  await expect(page.locator('[data-method=gradcam]')).toHaveAttribute('data-state', 'done');
  await expect(page.getByText(/has no layer Mixed_6e: the CAMs read its last feature map/)).toBeVisible();
  await expect(page.locator('[data-method=gradcam]').getByRole('button', { name: '36×36 .npy' })).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get('layer')).toBeNull();
});

test('X, why the first class rather than the second: a third row of the maps of logit A − logit B, its vanilla map A\'s minus B\'s, no Eigen-CAM; the link keeps it; without a second class, a notice', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&methods=vanilla%2Cguided%2Cgradcam%2Ceigencam`);
  await waitForMaps(page);
  await page.keyboard.press('x');
  await expect(page.getByText('Compare two classes first (C)')).toBeVisible();
  await expect(page.getByTestId('contrast-row')).toHaveCount(0);

  await page.goto(`/?${TINY}&example=dog&compare=672&methods=vanilla%2Cguided%2Cgradcam%2Ceigencam`);
  await waitForMaps(page);
  await expect(page.locator('[data-compare-method=gradcam]')).toHaveAttribute('data-state', 'done');
  await page.keyboard.press('x');
  const row = page.getByTestId('contrast-row');
  for (const method of ['vanilla', 'guided', 'gradcam']) await expect(row.locator(`[data-contrast-method=${method}]`)).toHaveAttribute('data-state', 'done');
  await expect(row.locator('[data-contrast-method=eigencam]')).toHaveCount(0);
  const first = await page.getByTestId('map-class').textContent();
  const second = await page.getByTestId('compare-class').textContent();
  await expect(page.getByTestId('contrast-classes')).toHaveText(`${first} rather than ${second}`);
  expect(new URL(page.url()).searchParams.get('contrast')).toBe('1');

  const contrastValues = async () => {
    const download = page.waitForEvent('download');
    await row.locator('[data-contrast-method=vanilla]').getByRole('button', { name: 'Values .npy' }).click();
    const bytes = readFileSync(await (await download).path());
    return parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).data as Float32Array;
  };
  const [a, b, difference] = [(await downloadGradient(page, 'vanilla')).data, (await downloadGradient(page, 'vanilla', { second: true })).data, await contrastValues()];
  const largest = (values: Float32Array) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const scale = largest(difference);
  expect(scale).toBeGreaterThan(0);
  expect(largest(difference.map((v, i) => v - (a[i]! - b[i]!)))).toBeLessThan(1e-4 * scale);
  await page.keyboard.press('x');
  await expect(page.getByTestId('contrast-row')).toHaveCount(0);
});

test('the compare view with Grad-CAM: both classes get their maps, and the Grad-CAM maps differ between them', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&compare=672&methods=vanilla%2Cguided%2Cgradcam%2Cguided-gradcam`);
  await waitForMaps(page);
  for (const method of ['vanilla', 'guided', 'gradcam', 'guided-gradcam']) {
    await expect(page.locator(`[data-compare-method=${method}]`)).toHaveAttribute('data-state', 'done');
    await expect(page.locator(`[data-compare-method=${method}]`)).toHaveAttribute('data-class', '672');
  }
  await expect(page.locator('[data-method=deconvnet]')).toHaveCount(0);
  const [first, second] = [await downloadGradient(page, 'gradcam'), await downloadGradient(page, 'gradcam', { second: true })];
  expect(first.data).not.toEqual(second.data);
});

test('SmoothGrad\'s samples, noise and seed from the page: typed in presentation mode without running shortcuts, written to the link, the row computed again', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog&methods=vanilla%2Cdeconvnet%2Cguided%2Csmooth-vanilla%2Csmooth-deconvnet%2Csmooth-guided&samples=4`);
  await waitForMaps(page);
  const firstClass = await page.locator('[data-method=vanilla]').getAttribute('data-class');
  const before = await downloadGradient(page, 'smooth-guided');
  await page.keyboard.press('p');
  await expect(page.getByTestId('app')).toHaveClass(/present/);
  // Closed until asked for, also in presentation mode: the keyboard reaches it through the control bar.
  const settings = page.getByTestId('settings');
  await expect(settings.getByTestId('setting-samples')).toBeHidden();
  await page.getByTestId('toggle-present').focus();
  await settings.locator('summary').focus();
  await page.keyboard.press('Enter');
  const samples = settings.getByTestId('setting-samples');
  await expect(samples).toBeVisible();
  await samples.fill('');
  await samples.pressSequentially('32');
  await samples.press('Enter');
  await expect(page.getByTestId('map-progress-smooth-guided')).toHaveText(' · 32 of 32 samples', { timeout: 60_000 });
  await waitForMaps(page);
  // "3" and "2" were typed, not run: the class is the same.
  await expect(page.locator('[data-method=vanilla]')).toHaveAttribute('data-class', firstClass!);
  await expect(page.locator('[data-method=smooth-guided]')).toHaveAttribute('data-class', firstClass!);
  expect(new URL(page.url()).searchParams.get('samples')).toBe('32');

  // Out of range is held to the limits; the seed and the noise change the maps.
  await samples.fill('500');
  await samples.press('Tab');
  await expect(samples).toHaveValue('64');
  await expect(page.getByTestId('map-progress-smooth-guided')).toHaveText(' · 64 of 64 samples', { timeout: 60_000 });
  await settings.getByTestId('setting-noise').fill('0.3');
  await settings.getByTestId('setting-noise').press('Enter');
  await settings.getByTestId('setting-seed').fill('7');
  await settings.getByTestId('setting-seed').press('Enter');
  await expect(page.getByTestId('map-progress-smooth-guided')).toHaveText(' · 64 of 64 samples', { timeout: 60_000 });
  await waitForMaps(page);
  const params = new URL(page.url()).searchParams;
  expect([params.get('samples'), params.get('noise'), params.get('seed')]).toEqual(['64', '0.3', '7']);
  await settings.getByTestId('setting-seed').evaluate((field: HTMLElement) => field.blur());
  await page.keyboard.press('p');
  await expect(page.getByTestId('app')).not.toHaveClass(/present/);
  expect((await downloadGradient(page, 'smooth-guided')).data).not.toEqual(before.data);
});

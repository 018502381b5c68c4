import { canvasState, dropFile, expect, mapStates, pasteFile, test, TINY, TINY_WEBGL, waitForMaps } from './helpers.ts';

const EXAMPLES = 'public/examples';

test.describe('the app on a tiny generated model', () => {
  test('opens an example link on WebGL and draws three different maps', async ({ page }) => {
    await page.goto(`/?${TINY_WEBGL}&example=dog`);
    await waitForMaps(page);
    await expect(page.getByTestId('engine')).toHaveAttribute('data-backend', 'webgl');
    await expect(page.getByTestId('engine')).toContainText('WebGL 2');
    // The tiny model has four ReLU convs: each pass rewrites four ReLU gradients.
    await expect(page.getByTestId('relu-count')).toHaveText('4 ReLUs rewritten');
    const maps = await mapStates(page);
    for (const state of Object.values(maps)) expect(state.distinctColours).toBeGreaterThan(50);
    expect(new Set(Object.values(maps).map((s) => s.hash)).size).toBe(3);
    expect((await canvasState(page, 'model-view')).distinctColours).toBeGreaterThan(1000);
    const top1 = await page.locator('.top-classes button').first().getAttribute('data-class');
    await expect(page).toHaveURL(new RegExp(`[?&]example=dog&class=${top1}(&|$)`));
  });

  test('another class recomputes the vanilla map, the URL follows, and a reload restores the view', async ({ page }) => {
    await page.goto(`/?${TINY}&example=eagle`);
    await waitForMaps(page);
    const before = await mapStates(page);
    const second = page.locator('.top-classes button').nth(1);
    const secondClass = await second.getAttribute('data-class');
    const secondName = await second.locator('.class-name').textContent();
    await second.click();
    await waitForMaps(page);
    await expect(page.getByTestId('map-class')).toHaveText(secondName!);
    const after = await mapStates(page);
    expect(after.vanilla!.hash).not.toBe(before.vanilla!.hash);
    await expect(page).toHaveURL(new RegExp(`[?&]class=${secondClass}(&|$)`));

    await page.getByLabel('Signed').check();
    await page.getByLabel('Shared scale').check();
    await expect(page).toHaveURL(/view=signed&scale=shared/);
    const url = page.url();
    const shown = await mapStates(page);
    await page.reload();
    await waitForMaps(page);
    expect(page.url()).toBe(url);
    await expect(second).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('Signed')).toBeChecked();
    await expect(page.getByLabel('Shared scale')).toBeChecked();
    expect(await mapStates(page)).toEqual(shown);
  });

  test('a dropped file and a pasted image each replace the image and the maps', async ({ page }) => {
    await page.goto(`/?${TINY}&example=dog`);
    await waitForMaps(page);
    const dog = await mapStates(page);
    await dropFile(page, `${EXAMPLES}/eagle.jpg`, 'my-eagle.jpg', 'image/jpeg');
    await expect(page.getByTestId('model-view')).toHaveAttribute('aria-label', /my-eagle\.jpg/);
    await waitForMaps(page);
    const dropped = await mapStates(page);
    for (const m of ['vanilla', 'deconvnet', 'guided'] as const) expect(dropped[m]!.hash).not.toBe(dog[m]!.hash);
    await expect(page).not.toHaveURL(/example=/);

    await pasteFile(page, `${EXAMPLES}/coffee.jpg`, 'clipboard.jpg', 'image/jpeg');
    await expect(page.getByTestId('model-view')).toHaveAttribute('aria-label', /clipboard\.jpg/);
    await waitForMaps(page);
    const pasted = await mapStates(page);
    for (const m of ['vanilla', 'deconvnet', 'guided'] as const) expect(pasted[m]!.hash).not.toBe(dropped[m]!.hash);
  });

  test('a file that is not an image gets a message and the maps stay', async ({ page }) => {
    await page.goto(`/?${TINY}&example=coffee`);
    await waitForMaps(page);
    const before = await mapStates(page);
    await dropFile(page, 'package.json', 'holiday.jpg', 'image/jpeg');
    await expect(page.getByTestId('job-error')).toContainText('not an image the browser can decode');
    expect(await mapStates(page)).toEqual(before);
    await pasteFile(page, undefined);
    await expect(page.getByTestId('notice')).toContainText('The clipboard holds no image');
  });

  test('an invalid link value is ignored with a notice', async ({ page }) => {
    await page.goto(`/?${TINY}&example=unicorn&class=99999&view=<b>x</b>`);
    await expect(page.getByTestId('notice').first()).toContainText('Ignored example="unicorn"');
    await waitForMaps(page);
    // Whether the model has a class is the model's to say: this one has 1001, and shows its likeliest.
    await expect(page.getByTestId('image-notes')).toContainText('Class 99999 is not one of');
    await expect(page.locator('b')).toHaveCount(0);
  });
});

import { parse } from 'npyjs';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { reduceChannels, topShare } from '../src/shared/render.ts';
import { expect, mapStates, test, waitForMaps } from './helpers.ts';

/** The real Inception V3, end to end in the browser: minutes on software WebGL. */
test('the real model on the dog example: malamute, three distinct maps, guided sparser than vanilla', async ({ page }) => {
  await page.goto('/?example=dog');
  await waitForMaps(page, 8 * 60_000);
  await expect(page.getByTestId('engine')).toHaveAttribute('data-backend', 'webgl');
  await expect(page.locator('.top-classes button').first().locator('.class-name')).toHaveText('malamute');
  // Inception V3: 95 convs, all but the logits conv followed by a ReLU.
  await expect(page.getByTestId('relu-count')).toHaveText('94 ReLUs rewritten');
  const maps = await mapStates(page);
  expect(new Set(Object.values(maps).map((s) => s.hash)).size).toBe(3);

  const vanilla = await downloadNpy(page, 'vanilla', 'Gradient .npy');
  const guided = await downloadNpy(page, 'guided', 'Gradient .npy');
  expect(vanilla.shape).toEqual([299, 299, 3]);
  const share = (g: Float32Array) => topShare(reduceChannels(g, 'magnitude'));
  console.log(`top 5 % share of |g|: vanilla ${share(vanilla.data).toFixed(3)}, guided ${share(guided.data).toFixed(3)}`);
  expect(share(guided.data)).toBeGreaterThan(share(vanilla.data));

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Input tensor .npy' }).click();
  const input = parse(new Uint8Array(readFileSync(await (await download).path())).buffer);
  expect(input.shape).toEqual([1, 299, 299, 3]);
});

async function downloadNpy(page: Page, method: string, button: string) {
  const download = page.waitForEvent('download');
  await page.locator(`[data-method=${method}]`).getByRole('button', { name: button }).click();
  const bytes = readFileSync(await (await download).path());
  const array = parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { shape: array.shape, data: array.data as Float32Array };
}

import { expect, test as base, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { METHODS } from '../src/shared/methods.ts';

/** Every test fails on an uncaught page or worker error. */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
    expect(errors).toEqual([]);
  }, { auto: true }],
});
export { expect };

export const TINY = 'model=e2e-tiny';

export async function waitForMaps(page: Page, timeout = 120_000): Promise<void> {
  await expect(page.getByTestId('status')).toHaveText(/^Done in/, { timeout });
  for (const method of METHODS) await expect(page.locator(`[data-method=${method}]`)).toHaveAttribute('data-state', 'done');
}

/** The RGBA bytes drawn on a canvas, as a compact fingerprint and a "was anything drawn" flag. */
export async function canvasState(page: Page, testId: string): Promise<{ hash: string; distinctColours: number }> {
  return page.getByTestId(testId).evaluate(async (canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const digest = await crypto.subtle.digest('SHA-256', data);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return { hash: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''), distinctColours: colours.size };
  });
}

export async function mapStates(page: Page) {
  return Object.fromEntries(await Promise.all(METHODS.map(async (m) => [m, await canvasState(page, `map-${m}`)] as const)));
}

/** Dispatches a drop of real file bytes on the page, as a person dragging a file from the desktop would. */
export async function dropFile(page: Page, path: string, name: string, type: string) {
  await page.evaluate(async ({ base64, name, type }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type }));
    for (const kind of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  }, { base64: readFileSync(path).toString('base64'), name, type });
}

export async function pasteFile(page: Page, path: string | undefined, name = 'image.png', type = 'image/png') {
  await page.evaluate(async ({ base64, name, type }) => {
    const transfer = new DataTransfer();
    if (base64) transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, { base64: path ? readFileSync(path).toString('base64') : '', name, type });
}

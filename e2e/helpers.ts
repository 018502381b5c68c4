import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parse } from 'npyjs';
import sharp from 'sharp';
import { RULES } from '../src/shared/methods.ts';

/**
 * Every test fails on an uncaught page or worker error, on a Content-Security-Policy violation, and
 * on any request that leaves the app's origin (images never leave the browser).
 */
export const test = base.extend<{ pageErrors: string[]; outsideRequests: string[]; allowedOrigins: string[] }>({
  /** Other origins a test lets the page reach (a picture server for ?image= links). */
  allowedOrigins: [[], { option: true }],
  pageErrors: [async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) errors.push(message.text());
    });
    await use(errors);
    expect(errors).toEqual([]);
  }, { auto: true }],
  outsideRequests: [async ({ context, baseURL, allowedOrigins }, use) => {
    const outside: string[] = [];
    const origin = new URL(baseURL!).origin;
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== origin && !allowedOrigins.includes(url.origin) && url.protocol !== 'blob:' && url.protocol !== 'data:') outside.push(request.url());
    });
    await use(outside);
    expect(outside).toEqual([]);
  }, { auto: true }],
});
export { expect };

/** The tiny generated model on the backend a person here gets (wasm: WebGL is software-rendered). */
export const TINY = 'model=e2e-tiny';
/** The same on WebGL, for what only WebGL does (shaders, a lost GPU context). */
export const TINY_WEBGL = 'model=e2e-tiny&backend=webgl';

export async function waitForMaps(page: Page, timeout = 120_000): Promise<void> {
  await expect(page.getByTestId('status')).toHaveText(/^Done in/, { timeout });
  const panels = page.locator('[data-method]');
  await expect(panels.first()).toBeVisible();
  for (const panel of await panels.all()) await expect(panel).toHaveAttribute('data-state', 'done');
}

/**
 * Clicks, then waits for the job the click started to finish. A job on the tiny model can finish
 * before a poll ever sees "Computing", so a MutationObserver, set up before the click, watches for it.
 */
export async function clickAndWaitForJob(page: Page, target: Locator): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { jobStarted?: boolean };
    w.jobStarted = false;
    const status = document.querySelector('[data-testid=status]')!;
    new MutationObserver((_, observer) => {
      if (!status.textContent?.startsWith('Computing')) return;
      w.jobStarted = true;
      observer.disconnect();
    }).observe(status, { subtree: true, childList: true, characterData: true });
  });
  await target.click();
  await page.waitForFunction(() => (window as unknown as { jobStarted?: boolean }).jobStarted);
  await waitForMaps(page);
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

/** Chromium lets a page start ten downloads, then blocks the next until it navigates. */
const DOWNLOADS_PER_VISIT = 10;

/** The methods split into visits whose downloads (downloadsEach per method) stay within Chromium's limit. */
export function inVisits<T>(methods: readonly T[], downloadsEach = 1): T[][] {
  const perVisit = Math.floor(DOWNLOADS_PER_VISIT / downloadsEach);
  return Array.from({ length: Math.ceil(methods.length / perVisit) }, (_, i) => methods.slice(i * perVisit, (i + 1) * perVisit));
}

/** Downloads a map's raw values through one of its ".npy" buttons, as a person would (second: the compare view's second row). */
export async function downloadGradient(page: Page, method: string, { second = false, button = 'Values .npy' } = {}): Promise<{ shape: number[]; data: Float32Array }> {
  const download = page.waitForEvent('download');
  await page.locator(`[data-${second ? 'compare-method' : 'method'}=${method}]`).getByRole('button', { name: button }).click();
  const bytes = readFileSync(await (await download).path());
  const array = parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { shape: array.shape, data: array.data as Float32Array };
}

export async function mapStates(page: Page) {
  return Object.fromEntries(await Promise.all(RULES.map(async (m) => [m, await canvasState(page, `map-${m}`)] as const)));
}

/** Dispatches a drop of real file bytes on the page, as a person dragging files from the desktop would. */
export async function dropFiles(page: Page, files: { path: string; name: string; type: string }[]) {
  const payload = files.map(({ path, name, type }) => ({ base64: readFileSync(path).toString('base64'), name, type }));
  await page.evaluate(async (files) => {
    const transfer = new DataTransfer();
    for (const { base64, name, type } of files) transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
    for (const kind of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  }, payload);
}

export function dropFile(page: Page, path: string, name: string, type: string) {
  return dropFiles(page, [{ path, name, type }]);
}

/** The RGB of a canvas at a fraction of its width and height. */
export function canvasPixel(page: Page, testId: string, fx: number, fy: number): Promise<[number, number, number]> {
  return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement, [fx, fy]) => {
    const [x, y] = [Math.floor(fx! * canvas.width), Math.floor(fy! * canvas.height)];
    const [r, g, b] = canvas.getContext('2d')!.getImageData(x, y, 1, 1).data;
    return [r!, g!, b!] as [number, number, number];
  }, [fx, fy]);
}

export async function pasteFile(page: Page, path: string | undefined, name = 'image.png', type = 'image/png') {
  await page.evaluate(async ({ base64, name, type }) => {
    const transfer = new DataTransfer();
    if (base64) transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, { base64: path ? readFileSync(path).toString('base64') : '', name, type });
}

/** Pearson correlation and max |a - b| relative to max |b|: how two computations of one map agree. */
export function agreement(a: Float32Array, b: Float32Array): { correlation: number; relativeMaxError: number } {
  const n = a.length;
  const mean = (x: Float32Array) => x.reduce((s, v) => s + v, 0) / n;
  const [ma, mb] = [mean(a), mean(b)];
  let cov = 0, va = 0, vb = 0, maxDiff = 0, maxB = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma, db = b[i]! - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
    maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    maxB = Math.max(maxB, Math.abs(b[i]!));
  }
  return { correlation: cov / Math.sqrt(va * vb), relativeMaxError: maxDiff / maxB };
}

/**
 * A PNG of this size that shows, in each box, the very pixels of a 299×299 canvas on screen,
 * scaled nearest-neighbour (200 sample pixels per box).
 */
export async function expectPngShowsCanvases(page: Page, png: Buffer, size: { width: number; height: number }, cells: { box: { x: number; y: number; width: number; height: number }; testId: string }[]) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([size.width, size.height]);
  const samples = Array.from({ length: 200 }, (_, k) => [(k * 37) % 299, (k * 113) % 299] as const);
  for (const { box, testId } of cells) {
    // Only the sampled pixels cross from the page: a whole canvas is 357,604 numbers.
    const screen = await page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement, points) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, 299, 299).data;
      return points.map(([i, j]) => [0, 1, 2].map((c) => data[(j * 299 + i) * 4 + c]!));
    }, samples);
    let mismatches = 0;
    for (const [k, [i, j]] of samples.entries()) {
      // The centre of source pixel (i, j) in the export's nearest-neighbour scaling.
      const x = Math.floor(box.x + ((i + 0.5) * box.width) / 299);
      const y = Math.floor(box.y + ((j + 0.5) * box.height) / 299);
      const at = (y * info.width + x) * info.channels;
      if ([0, 1, 2].some((c) => data[at + c] !== screen[k]![c])) mismatches++;
    }
    expect(mismatches, `${testId} in the export`).toBe(0);
  }
}

import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { expect, test, waitForMaps } from './helpers.ts';

/**
 * ?image= links against a real picture server on another origin (another port of this machine):
 * one path sends CORS headers, one does not, and a third origin has nothing listening.
 */
let server: Server;
const PICTURE_PORT = 4179;
const origin = `http://localhost:${PICTURE_PORT}`;
const NOBODY = 'http://127.0.0.1:9';
const served: string[] = [];
const dog = readFileSync('public/examples/dog.jpg');

test.beforeAll(async () => {
  server = createServer((request, response) => {
    served.push(request.url!);
    const cors = request.url!.startsWith('/cors/');
    response.writeHead(request.url!.endsWith('.jpg') ? 200 : 404, {
      'Content-Type': 'image/jpeg',
      ...(cors ? { 'Access-Control-Allow-Origin': '*' } : {}),
    });
    response.end(request.url!.endsWith('.jpg') ? dog : undefined);
  });
  await new Promise<void>((resolve) => server.listen(PICTURE_PORT, 'localhost', resolve));
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
test.use({ allowedOrigins: [origin, NOBODY] });

test.describe('a picture from the web', () => {
  test('loads when its host allows CORS, and the link keeps it', async ({ page }) => {
    const url = `${origin}/cors/dog%20photo.jpg`;
    await page.goto(`/?image=${encodeURIComponent(url)}&backend=wasm`);
    await waitForMaps(page, 3 * 60_000);
    await expect(page.locator('.top-classes button').first().locator('.class-name')).toHaveText('malamute');
    await expect(page.getByTestId('model-view')).toHaveAttribute('aria-label', /localhost:\d+: dog photo\.jpg/);
    expect(new URL(page.url()).searchParams.get('image')).toBe(url);
    expect(served).toContain('/cors/dog%20photo.jpg');
  });

  test('says so when its host sends no CORS header, or is not there', async ({ page }) => {
    await page.goto(`/?image=${encodeURIComponent(`${origin}/plain/dog.jpg`)}&backend=wasm`);
    await expect(page.locator('.notice', { hasText: /does not let other sites use its pictures \(it sends no CORS header\)/ })).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[data-method=vanilla]')).toHaveAttribute('data-state', 'empty');
    await expect(page.locator('.canvas-note')).toHaveCount(0);

    await page.goto(`/?image=${encodeURIComponent(`${NOBODY}/nothing.jpg`)}&backend=wasm`);
    await expect(page.locator('.notice', { hasText: 'Could not reach 127.0.0.1:9' })).toBeVisible({ timeout: 30_000 });
  });

  test('refuses addresses that are not https (or this machine), with a notice', async ({ page }) => {
    await page.goto(`/?image=${encodeURIComponent('http://example.org/cat.jpg')}&model=e2e-tiny`);
    await expect(page.locator('.notice', { hasText: 'Ignored image="http://example.org/cat.jpg" in the link: expected an https:// address of a picture.' })).toBeVisible();
    await waitForMaps(page);
  });
});

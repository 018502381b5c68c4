import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { RULES } from '../src/shared/methods.ts';
import { CONTENT_SECURITY_POLICY } from '../vite.config.ts';
import { agreement, downloadGradient, expect, test, waitForMaps } from './helpers.ts';
import { ISOLATED_HEADERS, serveDist, type StaticHost } from './static-host.ts';

/**
 * The built app on static hosts as they come: one that sends no headers at all, and one that sends
 * the cross-origin isolation headers (COOP + COEP require-corp) that turn on SharedArrayBuffer and
 * WebAssembly threads. Both draw maps, and the maps are the same with one thread and with several.
 */
const PLAIN_PORT = 4181;
const ISOLATED_PORT = 4182;
const BROKEN_THREADS_PORT = 4183;
const STRICT_CSP_PORT = 4184;
const STUCK_ONCE_PORT = 4185;
const hosts: StaticHost[] = [];
const plain = `http://127.0.0.1:${PLAIN_PORT}`;
const isolated = `http://127.0.0.1:${ISOLATED_PORT}`;
const brokenThreads = `http://127.0.0.1:${BROKEN_THREADS_PORT}`;
const strictCsp = `http://127.0.0.1:${STRICT_CSP_PORT}`;
const stuckOnce = `http://127.0.0.1:${STUCK_ONCE_PORT}`;
/** The app's own policy less blob: workers and scripts, as a host with its own stricter policy would send. */
const CSP_WITHOUT_BLOB = CONTENT_SECURITY_POLICY.replace(/ blob:(?=;)/g, '');
const expectedThreads = Math.min(8, os.availableParallelism());
const realMaps: Record<string, Float32Array> = {};

test.describe.configure({ mode: 'serial' });
test.use({ allowedOrigins: [plain, isolated, brokenThreads, strictCsp, stuckOnce] });
test.beforeAll(async () => {
  hosts.push(await serveDist(PLAIN_PORT));
  hosts.push(await serveDist(ISOLATED_PORT, ISOLATED_HEADERS));
  // An isolated host that failed to publish the threaded WebAssembly binary: threads cannot start.
  hosts.push(await serveDist(BROKEN_THREADS_PORT, ISOLATED_HEADERS, { missing: /threaded-simd-.*\.wasm$/ }));
  hosts.push(await serveDist(STRICT_CSP_PORT, { ...ISOLATED_HEADERS, 'Content-Security-Policy': CSP_WITHOUT_BLOB }));
  hosts.push(await serveDist(STUCK_ONCE_PORT, ISOLATED_HEADERS, { rewrite: stuckOnceInThreadPool() }));
});
test.afterAll(() => Promise.all(hosts.map((host) => host.close())));

test('served with no headers: one WebAssembly thread, the page says why, and the real model draws its maps', async ({ page }) => {
  await page.goto(`${plain}/?example=dog`);
  await waitForMaps(page, 3 * 60_000);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const engine = page.getByTestId('engine');
  await expect(engine).toHaveAttribute('data-backend', 'wasm');
  await expect(engine).toHaveAttribute('data-threads', '1');
  await expect(page.getByTestId('threads')).toContainText('not cross-origin isolated');
  await expect(page.locator('.top-classes button').first().locator('.class-name')).toHaveText('malamute');
  for (const method of RULES) realMaps[method] = (await downloadGradient(page, method)).data;
});

test('served cross-origin isolated (require-corp): the threaded build runs a thread per core and draws the same maps', async ({ page }) => {
  await page.goto(`${isolated}/?example=dog`);
  await waitForMaps(page, 3 * 60_000);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const engine = page.getByTestId('engine');
  await expect(engine).toHaveAttribute('data-backend', 'wasm');
  await expect(engine).toHaveAttribute('data-renderer', /threaded build/);
  await expect(engine).toHaveAttribute('data-threads', String(expectedThreads));
  await expect(page.getByTestId('threads')).toContainText('one per logical core');
  await expect(page.locator('.top-classes button').first().locator('.class-name')).toHaveText('malamute');
  for (const method of RULES) {
    const { correlation, relativeMaxError } = agreement((await downloadGradient(page, method)).data, realMaps[method]!);
    console.log(`${method}, ${expectedThreads} threads vs 1: Pearson ${correlation.toFixed(8)}, relative max error ${relativeMaxError.toExponential(2)}`);
    expect(correlation, method).toBeGreaterThanOrEqual(0.99999);
  }
});

test('threads that cannot start: the page restarts on single-threaded WebAssembly, says so, and draws the maps', async ({ page, pageErrors }) => {
  await page.goto(`${brokenThreads}/?example=eagle&model=e2e-tiny`);
  await waitForMaps(page, 2 * 60_000);
  await expect(page.getByTestId('restart-notice')).toContainText('WebAssembly threads failed to start here');
  await expect(page.getByTestId('restart-notice')).toContainText('restarted on single-threaded WebAssembly');
  const engine = page.getByTestId('engine');
  await expect(engine).toHaveAttribute('data-backend', 'wasm');
  await expect(engine).toHaveAttribute('data-threads', '1');
  // The missing binary is reported by tfjs inside the worker; nothing reaches the page uncaught.
  expect(pageErrors).toEqual([]);
});

test('a Content-Security-Policy that forbids blob: workers: one thread, the page says why, and the maps', async ({ page, pageErrors }) => {
  expect(CSP_WITHOUT_BLOB).not.toContain('worker-src \'self\' blob:');
  await page.goto(`${strictCsp}/?example=eagle&model=e2e-tiny`);
  await waitForMaps(page, 2 * 60_000);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('engine')).toHaveAttribute('data-threads', '1');
  await expect(page.getByTestId('threads')).toContainText('Content-Security-Policy');
  // The policy reports the probe worker it refused; nothing else may go wrong.
  expect(pageErrors.filter((e) => !/Content Security Policy.*blob:/s.test(e))).toEqual([]);
  pageErrors.length = 0;
});

/** Where emscripten's glue (inlined in the worker's bundle) makes the thread pool's eight workers. */
const THREAD_POOL_START = 'initMainThread:function(){';

/**
 * The first worker served blocks for good as it starts making its thread pool, where Firefox ESR
 * 153 leaves one at random (inside a thread worker's constructor); the workers after it start.
 */
function stuckOnceInThreadPool() {
  let served = false;
  return (path: string, body: Buffer) => {
    if (served || !/\/assets\/worker-[^/]*\.js$/.test(path)) return body;
    served = true;
    return Buffer.from(body.toString().replace(THREAD_POOL_START, `${THREAD_POOL_START}Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0);`));
  };
}

test('a worker stuck for good while starting its threads: after 10 s of silence the page says so, starts another, and it draws the maps with threads', async ({ page, pageErrors }) => {
  const workerBundle = readdirSync('dist/assets').find((name) => /^worker-.*\.js$/.test(name))!;
  expect(readFileSync(`dist/assets/${workerBundle}`, 'utf8'), 'tfjs-backend-wasm\'s glue changed: find where it makes the thread pool').toContain(THREAD_POOL_START);
  await page.goto(`${stuckOnce}/?example=eagle&model=e2e-tiny`);
  await expect(page.getByTestId('restart-notice')).toContainText('stopped answering while its engine started', { timeout: 30_000 });
  await expect(page.getByTestId('restart-notice')).toContainText('It was restarted;');
  await waitForMaps(page, 2 * 60_000);
  const engine = page.getByTestId('engine');
  await expect(engine).toHaveAttribute('data-backend', 'wasm');
  await expect(engine).toHaveAttribute('data-threads', String(expectedThreads));
  expect(pageErrors).toEqual([]);
});

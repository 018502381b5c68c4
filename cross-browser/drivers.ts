import { chromium } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import puppeteer, { type Browser, type KeyInput, type Page } from 'puppeteer-core';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { CHROMIUM_ARGS } from '../playwright.config.ts';

/**
 * The three engines a class has, driven as their own tools allow here: Chromium through Playwright,
 * Firefox ESR over WebDriver BiDi (puppeteer-core), WebKitGTK's MiniBrowser through WebKitWebDriver
 * (selenium-webdriver) under Xvfb. A Tab is what the tests and the engines' bench need of any: open a
 * page, run a script in it, press a key.
 */
export interface Tab {
  engine: Engine | 'chromium';
  /** The browser and its version, as the driver reports it. */
  browser: string;
  goto(url: string): Promise<void>;
  /** Runs `(async (arg) => { ... })` in the page and returns its JSON result. */
  run<T>(script: string, arg?: unknown): Promise<T>;
  press(key: string): Promise<void>;
  close(): Promise<void>;
}

export const ENGINES = ['firefox', 'webkit'] as const;
export type Engine = (typeof ENGINES)[number];

export const FIREFOX = '/usr/bin/firefox-esr';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** The window the tests see: a laptop's. */
const VIEWPORT = { width: 1366, height: 900 };

/**
 * Every process a driver starts (a browser, WebKitWebDriver, Xvfb) and what they start in turn carry
 * this variable, set to the run's id: the run's end finds by it any that outlived their driver.
 */
export const STARTED_BY = 'SALIENCY_LENS_BROWSERS_STARTED_BY';
/** The run's id, set by whoever owns the run (the suite's global setup); a process on its own is its own run. */
export const RUN_ID = 'SALIENCY_LENS_BROWSERS_RUN';
const runId = () => process.env[RUN_ID] ?? String(process.pid);
const startedEnv = (): Record<string, string> => ({ ...(process.env as Record<string, string>), [STARTED_BY]: runId() });

/** A page script called with its argument, as text a driver evaluates. */
const call = (script: string, arg: unknown) => `(${script})(${JSON.stringify(arg ?? null)})`;

export function openTab(engine: Engine | 'chromium'): Promise<Tab> {
  return { chromium: chromiumTab, firefox: () => firefoxTab(), webkit: webkitTab }[engine]();
}

/**
 * Firefox with its fake camera (a generated picture that changes every frame), allowed without
 * asking: what a class's laptop camera is to the page.
 */
export const firefoxWithFakeCamera = (): Promise<Tab> =>
  firefoxTab({ 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true });

/** Chromium as the Playwright suite runs it (WebGL on SwiftShader, no hardware GPU): the same engine choice, wasm, as the others here. */
async function chromiumTab(): Promise<Tab> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, env: startedEnv() });
  const page = await browser.newPage({ viewport: VIEWPORT });
  return {
    engine: 'chromium',
    browser: `Chromium ${browser.version()} headless`,
    goto: async (url) => void (await page.goto(url)),
    run: (script, arg) => page.evaluate(call(script, arg)) as never,
    press: (key) => page.keyboard.press(key),
    close: () => browser.close(),
  };
}

/**
 * Each visit in a new tab, as a shared link is opened. Under WebDriver BiDi, Firefox ESR 153 leaves
 * about one worker in thirty stuck for good in its constructor when a worker makes it (WebAssembly's
 * thread pool makes eight; the same pages opened without automation never did, 0 of 65), and a tab
 * holding such a worker may never finish its next navigation. The app replaces the stuck worker;
 * the harness leaves the tab behind.
 */
async function firefoxTab(prefs: Record<string, unknown> = {}): Promise<Tab> {
  const browser: Browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, env: startedEnv(), extraPrefsFirefox: prefs });
  let page: Page = await browser.newPage();
  await page.setViewport(VIEWPORT);
  let visited = false;
  return {
    engine: 'firefox',
    browser: `Firefox ${(await browser.version()).replace(/^firefox\//i, '')} headless`,
    goto: async (url) => {
      if (visited) {
        void page.close().catch(() => undefined);
        page = await browser.newPage();
        await page.setViewport(VIEWPORT);
      }
      visited = true;
      await page.goto(url);
    },
    run: (script, arg) => page.evaluate(call(script, arg)) as never,
    press: (key) => page.keyboard.press(key as KeyInput),
    close: () => browser.close(),
  };
}

export interface XDisplay {
  display: string;
  stop(): Promise<void>;
}

/**
 * An X display for MiniBrowser (a window, not a headless mode): a free one Xvfb picks. Whoever starts
 * it stops it (the suite's global setup, the engines' bench): a test worker's exit handlers do not
 * reliably run, and a display server left behind outlives every run.
 */
export function startXvfb(): Promise<XDisplay> {
  const server: ChildProcess = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', `${VIEWPORT.width}x${VIEWPORT.height}x24`], { stdio: ['ignore', 'pipe', 'ignore'], env: startedEnv() });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill();
    await exited;
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.stdout!.once('data', (chunk: Buffer) => resolve({ display: `:${chunk.toString().trim()}`, stop }));
  });
}

async function webkitTab(): Promise<Tab> {
  const port = 4460 + Math.floor(Math.random() * 400);
  if (!process.env.DISPLAY) throw new Error('WebKitGTK needs an X display: set DISPLAY, or start one with startXvfb() (the suite\'s global setup does).');
  const driverProcess = spawn('WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore', env: startedEnv() });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const driver: WebDriver = await new Builder().usingServer(`http://127.0.0.1:${port}`)
    .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } }).build();
  // A script may wait for a whole job (the bench's do).
  await driver.manage().setTimeouts({ script: 10 * 60_000 });
  const capabilities = await driver.getCapabilities();
  return {
    engine: 'webkit',
    browser: `WebKitGTK ${String(capabilities.get('browserVersion'))} (MiniBrowser under Xvfb)`,
    goto: (url) => driver.get(url),
    run: async (script, arg) => {
      const json = await driver.executeAsyncScript(
        `const done = arguments[arguments.length - 1];
         (${script})(arguments[0]).then((value) => done(JSON.stringify({ value })), (error) => done(JSON.stringify({ error: String(error) })));`,
        arg ?? null) as string;
      const { value, error } = JSON.parse(json) as { value: unknown; error?: string };
      if (error) throw new Error(error);
      return value as never;
    },
    press: (key) => driver.actions().sendKeys(key).perform(),
    close: async () => {
      await driver.quit().catch(() => undefined);
      const exited = new Promise((resolve) => driverProcess.once('exit', resolve));
      if (driverProcess.exitCode === null && driverProcess.signalCode === null && driverProcess.kill()) await exited;
    },
  };
}

/** Polls a page condition (a script returning a truthy value) until it holds. */
export async function waitUntil<T>(tab: Tab, script: string, what: string, timeoutMs = 180_000, arg?: unknown): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    const value = await tab.run<T>(script, arg).catch((error: Error) => {
      last = error.message;
      return undefined;
    });
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${tab.engine}: timed out waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
}

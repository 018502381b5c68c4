import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { OutgoingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISOLATED_HEADERS, serveDist, type StaticHost } from '../e2e/static-host.ts';
import { ENGINES, openTab, waitUntil, type Tab } from './drivers.ts';
import { CATCH_DOWNLOADS, DROP, ENGINE, LAST_DOWNLOAD, MAPS, MAPS_DONE, TEXT, URL_NOW } from './page-scripts.ts';

/**
 * The built app in Firefox ESR and WebKitGTK, as a class uses it, with the real Inception V3 on
 * WebAssembly: served plainly (one thread) and cross-origin isolated (COOP + COEP require-corp, the
 * header set every engine honours). What Chromium alone does (WebGL, WebGPU, layout at every size,
 * axe) stays in the Playwright suite; this one covers what each engine adds: decoding, canvases,
 * downloads, keys, threads.
 */
const HOSTINGS: { name: string; headers: OutgoingHttpHeaders; port: number }[] = [
  { name: 'served plainly', headers: {}, port: 4391 },
  { name: 'cross-origin isolated', headers: ISOLATED_HEADERS, port: 4392 },
];

const file = (path: string, name: string, type: string) => ({ base64: readFileSync(path).toString('base64'), name, type });

for (const engine of ENGINES) {
  for (const hosting of HOSTINGS) {
    describe(`${engine}, ${hosting.name}`, () => {
      let host: StaticHost;
      let tab: Tab;
      beforeAll(async () => {
        host = await serveDist(hosting.port, hosting.headers);
        tab = await openTab(engine);
      });
      afterAll(async () => {
        await tab?.close();
        await host?.close();
      });

      it('the first look: the dog example\'s three maps drawn, on WebAssembly, with as many threads as the engine can share memory with', async () => {
        await tab.goto(`${host.origin}/?example=dog`);
        await waitUntil(tab, MAPS_DONE, 'the first maps');
        const maps = await tab.run<Record<string, { class: string; colours: number }>>(MAPS);
        expect(Object.keys(maps)).toEqual(['vanilla', 'deconvnet', 'guided']);
        for (const [method, map] of Object.entries(maps)) expect(map.colours, method).toBeGreaterThan(50);
        const info = await tab.run<{ backend: string; threads: number; text: string; isolated: boolean }>(ENGINE);
        expect(info.backend).toBe('wasm');
        expect(info.isolated).toBe(hosting.headers['Cross-Origin-Embedder-Policy'] !== undefined);
        console.log(`${engine}, ${hosting.name}: ${info.threads} thread(s): ${/\d+ threads?: [^;]*/.exec(info.text)?.[0]}`);
        if (!info.isolated) expect(info.threads).toBe(1);
        // This WebKitGTK cannot post a shared memory to a worker (DataCloneError).
        else if (engine === 'webkit') expect(info.threads).toBe(1);
        // Firefox shares memory with its workers once isolated. One start in four its thread pool leaves the worker stuck
        // for good; the page starts another, and after two stuck starts in a row it runs one thread, saying so.
        else if (info.threads === 1) expect(await tab.run(TEXT, '[data-testid=restart-notice]')).toMatch(/stopped answering while its engine started.*single-threaded/);
        else expect(info.threads).toBe(Math.min(8, os.availableParallelism()));
      });

      it('another class from the keyboard, then the Grad-CAM row', async () => {
        const before = (await tab.run<Record<string, { class: string }>>(MAPS)).vanilla!.class;
        await tab.press('2');
        await waitUntil(tab, `async () => document.querySelector('[data-method=vanilla]')?.dataset.class !== ${JSON.stringify(before)} && (${MAPS_DONE})()`, 'the second class');
        await tab.press('g');
        await waitUntil(tab, `async () => document.querySelector('[data-method=gradcam]')?.dataset.state === 'done' && (${MAPS_DONE})()`, 'Grad-CAM');
        const maps = await tab.run<Record<string, { class: string; colours: number }>>(MAPS);
        expect(maps.gradcam!.class).toBe(maps.vanilla!.class);
        expect(maps.gradcam!.colours).toBeGreaterThan(50);
      });

      it('the export: a 1920-wide PNG', async () => {
        await tab.run(CATCH_DOWNLOADS);
        await tab.press('e');
        const download = await waitUntil<{ name: string; type: string; width: number }>(tab, LAST_DOWNLOAD, 'the export');
        expect(download.type).toBe('image/png');
        expect(download.width).toBe(1920);
        expect(download.name).toMatch(/\.png$/);
      });

      it('a bad file gets its message and the maps stay; a dropped photo is explained', async () => {
        const before = await tab.run<Record<string, { class: string; colours: number }>>(MAPS);
        await tab.run(DROP, { base64: Buffer.from('not a picture at all').toString('base64'), name: 'holiday.jpg', type: 'image/jpeg' });
        const message = await waitUntil<string>(tab, TEXT, 'the bad file\'s message', 60_000, '[data-testid=job-error]');
        expect(message).toContain('The previous image and maps are kept.');
        expect(await tab.run(MAPS)).toEqual(before);
        await tab.run(DROP, file('public/examples/eagle.jpg', 'eagle.jpg', 'image/jpeg'));
        await waitUntil(tab, `async () => !document.querySelector('[data-testid=job-error]') && (${MAPS_DONE})()`, 'the dropped photo\'s maps');
        expect(await tab.run<string>(TEXT, '.top-classes button .class-name')).toBe('bald eagle');
      });

      it('a copied link reopens the same view: the example, the class and the rows', async () => {
        await tab.goto(`${host.origin}/?example=coffee&class=505&methods=vanilla%2Cdeconvnet%2Cguided%2Cgradcam%2Cguided-gradcam`);
        await waitUntil(tab, MAPS_DONE, 'the linked maps');
        const link = await tab.run<string>(URL_NOW);
        await tab.goto(`${host.origin}/?example=dog`);
        await waitUntil(tab, MAPS_DONE, 'the dog');
        await tab.goto(link);
        await waitUntil(tab, MAPS_DONE, 'the reopened link');
        const maps = await tab.run<Record<string, { class: string }>>(MAPS);
        expect(Object.keys(maps)).toEqual(['vanilla', 'deconvnet', 'guided', 'gradcam', 'guided-gradcam']);
        expect(new Set(Object.values(maps).map((m) => m.class))).toEqual(new Set(['505']));
      });
    });
  }
}

/**
 * npm run bench:camera [-- --frames 1000 --other-frames 60 --skip-build]
 *
 * The live camera on this machine: the built app under `vite preview` (cross-origin isolated, so
 * WebAssembly runs a thread per core), the bundled Inception V3, headless Chromium's fake camera
 * playing a clip of the examples (e2e/camera-clip.ts). For each live choice (Grad-CAM, the three
 * rules, both) it counts the maps drawn and reads the page's own rate and latency (frame captured to
 * maps drawn, the median of the last ten frames), the worker's tensors after each frame (flat, or
 * something leaks) and the main thread's tasks over 50 ms. Writes bench/results-camera.json.
 */
import { chromium } from '@playwright/test';
import { execSync, spawn } from 'node:child_process';
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fakeCameraLaunch } from '../e2e/camera-clip.ts';
import { LIVE_MAPS_IDS, type LiveMaps } from '../src/shared/live-maps.ts';
import { median } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    frames: { type: 'string', default: '1000' },
    'other-frames': { type: 'string', default: '60' },
    out: { type: 'string', default: 'bench/results-camera.json' },
    'skip-build': { type: 'boolean', default: false },
  },
});
const PORT = 4176;
/** Frames drawn before measuring: the first ones pay for the engine's first passes. */
const WARM_FRAMES = 5;

if (!args['skip-build']) execSync('npm run build', { stdio: 'inherit' });
// Vite itself, not through npx: killing npx would leave the server running.
const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 2500));
const loadAverageAtStart = os.loadavg();
const browser = await chromium.launch(fakeCameraLaunch('allow'));
const results: Record<string, unknown>[] = [];
try {
  for (const live of LIVE_MAPS_IDS) {
    const frames = Number(live === 'gradcam' ? args.frames : args['other-frames']);
    results.push(await measure(live, frames));
    console.log(JSON.stringify(results.at(-1)), 'load', os.loadavg());
  }
} finally {
  await browser.close();
  server.kill();
}
// Other work on the machine slows every number here: its load over the run is kept with them.
const machine = { cpu: os.cpus()[0]?.model, cores: os.cpus().length, platform: `${os.platform()} ${os.release()}`, chromium: browser.version(), loadAverageAtStart, loadAverageAtEnd: os.loadavg() };
writeFileSync(args.out, `${JSON.stringify({ date: new Date().toISOString(), machine, warmFrames: WARM_FRAMES, results }, null, 1)}\n`);
console.log(`wrote ${args.out}`);

async function measure(live: LiveMaps, frames: number) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: number[]; drawn: { at: number; frames: number; latencyMs: number; tensors: number | undefined }[] };
    w.longTasks = [];
    w.drawn = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    // Each frame drawn: when, the page's median latency then, and the tensors the worker said it held after it.
    new MutationObserver(() => {
      const rate = document.querySelector('[data-testid=camera-rate]');
      const frames = Number(rate?.getAttribute('data-frames') ?? 0);
      if (!rate || frames === 0 || frames === w.drawn.at(-1)?.frames) return;
      const tensors = document.querySelector('[data-testid=timings]')?.getAttribute('data-tensors');
      w.drawn.push({ at: performance.now(), frames, latencyMs: Number(rate.getAttribute('data-latency-ms')), tensors: tensors ? Number(tensors) : undefined });
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-frames'] });
  });
  await page.goto(`http://127.0.0.1:${PORT}/?example=dog&camera=1&live=${live}`);
  const engine = page.getByTestId('engine');
  await engine.waitFor({ state: 'attached', timeout: 10 * 60_000 });
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=camera-rate]')?.getAttribute('data-frames') ?? 0) >= n, WARM_FRAMES, { timeout: 10 * 60_000, polling: 500 });
  await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=camera-rate]')?.getAttribute('data-frames') ?? 0) >= n, WARM_FRAMES + frames, { timeout: 60 * 60_000, polling: 1000 });
  const { drawn, longTasks } = await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; drawn: { at: number; frames: number; latencyMs: number; tensors?: number }[] };
    return { drawn: w.drawn, longTasks: w.longTasks };
  });
  const measured = drawn.filter((d) => d.frames > WARM_FRAMES);
  const first = measured[0]!;
  const last = measured.at(-1)!;
  const tensors = measured.map((d) => d.tensors).filter((t) => t !== undefined);
  const engineInfo = { backend: await engine.getAttribute('data-backend'), threads: Number(await engine.getAttribute('data-threads')) };
  await page.getByTestId('camera-toggle').click();
  await page.close();
  return {
    live,
    ...engineInfo,
    framesMeasured: last.frames - first.frames,
    mapsPerSecond: Number((((last.frames - first.frames) * 1000) / (last.at - first.at)).toFixed(2)),
    latencyMs: { median: Math.round(median(measured.map((d) => d.latencyMs))), max: Math.round(Math.max(...measured.map((d) => d.latencyMs))) },
    tensors: { first: tensors[0], last: tensors.at(-1), min: Math.min(...tensors), max: Math.max(...tensors), samples: tensors.length },
    longestMainThreadTaskMs: Math.round(Math.max(0, ...longTasks)),
    mainThreadTasksOver50ms: longTasks.length,
  };
}

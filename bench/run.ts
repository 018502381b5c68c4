/**
 * npm run bench [-- --runs 5 --configs auto:plain,auto,webgl,cpu,auto:compare,auto:cam,auto:smooth,auto:ig,auto:occlusion,auto:sanity,auto:evaluate,auto:teachable]
 * Each config is a backend (auto, webgpu, wasm, webgl, cpu), then options: compare opens the compare view (each image's maps
 * for a second class too); plain serves the build from a static host that sends no headers (not
 * cross-origin isolated: WebAssembly on one thread), where the default is `vite preview`, which
 * sends COOP/COEP (a WebAssembly thread per logical core); cam adds the Grad-CAM row, smooth the
 * SmoothGrad row (16 samples), ig Integrated Gradients (32 steps), occlusion the occlusion map (its
 * default patch and stride): what each adds is the new image total over the same backend's
 * config without it; sanity then times the sanity check's whole cascade (every layer randomized in
 * turn, the three maps at each step) on up to three images, evaluate the faithfulness test of the
 * three maps (deletion and insertion curves, and a random order's): its whole job and its first points.
 * densenet201 or resnet50 opens that torchvision model's torch.onnx.export (seeded random weights)
 * by a link, as a PyTorch user would, and times PyTorch-CPU's three maps of it (2 threads, as the
 * page's WebAssembly has here) in the same run: the ratio is the page's forward pass and three maps
 * over PyTorch's three maps (a forward and a backward pass each).
 *
 * Builds the app, drives it in headless Chromium with the real Inception V3 and writes
 * bench/results.json plus a table: model load, warm-up, the first image (cold), then warm runs on new
 * images (forward, each map, all three, backward / forward), per backend, threads and view; the longest main-thread task during a job (PerformanceObserver 'longtask');
 * bundle and model bytes; and the kernel-by-kernel profile of a backward pass on wasm
 * (bench/profile-backward.ts, in Node).
 */
import { chromium, type Page } from '@playwright/test';
import { execSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { FAMILY_INFO, familyMethods, METHOD_INFO, RULES, type Method } from '../src/shared/methods.ts';
import { SETTINGS_DEFAULTS } from '../src/shared/map-settings.ts';
import { serveDist } from '../e2e/static-host.ts';
import { median, stats, type Stat } from './stats.ts';
import { writeModel } from '../e2e/global-setup.ts';
import { layersModelFiles, teachableMetadata, teachableMobileNetV2 } from '../test-support/own-models.ts';
import { exportAndTimePyTorch, exportBytes, PYTORCH_BENCH_MODELS, type PyTorchTimes } from './pytorch-cpu.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    configs: { type: 'string', default: 'auto:plain,auto,webgl,cpu' },
    out: { type: 'string', default: 'bench/results.json' },
    'skip-build': { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const PORT = 4174;
const PLAIN_PORT = 4175;
const WARM_EXAMPLES = ['eagle', 'coffee', 'dog'];

/** Config options that add maps to every job, and what the report calls them. */
const ADDED_MAPS: Record<string, { methods: Method[]; title: string }> = {
  cam: { methods: familyMethods('cam'), title: FAMILY_INFO.cam.title },
  smooth: { methods: familyMethods('smooth'), title: FAMILY_INFO.smooth.title },
  ig: { methods: ['integrated-gradients'], title: METHOD_INFO['integrated-gradients'].title },
  occlusion: { methods: ['occlusion'], title: METHOD_INFO.occlusion.title },
};

interface Row { model: string; pytorchCpu?: { forwardMs: Stat; threeMapsMs: Stat; ratio: number }; sanityCascadeMs?: Stat & { n: number }; evaluation?: { jobMs: Stat; firstPointsMs: Stat }; backend: string; renderer: string; threads: number; view: string; loadMs: number; warmupMs: number; cold: JobTimes; warm: Record<'forwardMs' | 'oneMapMs' | 'threeMapsMs' | 'newImageTotalMs', Stat>; backwardPerForward: number; threeMapsPerForward: number; longestMainThreadTaskMs: number }
interface JobTimes { totalMs: number; forwardMs: number; mapMs: Record<string, number>; longestTaskMs: number }

if (!args['skip-build']) execSync('npm run build', { stdio: 'inherit' });
/** A Teachable Machine export's size and shape (MobileNetV2 α = 0.35, 224×224, random weights), served with the build for `:teachable`. */
const TEACHABLE = 'bench-teachable';
if (args.configs.includes('teachable')) writeModel(TEACHABLE, await layersModelFiles(teachableMobileNetV2(), teachableMetadata()));
/** PyTorch exports served with the build; PyTorch-CPU's times of the same models, taken before the browser starts. */
const PYTORCH_SERVED = 'bench-pytorch';
const pytorchModels = PYTORCH_BENCH_MODELS.filter((name) => args.configs.split(',').some((config) => config.split(':').includes(name)));
const pytorchTimes: Record<string, PyTorchTimes> = pytorchModels.length > 0 ? exportAndTimePyTorch(pytorchModels) : {};
if (pytorchModels.length > 0) writeModel(PYTORCH_SERVED, new Map(pytorchModels.map((name) => [`${name}.onnx`, exportBytes(name)])));
// Vite itself, not through npx: killing npx would leave the server running.
const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore' });
const plainHost = await serveDist(PLAIN_PORT);
await new Promise((resolve) => setTimeout(resolve, 2500));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const results: Record<string, unknown>[] = [];
try {
  for (const config of args.configs.split(',')) {
    const [backend, ...options] = config.split(':');
    const view = options.includes('compare') ? 'compare' : undefined;
    const added = Object.keys(ADDED_MAPS).filter((option) => options.includes(option));
    const methodsParam = added.length ? `&methods=${[...RULES, ...added.flatMap((option) => ADDED_MAPS[option]!.methods)].join('%2C')}` : '';
    const port = options.includes('plain') ? PLAIN_PORT : PORT;
    const teachable = options.includes('teachable');
    const pytorchModel = PYTORCH_BENCH_MODELS.find((name) => options.includes(name));
    const hosted = teachable ? `${TEACHABLE}/model.json` : pytorchModel && `${PYTORCH_SERVED}/${pytorchModel}.onnx`;
    const modelParam = hosted ? `&model=${encodeURIComponent(`http://127.0.0.1:${port}/models/${hosted}`)}` : '';
    const page = await browser.newPage();
    // Main-thread tasks over 50 ms, as the page's own PerformanceObserver sees them.
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    const started = Date.now();
    const backendParam = backend === 'auto' ? '' : `&backend=${backend}`;
    // The dog example's contrast class; the next images are compared with their runner-up.
    const compareParam = view === 'compare' ? '&compare=672' : '';
    await page.goto(`http://127.0.0.1:${port}/?example=dog${backendParam}${compareParam}${methodsParam}${modelParam}`);
    const engine = page.getByTestId('engine');
    await engine.waitFor({ state: 'attached', timeout: 30 * 60_000 });
    const loadMs = Number(await engine.getAttribute('data-load-ms'));
    const warmupMs = Number(await engine.getAttribute('data-warmup-ms'));
    const renderer = (await engine.getAttribute('data-renderer')) ?? '';
    const chosen = await engine.getAttribute('data-backend');
    const threads = Number(await engine.getAttribute('data-threads'));
    const cold = await jobTimes(page);
    const warm: JobTimes[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
      await openExample(page, run);
      warm.push(await jobTimes(page));
      console.log(`${config} warm run ${run + 1}: ${Math.round(warm.at(-1)!.totalMs)} ms`);
    }
    const cascades: number[] = [];
    let cascadeLongestTaskMs = 0;
    if (options.includes('sanity')) {
      await page.keyboard.press('r');
      for (let run = 0; run < Math.min(RUNS, 3); run++) {
        await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
        if (run > 0) await openExample(page, run);
        cascades.push(await cascadeMs(page));
        cascadeLongestTaskMs = Math.max(cascadeLongestTaskMs, await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks)));
        console.log(`${config} cascade ${run + 1}: ${Math.round(cascades.at(-1)!)} ms`);
      }
    }
    const evaluations: { jobMs: number; firstPointsMs: number }[] = [];
    if (options.includes('evaluate')) {
      for (let run = 0; run < Math.min(RUNS, 3); run++) {
        await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
        await watchEvaluation(page);
        // The first test starts on the image on screen; the next ones once a new image's maps are done.
        if (run === 0) await page.keyboard.press('d');
        else await openExample(page, run);
        evaluations.push(await evaluationMs(page));
        cascadeLongestTaskMs = Math.max(cascadeLongestTaskMs, await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks)));
        console.log(`${config} faithfulness test ${run + 1}: ${Math.round(evaluations.at(-1)!.jobMs)} ms, first points after ${Math.round(evaluations.at(-1)!.firstPointsMs)} ms`);
      }
    }
    const threeMaps = (w: JobTimes) => RULES.reduce((sum, m) => sum + w.mapMs[m]!, 0);
    const pytorch = pytorchModel && pytorchTimes[pytorchModel]!.threads['2']!;
    results.push({
      model: teachable ? 'Teachable Machine size (MobileNetV2 α = 0.35, 224×224, random weights)' : pytorchModel ? `PyTorch ${pytorchModel} (torch.onnx.export, seeded random weights)` : 'Inception V3',
      ...(pytorch && {
        pytorchCpu: {
          threads: 2, torch: pytorchTimes[pytorchModel]!.torch, forwardMs: stats(pytorch.forwardMs), threeMapsMs: stats(pytorch.threeMapsMs),
          ratio: Math.round(100 * median(warm.map((w) => w.forwardMs + threeMaps(w))) / median(pytorch.threeMapsMs)) / 100,
        },
      }),
      backend: chosen, threads, crossOriginIsolated: port === PORT, view: [view ?? 'one class', ...added.map((option) => `+ ${ADDED_MAPS[option]!.title}`)].join(' '),
      renderer, loadMs: Math.round(loadMs), warmupMs: Math.round(warmupMs), cold,
      warm: {
        forwardMs: stats(warm.map((w) => w.forwardMs)),
        oneMapMs: stats(warm.map((w) => w.mapMs.vanilla!)),
        threeMapsMs: stats(warm.map(threeMaps)),
        newImageTotalMs: stats(warm.map((w) => w.totalMs)),
      },
      // One backward pass (the mean of the three maps') over the forward pass, per run.
      backwardPerForward: Math.round(100 * median(warm.map((w) => threeMaps(w) / 3 / w.forwardMs))) / 100,
      threeMapsPerForward: Math.round(10 * stats(warm.map((w) => threeMaps(w))).median / stats(warm.map((w) => w.forwardMs)).median) / 10,
      // Over the warm jobs (SmoothGrad's samples included), the sanity cascades and the faithfulness tests.
      longestMainThreadTaskMs: Math.round(Math.max(cascadeLongestTaskMs, ...warm.map((w) => w.longestTaskMs))),
      ...(cascades.length > 0 && { sanityCascadeMs: stats(cascades) }),
      ...(evaluations.length > 0 && { evaluation: { jobMs: stats(evaluations.map((e) => e.jobMs)), firstPointsMs: stats(evaluations.map((e) => e.firstPointsMs)) } }),
      wallClockMs: Date.now() - started,
    });
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
  await plainHost.close();
}
execSync(`npx tsx bench/profile-backward.ts --runs ${RUNS} --out bench/profile-backward.json`, { stdio: 'inherit' });

// What a row of methods adds to a job: its new image total against the same backend's without it (both warm medians).
const rows = results as unknown as Row[];
const additions = rows.filter((r) => r.view.includes('+')).flatMap((r) => {
  const base = rows.find((b) => b.backend === r.backend && b.threads === r.threads && b.view === 'one class' && b.model === r.model);
  if (!base) return [];
  const addedMs = r.warm.newImageTotalMs.median - base.warm.newImageTotalMs.median;
  const smooth = r.view.includes(FAMILY_INFO.smooth.title);
  return [{
    backend: r.backend, threads: r.threads, view: r.view, addedMs, jobRatio: Math.round(100 * r.warm.newImageTotalMs.median / base.warm.newImageTotalMs.median) / 100,
    // SmoothGrad: one forward pass and one backward pass per rule for each sample.
    ...(smooth && { perSampleMs: Math.round(addedMs / SETTINGS_DEFAULTS.samples), perSamplePerRuleMs: Math.round(addedMs / SETTINGS_DEFAULTS.samples / RULES.length) }),
  }];
});

const report = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.type()} ${os.release()}` },
  browser: `Chromium ${browser.version()} headless`,
  model: 'Inception V3 (uint8 weights dequantized to float32), 299x299, example images; rows with model "Teachable Machine size" run that model instead',
  runs: RUNS,
  bytes: assetBytes(),
  results,
  additions,
  backwardProfile: JSON.parse(readFileSync('bench/profile-backward.json', 'utf8')),
};
writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
console.log(`\n${report.browser}; ${report.machine.cpu} x${report.machine.cores}; median (min–max) of ${RUNS} warm runs\n`);
const { bytes } = report;
console.log(`JavaScript ${kB(bytes.jsGzip)} gzip (${kB(bytes.js)}), WebAssembly (SIMD) ${kB(bytes.wasm)}, model ${(bytes.model / 1e6).toFixed(1)} MB\n`);
console.log('| backend (renderer) | threads | view | load | warm-up | first image (cold) | forward | one map | three maps | backward / forward | new image total | longest main-thread task |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const range = (x: Stat) => `${s(x.median)} (${s(x.min)}–${s(x.max)})`;
for (const r of rows) {
  console.log(`| ${r.model === 'Inception V3' ? '' : `${r.model.split(' (')[0]}, `}${r.backend} (${r.renderer}) | ${r.threads} | ${r.view} | ${s(r.loadMs)} | ${s(r.warmupMs)} | ${s(r.cold.totalMs)} | ${range(r.warm.forwardMs)} | ${range(r.warm.oneMapMs)} | ${range(r.warm.threeMapsMs)} | ${r.backwardPerForward} | ${range(r.warm.newImageTotalMs)} | ${r.longestMainThreadTaskMs} ms |`);
}

for (const r of rows.filter((row) => row.sanityCascadeMs)) {
  console.log(`sanity check on ${r.backend}, ${r.threads} threads: the whole cascade ${range(r.sanityCascadeMs!)} (${r.sanityCascadeMs!.n} images)`);
}
for (const r of rows.filter((row) => row.evaluation)) {
  const job = r.warm.newImageTotalMs.median;
  console.log(`faithfulness test on ${r.backend}, ${r.threads} threads: ${range(r.evaluation!.jobMs)} (${(r.evaluation!.jobMs.median / job).toFixed(1)}× the job), first points after ${range(r.evaluation!.firstPointsMs)} (${(r.evaluation!.firstPointsMs.median / job).toFixed(1)}×)`);
}
for (const r of rows.filter((row) => row.pytorchCpu)) {
  const { forwardMs, threeMapsMs, ratio } = r.pytorchCpu!;
  console.log(`${r.model} on ${r.backend}, ${r.threads} threads: forward and three maps ${ratio}× PyTorch-CPU's three maps (2 threads: ${s(threeMapsMs.median)}; its forward pass ${s(forwardMs.median)})`);
}
for (const a of additions) {
  console.log(`${a.view} on ${a.backend}: ${a.jobRatio}× the job (${a.addedMs >= 0 ? '+' : ''}${s(a.addedMs)})${'perSampleMs' in a ? `; ${s(a.perSampleMs!)} per sample, ${s(a.perSamplePerRuleMs!)} per sample and rule` : ''}`);
}
// The page must never freeze for longer than a frame budget's worth of input delay while a job runs.
const LONG_TASK_BUDGET_MS = 50;
const frozen = rows.filter((r) => r.longestMainThreadTaskMs > LONG_TASK_BUDGET_MS);
for (const r of frozen) console.error(`FAIL: the main thread was busy ${r.longestMainThreadTaskMs} ms at once (${r.backend}, ${r.view}); the budget is ${LONG_TASK_BUDGET_MS} ms`);
if (frozen.length === 0) console.log(`Longest main-thread task within ${LONG_TASK_BUDGET_MS} ms in every config.`);
else process.exitCode = 1;

/**
 * Opens the run's example and waits for its job to start: the example is fetched first, and until
 * its job starts the last image's results (and status) are still on screen.
 */
async function openExample(page: Page, run: number) {
  await page.locator(`[data-example=${WARM_EXAMPLES[run % WARM_EXAMPLES.length]}]`).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent?.startsWith('Computing'), null, { polling: 50 });
}

/** Waits for the sanity check of the image on screen to reach its last layer, and reads the cascade job's time. */
async function cascadeMs(page: Page): Promise<number> {
  await page.waitForFunction(() => {
    const sanity = document.querySelector<HTMLElement>('[data-testid=sanity]');
    const steps = document.querySelectorAll('.sanity-step').length - 1;
    return steps > 0 && sanity?.dataset.stepsDone === String(steps) && document.querySelector('[data-testid=status]')?.textContent?.startsWith('Done');
  }, null, { timeout: 30 * 60_000, polling: 500 });
  return Number(await page.getByTestId('status').getAttribute('data-total-ms'));
}

/**
 * Notes when the next faithfulness test starts (its panel says 0 steps done), has its first step of
 * every curve (1) and ends (19), from a MutationObserver: a poll could miss the short 'Done' between
 * a new image's maps and the test that follows them.
 */
async function watchEvaluation(page: Page) {
  await page.evaluate(() => {
    const times: Record<string, number> = {};
    (window as unknown as { evaluationTimes: Record<string, number> }).evaluationTimes = times;
    const observer = new MutationObserver(() => {
      const done = document.querySelector<HTMLElement>('[data-testid=evaluation]')?.dataset.stepsDone;
      if (done === '0') times.started ??= performance.now();
      if (times.started !== undefined && done !== undefined && Number(done) >= 1) times.first ??= performance.now();
      if (times.started !== undefined && done === '19' && document.querySelector('[data-testid=status]')?.textContent?.startsWith('Done')) {
        times.done = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** Waits for the watched faithfulness test to end: its job's time, and the time from its start to the first step of every curve. */
async function evaluationMs(page: Page): Promise<{ jobMs: number; firstPointsMs: number }> {
  await page.waitForFunction(() => (window as unknown as { evaluationTimes: Record<string, number> }).evaluationTimes.done, null, { timeout: 30 * 60_000, polling: 500 });
  const times = await page.evaluate(() => (window as unknown as { evaluationTimes: Record<string, number> }).evaluationTimes);
  return { jobMs: Number(await page.getByTestId('status').getAttribute('data-total-ms')), firstPointsMs: times.first! - times.started! };
}

/** Waits for the current job to finish and reads its times from the page. */
async function jobTimes(page: Page): Promise<JobTimes> {
  const status = page.getByTestId('status');
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent?.startsWith('Done'), null, { timeout: 30 * 60_000, polling: 500 });
  const timings = page.getByTestId('timings');
  return {
    totalMs: Number(await status.getAttribute('data-total-ms')),
    forwardMs: Number(await timings.getAttribute('data-forward-ms')),
    mapMs: JSON.parse((await timings.getAttribute('data-compute-ms')) ?? '{}'),
    longestTaskMs: await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks)),
  };
}

function kB(n: number) {
  return `${Math.round(n / 1000)} kB`;
}

/** What a first visit downloads: the built JavaScript (raw and gzip), the .wasm binaries, the model. */
function assetBytes() {
  const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((path) => join(dir, path)).filter((path) => statSync(path).isFile());
  const built = files('dist/assets');
  const sum = (paths: string[], size: (p: string) => number) => paths.reduce((total, p) => total + size(p), 0);
  const js = built.filter((p) => p.endsWith('.js'));
  return {
    js: sum(js, (p) => statSync(p).size),
    jsGzip: sum(js, (p) => gzipSync(readFileSync(p)).length),
    // The one binary fetched here (SIMD, no threads); the others are for other browsers.
    wasm: sum(built.filter((p) => /tfjs-backend-wasm-simd-.*\.wasm$/.test(p)), (p) => statSync(p).size),
    model: sum(files('dist/model'), (p) => statSync(p).size),
  };
}

/**
 * npm run bench:engines [-- --runs 5 --cold 3 --skip-build]
 *
 * The three engines a class has, on this machine, in one run: Chromium (Playwright), Firefox ESR
 * (puppeteer-core, WebDriver BiDi) and WebKitGTK (MiniBrowser, WebKitWebDriver), the built app with
 * the real Inception V3, each served plainly (one WebAssembly thread) and cross-origin isolated
 * (COOP + COEP require-corp: threads where the engine can share memory). All three run WebAssembly
 * here (no GPU). Per engine and hosting: `cold` fresh browsers open the dog example (the time to
 * its first maps, the model's load, the engine's warm-up and the first job), then `runs` new images
 * in the last one (the job, its forward pass and each map, warm). Writes bench/results-engines.json
 * and prints a table with each engine's ratio to Chromium's.
 */
import { execSync } from 'node:child_process';
import type { OutgoingHttpHeaders } from 'node:http';
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openTab, startXvfb, type Tab } from '../cross-browser/drivers.ts';
import { ISOLATED_HEADERS, serveDist } from '../e2e/static-host.ts';
import { RULES } from '../src/shared/methods.ts';
import { stats, type Stat } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    cold: { type: 'string', default: '3' },
    engines: { type: 'string', default: 'chromium,firefox,webkit' },
    out: { type: 'string', default: 'bench/results-engines.json' },
    'skip-build': { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const COLD = Number(args.cold);
const ENGINES = args.engines.split(',') as Tab['engine'][];
const WARM_EXAMPLES = ['eagle', 'coffee', 'dog'];
const HOSTINGS: { name: 'plain' | 'isolated'; headers: OutgoingHttpHeaders; port: number }[] = [
  { name: 'plain', headers: {}, port: 4395 },
  { name: 'isolated', headers: ISOLATED_HEADERS, port: 4396 },
];

/** Waits in the page for the job on screen to be done; its times, when it ended (ms since the page opened) and the engine's. */
const JOB_DONE = `async () => {
  const status = () => document.querySelector('[data-testid=status]');
  while (!status()?.textContent?.startsWith('Done')) await new Promise((resolve) => setTimeout(resolve, 50));
  const timings = document.querySelector('[data-testid=timings]').dataset;
  const engine = document.querySelector('[data-testid=engine]').dataset;
  return {
    atMs: performance.now(), totalMs: Number(status().dataset.totalMs), forwardMs: Number(timings.forwardMs), mapMs: JSON.parse(timings.computeMs || '{}'),
    engine: { backend: engine.backend, renderer: engine.renderer, threads: Number(engine.threads), loadMs: Number(engine.loadMs), warmupMs: Number(engine.warmupMs) },
    restarted: document.querySelector('[data-testid=restart-notice]')?.textContent ?? '',
  };
}`;

/** Opens an example from its button and waits for its job to start (until then the last image's status is on screen). */
const OPEN_EXAMPLE = `async (name) => {
  document.querySelector('[data-example=' + name + ']').click();
  while (!document.querySelector('[data-testid=status]')?.textContent?.startsWith('Computing')) await new Promise((resolve) => setTimeout(resolve, 20));
  return true;
}`;

interface Job {
  atMs: number;
  totalMs: number;
  forwardMs: number;
  mapMs: Record<string, number>;
  engine: { backend: string; renderer: string; threads: number; loadMs: number; warmupMs: number };
  restarted: string;
}
const threeMaps = (job: Job) => RULES.reduce((sum, method) => sum + (job.mapMs[method] ?? NaN), 0);

if (!args['skip-build']) execSync('npm run build', { stdio: 'inherit' });
const hosts = await Promise.all(HOSTINGS.map((hosting) => serveDist(hosting.port, hosting.headers)));
// MiniBrowser draws on an X display: one of the bench's own, stopped with it, unless there is one.
const xvfb = ENGINES.includes('webkit') && !process.env.DISPLAY ? await startXvfb() : undefined;
if (xvfb) process.env.DISPLAY = xvfb.display;
const results: Record<string, unknown>[] = [];
const browsers: Record<string, string> = {};
try {
  for (const engine of ENGINES) {
    for (const [index, hosting] of HOSTINGS.entries()) {
      const url = `${hosts[index]!.origin}/?example=dog`;
      const colds: Job[] = [];
      /** Loads whose engine start got stuck and was replaced (Firefox under WebDriver BiDi): their first maps wait 10 s more. */
      let stuckStarts = 0;
      let tab: Tab | undefined;
      while (colds.length < COLD) {
        await tab?.close();
        tab = await openTab(engine);
        browsers[engine] = tab.browser;
        await tab.goto(url);
        const job = await tab.run<Job>(JOB_DONE);
        if (job.restarted) {
          stuckStarts++;
          console.log(`${engine}, ${hosting.name}: left out a cold load whose engine was restarted (${job.restarted})`);
          if (stuckStarts > 2 * COLD) throw new Error(`${engine}, ${hosting.name}: ${stuckStarts} restarted engine starts`);
          continue;
        }
        colds.push(job);
        console.log(`${engine}, ${hosting.name}: first maps after ${Math.round(job.atMs)} ms (${job.engine.threads} thread(s))`);
      }
      const warm: Job[] = [];
      for (let run = 0; run < RUNS; run++) {
        await tab!.run(OPEN_EXAMPLE, WARM_EXAMPLES[run % WARM_EXAMPLES.length]);
        warm.push(await tab!.run<Job>(JOB_DONE));
        console.log(`${engine}, ${hosting.name}: warm run ${run + 1}: ${Math.round(warm.at(-1)!.totalMs)} ms`);
      }
      await tab!.close();
      const { backend, renderer, threads } = colds[0]!.engine;
      results.push({
        engine, browser: browsers[engine], hosting: hosting.name, backend, renderer, threads,
        cold: {
          firstMapsMs: stats(colds.map((job) => job.atMs)),
          loadMs: stats(colds.map((job) => job.engine.loadMs)),
          warmupMs: stats(colds.map((job) => job.engine.warmupMs)),
          firstJobMs: stats(colds.map((job) => job.totalMs)),
        },
        warm: {
          newImageTotalMs: stats(warm.map((job) => job.totalMs)),
          forwardMs: stats(warm.map((job) => job.forwardMs)),
          threeMapsMs: stats(warm.map(threeMaps)),
          ...Object.fromEntries(RULES.map((method) => [`${method}Ms`, stats(warm.map((job) => job.mapMs[method]!))])),
        },
        stuckStartsLeftOut: stuckStarts,
      });
    }
  }
} finally {
  await Promise.all(hosts.map((host) => host.close()));
  await xvfb?.stop();
}

type Result = { engine: string; hosting: string; threads: number; renderer: string; cold: Record<string, Stat>; warm: Record<string, Stat> };
const rows = results as unknown as Result[];
const chromiumRow = (hosting: string) => rows.find((r) => r.engine === 'chromium' && r.hosting === hosting);
const report = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.type()} ${os.release()}`, gpu: 'none (every engine runs WebAssembly)' },
  browsers,
  model: 'Inception V3 (uint8 weights dequantized to float32), 299x299, example images',
  runs: RUNS,
  coldLoads: COLD,
  results,
};
writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ratio = (row: Result, pick: (r: Result) => number) => {
  const base = chromiumRow(row.hosting);
  return base && row !== base ? ` (${(pick(row) / pick(base)).toFixed(2)}×)` : '';
};
console.log(`\n${report.machine.cpu} x${report.machine.cores}; ${Object.values(browsers).join(', ')}`);
console.log(`median of ${COLD} cold loads and ${RUNS} warm runs; (×) is the ratio to Chromium with the same hosting\n`);
console.log('| engine | hosting | threads | build | first maps (cold) | model load | warm-up | new image (warm) | forward | three maps |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const cell = (pick: (r: Result) => number) => `${s(pick(r))}${ratio(r, pick)}`;
  console.log(`| ${r.engine} | ${r.hosting} | ${r.threads} | ${r.renderer} | ${cell((x) => x.cold.firstMapsMs!.median)} | ${s(r.cold.loadMs!.median)} | ${s(r.cold.warmupMs!.median)} | ${cell((x) => x.warm.newImageTotalMs!.median)} | ${cell((x) => x.warm.forwardMs!.median)} | ${cell((x) => x.warm.threeMapsMs!.median)} |`);
}

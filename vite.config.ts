import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * Only this origin: no inline scripts, no eval (WebAssembly compiles need 'wasm-unsafe-eval'), no
 * third-party scripts, styles or frames. blob: workers and scripts are how WebAssembly threads
 * start (emscripten makes each thread a worker from a blob: that imports the module from another);
 * only a script already running here can make a blob: URL, so they open no way in. The one way out is connect-src for https (and this
 * machine's http): a lesson link may name a picture on the web (?image=), fetched only then. Served as a header by `vite preview` (the header is what covers the worker) and
 * written into the built index.html for static hosts that cannot set headers. The dev server has
 * none: Vite's hot reload needs inline scripts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

const cspMetaTag: Plugin = {
  name: 'content-security-policy-meta',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
};

/**
 * Lists every file of the build in dist/precache.json, for the service worker to cache on install.
 * models/ is left out: it holds models the tests write after the build, not the app's own.
 */
const precacheList: Plugin = {
  name: 'precache-list',
  apply: 'build',
  closeBundle() {
    const list = readdirSync('dist', { recursive: true, encoding: 'utf8' })
      .filter((path) => statSync(join('dist', path)).isFile())
      .map((path) => path.split('\\').join('/'))
      .filter((path) => !path.startsWith('models/') && path !== 'sw.js' && path !== 'precache.json')
      .map((path) => (path === 'index.html' ? './' : path))
      .sort();
    writeFileSync(join('dist', 'precache.json'), JSON.stringify(list, null, 1));
  },
};

/**
 * Cross-origin isolation, so the worker gets SharedArrayBuffer and WebAssembly runs a thread per
 * core. credentialless rather than require-corp: a picture named by ?image= still loads (CORS),
 * and the no-cors request that tells "does not share" from "unreachable" is still allowed.
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

/**
 * The app's version as far as the engines go: a hash of the worker's and shared code (and the
 * locked dependencies). The engine measured fastest on a device is kept for this version only.
 */
function engineVersion(): string {
  const hash = createHash('sha256');
  const files = ['src/worker', 'src/shared'].flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)));
  for (const file of [...files, 'package-lock.json'].filter((f) => statSync(f).isFile()).sort()) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

export default defineConfig({
  plugins: [react(), cspMetaTag, precacheList],
  define: { __APP_VERSION__: JSON.stringify(engineVersion()) },
  server: { headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, ...CROSS_ORIGIN_ISOLATION } },
  // Found only when the worker loads; listing them avoids a reload on a fresh cache (FACTS).
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm'] },
  worker: {
    format: 'es',
    // tfjs-backend-wasm starts its threads from the source text of a function (toString) whose
    // closure variable it guards with `typeof _scriptDir !== "undefined"`; the compressor rewrites
    // that to `void 0 !== e`, which throws in the thread ("e is not defined") under COOP/COEP.
    // Mangling alone keeps the guard; the worker bundle grows ~4 % (tfjs README, "JS Minification").
    rolldownOptions: { output: { minify: { compress: false, mangle: true } } },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      input: { main: 'index.html', sw: 'src/offline/service-worker.ts' },
      // The service worker keeps a fixed name at the root: its URL is its identity and its scope.
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
});

/// <reference lib="webworker" />
/**
 * Makes the app work offline after its first visit. On install it caches every file of the build
 * (precache.json, written by the build: the app, the .wasm binaries, the model, the examples). Every
 * same-origin GET then goes to the network first, so an online visit always gets the current files
 * (and refreshes the cache), and falls back to the cache when the network is gone. Nothing is sent
 * anywhere: the cache is the browser's own.
 */
declare const self: ServiceWorkerGlobalScope;

const CACHE = 'saliency-lens';

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(networkFirst(request));
});

async function precache(): Promise<void> {
  const response = await fetch('precache.json', { cache: 'no-cache' });
  const files = (await response.json()) as string[];
  const cache = await caches.open(CACHE);
  await cache.addAll(files);
}

async function networkFirst(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') {
      const copy = response.clone();
      void caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    // A page opened with a link's query string is the same index.html.
    const cached = await caches.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (cached) return cached;
    throw error;
  }
}

export {};

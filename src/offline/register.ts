let registered = false;

/**
 * The offline cache (service-worker.ts), in a production build only: the dev server changes files
 * all the time. Set up once the first maps are drawn (or the engine is ready with nothing to draw),
 * never sooner: installing it downloads the whole build, the model again among it, which would
 * compete with the first visit's own download and maps; and while it installs, Firefox ESR 153
 * under automation could not start a worker to replace a stuck one (its script request never left
 * the page).
 */
export function registerServiceWorker(): void {
  if (registered || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  registered = true;
  navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((error: Error) => {
    console.warn(`Offline use is not available: ${error.message}`);
  });
}

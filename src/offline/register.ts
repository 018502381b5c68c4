/** The offline cache (service-worker.ts), in a production build only: the dev server changes files all the time. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((error: Error) => {
    console.warn(`Offline use is not available: ${error.message}`);
  });
}

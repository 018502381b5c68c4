/** A hash of the worker's and shared code, set by the build (vite.config.ts): it changes when the engines' costs may. */
declare const __APP_VERSION__: string;

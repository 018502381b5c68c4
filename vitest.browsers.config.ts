import { defineConfig } from 'vitest/config';

/** The cross-browser suite (cross-browser/): the built app in Firefox ESR and WebKitGTK, one engine at a time. */
export default defineConfig({
  test: {
    include: ['cross-browser/**/*.test.ts'],
    testTimeout: 5 * 60_000,
    hookTimeout: 2 * 60_000,
    fileParallelism: false,
    globalSetup: ['cross-browser/global-setup.ts'],
  },
});

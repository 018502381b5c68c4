import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // The classification tests run Inception V3 on tfjs's cpu backend: ~15 s an image.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['scripts/vitest-global-setup.ts'],
  },
});

import { defineConfig } from 'vitest/config';

// End-to-end specs drive Debian's Chromium through playwright-core against the served studio.
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});

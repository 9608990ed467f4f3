import { defineConfig } from 'vitest/config';

// End-to-end tests drive Debian's Chromium against the browser mode; one file at a time
// keeps two cores from being shared by several browsers.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: process.env.YIYANG_TEST_JSON ? ['default', ['json', { outputFile: process.env.YIYANG_TEST_JSON + '/e2e.json' }]] : ['default'],
  },
});

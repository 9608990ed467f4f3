import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.YIYANG_TEST_JSON ? ['default', ['json', { outputFile: process.env.YIYANG_TEST_JSON + '/unit.json' }]] : ['default'],
  },
});

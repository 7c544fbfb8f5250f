import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // both cores: the property tests alone take minutes each, and the suite runs in about half the time
    maxWorkers: 2,
  },
});

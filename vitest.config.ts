import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // End-to-end tests open sockets on 127.0.0.1; forks keep each file's servers apart.
    pool: 'forks',
    setupFiles: ['test/setup-fast-check.ts'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['language/**/*.spec.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  // type-graphql (CommonJS) and our ESM-transformed code must share one graphql module instance
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // 'server-only' throws outside React Server Components; tests run the server code directly.
      'server-only': path.resolve(import.meta.dirname, 'test/server-only-stub.ts'),
    },
  },
  test: {
    include: ['{lib,app,components,bin,scripts,cli,test}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    // Tests never open the developer's .pullcheck store (nor one a running dashboard holds): a test that needs a
    // store on disk names its own directory.
    env: { PULLCHECK_DATA_DIR: process.env.PULLCHECK_TEST_DATA_DIR ?? ':memory:', DATABASE_URL: '' },
  },
});

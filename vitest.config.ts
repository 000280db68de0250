import { defineConfig } from 'vitest/config';

// Three projects: fast pure unit tests beside the code; integration suites (real databases, real HTTP) in test/;
// and the console's browser tests (real `scimkit serve`, headless Chromium), one file at a time on a shared machine.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/console/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: true,
        },
      },
      {
        test: {
          name: 'console',
          include: ['test/console/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/console/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

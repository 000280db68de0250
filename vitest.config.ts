import { defineConfig } from 'vitest/config';

// Four projects: fast pure unit tests beside the code; integration suites (real databases, real HTTP) in test/;
// the console's browser tests (real `scimkit serve`, headless Chromium), one file at a time on a shared machine;
// and the console's components (happy-dom) beside their code in web/, talking to a real admin API on loopback.
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
      {
        test: {
          name: 'components',
          include: ['web/src/**/*.test.tsx'],
          environment: 'happy-dom',
          // Requests leave the page's origin for the admin API on loopback, which sends no CORS headers.
          environmentOptions: { happyDOM: { settings: { fetch: { disableSameOriginPolicy: true } } } },
          globalSetup: ['test/support/components-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

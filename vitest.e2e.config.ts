import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the built page in Debian's Chromium against the real server
 * over a store synced from the simulator. The page is built once, before any
 * file runs; files run one at a time (each starts a browser and a server on a
 * two-core machine).
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    setupFiles: ['src/test/setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A shared two-core machine can be slow: conditions get a few seconds to come true.
    expect: { poll: { timeout: 8_000, interval: 50 } },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: forks keep native better-sqlite3 handles isolated per file.
    pool: 'forks',
    setupFiles: ['src/test/setup.ts'],
    // With HUB_TEST_STORE=postgres: a PostgreSQL server (TEST_POSTGRES_URL or a throwaway cluster) and a migrated template.
    globalSetup: ['src/test/pg-global-setup.ts'],
  },
});

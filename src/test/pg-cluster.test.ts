import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { findPostgresBin, startCluster, type ClusterOptions } from './pg-cluster.ts';

const bin = findPostgresBin();

async function settingsOf(options?: ClusterOptions): Promise<Record<string, string>> {
  const cluster = await startCluster(bin!, options);
  try {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; value: string }>(
        `SELECT name, current_setting(name) AS value FROM pg_settings WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit', 'shared_buffers')`,
      );
      return Object.fromEntries(rows.map((r) => [r.name, r.value]));
    } finally {
      await client.end();
    }
  } finally {
    cluster.stop();
  }
}

describe.skipIf(!bin)('a throwaway PostgreSQL cluster', () => {
  it("keeps the tests' settings by default: no durability at all", async () => {
    expect(await settingsOf()).toEqual({ fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off', shared_buffers: '64MB' });
  });

  it("runs with the benchmark's durability on request: crash-safe pages and WAL, commits not waiting for the disk", async () => {
    expect(await settingsOf({ durable: true, sharedBuffers: '128MB' })).toEqual({ fsync: 'on', full_page_writes: 'on', synchronous_commit: 'off', shared_buffers: '128MB' });
  });
}, 60_000);

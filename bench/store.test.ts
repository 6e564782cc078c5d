import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openBenchStore } from './store.ts';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('the benchmark store', () => {
  it('reports the size of a store past 2 GiB (the store of 1,000,000 items), the file and its write-ahead log together', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-bench-store-'));
    const store = await openBenchStore('sqlite', pathToFileURL(`${dir}/`));
    const path = join(dir, 'bench.sqlite');
    // Sparse files: their size without writing the bytes.
    writeFileSync(path, '');
    truncateSync(path, 3 * 2 ** 30);
    writeFileSync(`${path}-wal`, '');
    truncateSync(`${path}-wal`, 5_000);
    // The SQLite store reads its files, not the database handle (PostgreSQL's asks the server).
    expect(await store.sizeBytes(null as unknown as Parameters<typeof store.sizeBytes>[0])).toBe(3 * 2 ** 30 + 5_000);
    await store.close();
  });
});

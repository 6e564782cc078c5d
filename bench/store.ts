/**
 * The store a bench run measures: a SQLite file under bench/.out, or a PostgreSQL
 * database, either on a throwaway cluster started for the run (the installed
 * binaries, durability comparable to the SQLite store's: see ClusterOptions in
 * src/test/pg-cluster.ts) or on an existing server (`--database-url`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DatabaseConfig } from '../src/config/config.ts';
import { redactUrl } from '../src/db/postgres.ts';
import type { DB } from '../src/db/schema.ts';
import { findPostgresBin, startCluster, type Cluster } from '../src/test/pg-cluster.ts';
import { runPostgresRawInsertBench, runRawInsertBench, type RawInsertBench } from './raw-insert.bench.ts';

export type StoreKind = 'sqlite' | 'postgres';

export interface BenchStore {
  kind: StoreKind;
  /** DATABASE_URL of the server and worker children. */
  url: string;
  /** How the bench process itself opens the store. */
  config: DatabaseConfig;
  /** What the store was, for the results: the server's version and the settings that weigh on the figures. */
  about: Record<string, string>;
  /** Bytes the store takes: the file and its WAL, or pg_database_size. */
  sizeBytes(db: Kysely<DB>): Promise<number>;
  /** Empties the store for the next timed sync: a new file, or the database dropped and created again. Nothing may hold it open. */
  reset(): Promise<void>;
  /** The machine's limit for storing the rows the sync stored (bench/raw-insert.bench.ts). */
  rawInsert(): Promise<RawInsertBench>;
  /** Drops what the run created (the throwaway cluster, or the databases on an existing server). */
  close(): Promise<void>;
}

/**
 * The bench cluster's shared_buffers. The SQLite store keeps a 64 MB page cache
 * per connection and maps 256 MB of its file (src/db/database.ts); PostgreSQL's
 * processes share one buffer pool, given the same order of memory here.
 */
const BENCH_SHARED_BUFFERS = '256MB';

export async function openBenchStore(kind: StoreKind, out: URL, databaseUrl?: string): Promise<BenchStore> {
  if (kind === 'sqlite') return sqliteStore(new URL('bench.sqlite', out).pathname, new URL('raw-insert.sqlite', out).pathname);
  let cluster: Cluster | null = null;
  let server = databaseUrl;
  if (!server) {
    const bin = findPostgresBin();
    if (!bin) throw new Error('--store postgres: no PostgreSQL binaries under /usr/lib/postgresql; install them or pass --database-url postgres://…');
    cluster = await startCluster(bin, { durable: true, sharedBuffers: BENCH_SHARED_BUFFERS });
    server = cluster.url;
  }
  const admin = server;
  const created: string[] = [];
  const createDatabase = async (name = `hub_bench_${randomBytes(6).toString('hex')}`): Promise<{ name: string; url: string; drop(): Promise<void> }> => {
    // Text order is byte order, as on SQLite and as docs/store.md asks of a hub's database.
    await adminQuery(admin, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
    created.push(name);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    return {
      name,
      url: u.toString(),
      drop: async () => {
        await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        created.splice(created.indexOf(name), 1);
      },
    };
  };
  try {
    const main = await createDatabase();
    const settings = await adminRows(admin, `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN ('server_version', 'fsync', 'full_page_writes', 'synchronous_commit', 'shared_buffers', 'max_wal_size') ORDER BY name`);
    const about: Record<string, string> = {
      server: cluster ? 'throwaway cluster started by the bench' : redactUrl(admin),
      ...Object.fromEntries(settings.map((s) => [s.name, s.setting])),
    };
    return {
      kind,
      url: main.url,
      config: { kind: 'postgres', url: main.url, poolSize: 4 },
      about,
      sizeBytes: async (db) => Number((await sql<{ n: number }>`SELECT pg_database_size(current_database()) AS n`.execute(db)).rows[0]!.n),
      reset: async () => {
        await main.drop();
        await createDatabase(main.name);
      },
      rawInsert: () => runPostgresRawInsertBench(main.url, () => createDatabase()),
      close: async () => {
        try {
          if (!cluster) for (const name of [...created]) await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          cluster?.stop();
        }
      },
    };
  } catch (err) {
    cluster?.stop();
    throw err;
  }
}

function sqliteStore(path: string, scratch: string): BenchStore {
  const remove = (p: string) => {
    for (const s of ['', '-wal', '-shm']) rmSync(p + s, { force: true });
  };
  remove(path);
  return {
    kind: 'sqlite',
    url: `sqlite:${path}`,
    config: { kind: 'sqlite', path },
    about: { journal_mode: 'wal', synchronous: 'normal' },
    sizeBytes: async () => {
      let total = 0;
      // The file's size, not its contents: a store of 1,000,000 items is past the 2 GiB a Buffer holds.
      for (const s of ['', '-wal']) if (existsSync(path + s)) total += statSync(path + s).size;
      return total;
    },
    reset: async () => remove(path),
    rawInsert: () => runRawInsertBench(path, scratch),
    close: async () => undefined,
  };
}

async function adminRows(url: string, text: string): Promise<{ name: string; setting: string }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ name: string; setting: string }>(text)).rows;
  } finally {
    await client.end();
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  await adminRows(url, text);
}

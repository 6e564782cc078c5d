import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.ts';
import { findPostgresBin, startCluster, type Cluster } from './pg-cluster.ts';

export interface PostgresServer {
  url: string;
  /** A new, empty database on the server (not migrated), dropped by `drop`. */
  createDatabase(): Promise<{ url: string; config: DatabaseConfig; drop(): Promise<void> }>;
  stop(): void;
}

async function admin(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A PostgreSQL server for tests that need one whatever store the run uses (a
 * copy from SQLite into PostgreSQL, several hub processes on one database):
 * TEST_POSTGRES_URL when set, else a throwaway cluster from the installed
 * binaries. Answers the reason as a string when neither is available, for the
 * test to print as it skips; CI sets TEST_POSTGRES_URL, so there it never skips.
 */
export async function postgresServer(): Promise<PostgresServer | string> {
  let cluster: Cluster | null = null;
  let url = process.env.TEST_POSTGRES_URL;
  if (!url) {
    const bin = findPostgresBin();
    if (!bin) return 'PostgreSQL is not available: no TEST_POSTGRES_URL and no binaries under /usr/lib/postgresql';
    try {
      cluster = await startCluster(bin);
    } catch (err) {
      return `PostgreSQL is not available: a throwaway cluster did not start (${(err as Error).message.split('\n')[0]})`;
    }
    url = cluster.url;
  }
  const server = url;
  return {
    url: server,
    async createDatabase() {
      const name = `hub_t_${randomBytes(6).toString('hex')}`;
      await admin(server, `CREATE DATABASE ${name} TEMPLATE template0`);
      const u = new URL(server);
      u.pathname = `/${name}`;
      return { url: u.toString(), config: { kind: 'postgres', url: u.toString(), poolSize: 8 }, drop: () => admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
    },
    stop: () => cluster?.stop(),
  };
}

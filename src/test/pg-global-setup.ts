import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { findPostgresBin, startCluster, type Cluster } from './pg-cluster.ts';

/**
 * Global setup of the PostgreSQL test run (HUB_TEST_STORE=postgres): uses the
 * server at TEST_POSTGRES_URL, or starts a throwaway cluster from the installed
 * binaries; then migrates one template database that every test copies.
 * Failing to get a server fails the run: a PostgreSQL run never passes by skipping.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.HUB_TEST_STORE !== 'postgres') return undefined;
  let cluster: Cluster | null = null;
  if (!process.env.TEST_POSTGRES_URL) {
    const bin = findPostgresBin();
    if (!bin) throw new Error('HUB_TEST_STORE=postgres: no TEST_POSTGRES_URL and no PostgreSQL binaries under /usr/lib/postgresql');
    cluster = await startCluster(bin);
    process.env.TEST_POSTGRES_URL = cluster.url;
  }
  const server = process.env.TEST_POSTGRES_URL;
  const template = `hub_template_${randomBytes(6).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`CREATE DATABASE ${template}`);
    const url = new URL(server);
    url.pathname = `/${template}`;
    const database = openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
  } catch (err) {
    cluster?.stop();
    throw err;
  }
  process.env.HUB_TEST_PG_TEMPLATE = template;
  return async () => {
    try {
      await admin(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    } finally {
      cluster?.stop();
    }
  };
}

import pg from 'pg';
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DatabaseConfig } from '../config/config.ts';
import type { Logger } from '../logger.ts';
import { dialectOf } from './dialect.ts';
import type { DB } from './schema.ts';
import { LOCKS, transactionLock } from './transaction.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** PostgreSQL's channel: every transaction that records changes notifies it at commit. */
export const CHANGES_CHANNEL = 'hub_changes';

/**
 * Records changed items in the `changes` table, in the caller's transaction.
 * The change feed reads new rows by id (`id > last seen`), which is only safe if
 * ids become visible in order. SQLite has one writer at a time, so they do. On
 * PostgreSQL two transactions draw ids from one sequence and may commit in
 * either order: the feed would pass over the earlier id. So on PostgreSQL the
 * transaction first takes a transaction-scoped advisory lock, held to its commit,
 * making the id allocation and the commit of change-writing transactions serial
 * (only their last step: the data before it is written in parallel). Then
 * pg_notify, which PostgreSQL delivers at commit (and drops on rollback), wakes
 * every server's listener.
 */
export async function recordChanges(db: Db, rows: readonly Insertable<DB['changes']>[]): Promise<void> {
  if (rows.length === 0) return;
  const postgres = dialectOf(db) === 'postgres';
  await transactionLock(db, LOCKS.changes);
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('changes').values(rows.slice(i, i + 200)).execute();
  if (postgres) await sql`SELECT pg_notify(${CHANGES_CHANNEL}, '')`.execute(db);
}

/**
 * What tells a server's change feed that new changes may be readable. The feed
 * then reads them from the database (one query for all its clients), so a
 * wake-up carries no data and a spurious one costs one primary-key range read.
 */
export interface ChangeNotifier {
  start(wake: () => void): void;
  stop(): Promise<void>;
}

/** SQLite (the worker is another process writing one file): look every `pollMs`. */
export function pollingNotifier(pollMs: number): ChangeNotifier {
  let timer: NodeJS.Timeout | null = null;
  return {
    start(wake) {
      if (timer) clearInterval(timer);
      timer = setInterval(wake, pollMs);
      timer.unref();
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export interface ListenOptions {
  /** A slow look even while listening: a safety net, never the live path. */
  safetyPollMs?: number;
  reconnectMaxMs?: number;
}

/**
 * PostgreSQL: LISTEN on a connection of its own (outside the pool: a pooled
 * connection is handed to other queries, and a listener must stay put). When the
 * connection is lost (a server restart, a failover), it reconnects with back-off
 * and wakes the feed once connected, which reads whatever was committed in the
 * meantime: notifications are lost with the connection, the changes are not.
 */
export function listeningNotifier(url: string, logger: Logger, options: ListenOptions = {}): ChangeNotifier {
  let client: pg.Client | null = null;
  let active = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;
  let safety: NodeJS.Timeout | null = null;
  let wakeUp: () => void = () => {};

  const connect = async () => {
    retry = null;
    if (!active) return;
    const c = new pg.Client({ connectionString: url, application_name: 'sn74-hub-listener' });
    client = c;
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = null;
      void c.end().catch(() => undefined);
      if (!active) return;
      const delay = Math.min(options.reconnectMaxMs ?? 30_000, 250 * 2 ** Math.min(failures++, 10));
      logger.warn({ err, retryInMs: delay }, 'change listener lost its database connection; reconnecting');
      retry = setTimeout(() => void connect(), delay);
      retry.unref();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', () => wakeUp());
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (failures > 0) logger.info({ attempts: failures }, 'change listener reconnected');
      failures = 0;
      // Whatever was committed while not listening is read now.
      wakeUp();
    } catch (err) {
      lost(err as Error);
    }
  };

  return {
    start(wake) {
      wakeUp = wake;
      if (active) return;
      active = true;
      void connect();
      safety = setInterval(() => wakeUp(), options.safetyPollMs ?? 30_000);
      safety.unref();
    },
    stop: async () => {
      active = false;
      if (retry) clearTimeout(retry);
      if (safety) clearInterval(safety);
      retry = safety = null;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

/** The notifier for a store: LISTEN/NOTIFY on PostgreSQL, polling on SQLite. */
export function createChangeNotifier(config: DatabaseConfig, logger: Logger, pollMs: number): ChangeNotifier {
  return config.kind === 'postgres' ? listeningNotifier(config.url, logger) : pollingNotifier(pollMs);
}

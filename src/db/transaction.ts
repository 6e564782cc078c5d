import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from './dialect.ts';
import type { DB } from './schema.ts';

/**
 * The hub's PostgreSQL advisory locks, one key each (migrations hold 7474001 on a
 * connection of their own). `repoEvaluation` is taken with a repository's id, in the
 * two-key form, whose key space does not overlap the one-key form's.
 */
export const LOCKS = {
  /** Orders change ids (change-notifier.ts). */
  changes: 7474_0001,
  /** Leaderboard sums (refreshMinerTotals). */
  minerTotals: 7474_0002,
  /** The emission split (repo-pay.job.ts). */
  repoPay: 7474_0003,
  /** One repository's evaluations (writeEvaluation). */
  repoEvaluation: 7474,
} as const;

/**
 * Takes a transaction-scoped advisory lock on PostgreSQL, held to the caller's commit
 * or rollback, so the transactions that take it run their rest one at a time; with `id`,
 * per id. A no-op on SQLite, whose writers already take turns (BEGIN IMMEDIATE).
 */
export async function transactionLock(trx: Kysely<DB> | Transaction<DB>, key: number, id?: number): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  if (id === undefined) await sql`SELECT pg_advisory_xact_lock(${key})`.execute(trx);
  else await sql`SELECT pg_advisory_xact_lock(${key}::int4, ${id}::int4)`.execute(trx);
}

/**
 * PostgreSQL's `deadlock_detected` (40P01) and `serialization_failure` (40001):
 * the server rolled the whole transaction back to break a conflict with another
 * one, and the same work may simply run again. Two workers hit the first when
 * their passes refresh each other's link counts: each locks its own
 * repository's rows first, then the issues its links point at in the other's.
 * SQLite never answers either: its writers take turns (BEGIN IMMEDIATE).
 */
export function isTransactionConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

export interface WriteTransactionOptions {
  /** Runs of the transaction in all, the first included. */
  attempts?: number;
  /** Told of each conflict before the transaction runs again. */
  onConflict?: (err: Error, attempt: number) => void;
  /** The pause before the second run, doubled for each later one (jittered). */
  baseDelayMs?: number;
}

/**
 * Runs `fn` in a transaction, again from the start when PostgreSQL rolled it
 * back to break a conflict. `fn` must keep its effects inside the transaction
 * (whatever it changes outside runs once per attempt); a caller that tallies
 * what it wrote does so from the returned value. Any other error surfaces at
 * once, as does a conflict that persists past the attempts.
 *
 * Kysely runs a transaction but does not retry one, and the retry packages
 * built for promises know nothing of which database errors leave nothing behind,
 * so this small loop is the hub's own.
 */
export async function writeTransaction<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>, options: WriteTransactionOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 20;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (!isTransactionConflict(err) || attempt >= attempts) throw err;
      options.onConflict?.(err as Error, attempt);
      // The other transaction went on when this one was rolled back; a random pause keeps two
      // retried ones from meeting in the same order again.
      const ms = base * 2 ** (attempt - 1) * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, ms));
    }
  }
}

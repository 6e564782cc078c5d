import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from './database.ts';
import type { DB } from './schema.ts';

/**
 * The dialect a connection (or a transaction on one) speaks, read from its
 * adapter: query functions that take only a `db` can branch on it without every
 * caller passing the dialect along.
 */
export function dialectOf(db: Kysely<DB> | Transaction<DB>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  // What the last incremental pass of a repository cost (null: none yet). The
  // scheduler judges the quota it needs from this, not from a first full walk,
  // which costs a hundred times more and happens once.
  await db.schema.alterTable('sync_state').addColumn('steady_pass_quota', 'integer').execute();
  // Counters for /metrics: the server reads them from here (the worker is another process).
  await db.schema.alterTable('sync_state').addColumn('passes_total', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('sync_state').addColumn('failures_total', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('sync_state').addColumn('pass_ms_total', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

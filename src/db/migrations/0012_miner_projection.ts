import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  // SQLite's real is an 8-byte float; PostgreSQL's `real` is 4 bytes, so it gets double precision.
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  // The miner view's projection (docs/scoring.md, "Projection"): the scoring job stores, per
  // author and repository, the issue-discovery total beside the PR total and the totals the
  // rules give at a few days ahead as decay and the window move; rows stored before have none
  // (null) until the next hourly run evaluates everyone again.
  await db.schema.alterTable('hub_standings').addColumn('issue_total', real, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('hub_standings').addColumn('projection', 'text').execute();
  // Per repository, the sums of those curves over its authors: a miner's share of a pool
  // is read from here instead of summing the repository's standings on request.
  await db.schema
    .createTable('hub_repo_sums')
    .addColumn('repo_id', 'integer', (c) => c.primaryKey())
    .addColumn('pr_total', real, (c) => c.notNull())
    .addColumn('issue_total', real, (c) => c.notNull())
    .addColumn('scorers', 'integer', (c) => c.notNull())
    .addColumn('curve', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
}

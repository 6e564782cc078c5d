import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    // SQLite's json_valid(), which PostgreSQL 15 lacks (16 has IS JSON): the drift
    // comparison treats a damaged stored entry as no evaluation instead of failing.
    await sql`CREATE FUNCTION hub_json_valid(value text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN
        PERFORM value::jsonb;
        RETURN value IS NOT NULL;
      EXCEPTION WHEN others THEN
        RETURN false;
      END $$`.execute(db);
  }

  // Official versus ours (docs/subnet-data.md): the worker compares every official pull
  // request score with the hub's own evaluation and keeps the result here, so the drift
  // route and `score drift` only read.

  // Each pull request where the two sides differ beyond rounding, with both breakdowns.
  await db.schema
    .createTable('score_drift')
    .addColumn('repo_key', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('github_id', 'text', (c) => c.notNull())
    .addColumn('login', 'text')
    // JSON list of the fields that differ (state, score, collateral, base, issue, label, spam, decay, review).
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('official', 'text', (c) => c.notNull())
    .addColumn('hub', 'text', (c) => c.notNull())
    .addColumn('official_at', 'text', (c) => c.notNull())
    .addColumn('hub_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('score_drift_pk', ['repo_key', 'number'])
    .execute();
  await db.schema.createIndex('score_drift_miner').on('score_drift').columns(['github_id', 'repo_key', 'number']).execute();

  // How many pull requests were compared, differ, or are scored by one side only, per
  // repository and miner ('' when the hub knows no GitHub id for the author).
  await db.schema
    .createTable('score_drift_counts')
    .addColumn('repo_key', 'text', (c) => c.notNull())
    .addColumn('github_id', 'text', (c) => c.notNull())
    .addColumn('compared', 'integer', (c) => c.notNull())
    .addColumn('differing', 'integer', (c) => c.notNull())
    .addColumn('official_only', 'integer', (c) => c.notNull())
    .addColumn('hub_only', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('score_drift_counts_pk', ['repo_key', 'github_id'])
    .execute();

  // When the report was last computed, and from which inputs (so an unchanged store is not compared again).
  await db.schema
    .createTable('score_drift_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('ms', 'integer', (c) => c.notNull())
    .execute();
}

import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  // SQLite's real is an 8-byte float; PostgreSQL's `real` is 4 bytes, so it gets double precision.
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  // T, every file's token score (source, tests and non-code line counts): the contribution
  // bonus of the base score reads it, where the cliffs read token_score (docs/token-scores.md).
  // Rows stored before this column have none: they are scored again (null is due).
  await db.schema.alterTable('pull_token_scores').addColumn('total_token_score', real).execute();
  // 1 when every file was scored as the validator scores it (no missing grammar, no parse past its budget).
  await db.schema.alterTable('pull_token_scores').addColumn('complete', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

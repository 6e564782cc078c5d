import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  // What each kind of GitHub request cost a repository (issues, pulls, graphql, reviews,
  // timeline, collaborators, …): JSON {kind: {requests, quota, not_modified, points}},
  // for the last pass and summed over every pass and maintainers refresh (docs/sync.md).
  await db.schema.alterTable('sync_state').addColumn('last_pass_kinds', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('sync_state').addColumn('kinds_total', 'text', (c) => c.notNull().defaultTo('{}')).execute();
}

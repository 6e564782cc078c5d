import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  // A pull request whose GitHub-side links (GraphQL closingIssuesReferences) must be
  // fetched again because it changed. Durable, so a crash between ingesting a page
  // and asking GitHub does not lose the request.
  await db.schema.alterTable('items').addColumn('graphql_due', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('items_graphql_due').on('items').columns(['repo_id', 'graphql_due', 'updated_at']).where(sql.ref('graphql_due'), '=', 1).execute();
  // Key-range batches over one repository's pull requests (relink): each batch is an
  // index seek, never a rescan, so the whole job is linear in the repository's size.
  await db.schema.createIndex('items_by_repo_id').on('items').columns(['repo_id', 'is_pull', 'id']).execute();

  // Where an interrupted /pulls walk resumes: {"next": url, "high": updated_at}.
  await db.schema.alterTable('sync_state').addColumn('pulls_resume', 'text').execute();
  // GitHub's current name when it differs (a renamed repository answers under its new name).
  await db.schema.alterTable('repos').addColumn('github_full_name', 'text').execute();
}

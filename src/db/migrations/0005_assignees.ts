import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  // Who is assigned to each item, as GitHub's `assignees` logins (a JSON array). Rows
  // stored before this migration read [] until GitHub next reports the item changed.
  await db.schema.alterTable('items').addColumn('assignees', 'text', (c) => c.notNull().defaultTo('[]')).execute();
}

import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  // The lists across every repository (/api/issues, /api/pulls) sort by the same four
  // keys as a repository's lists; 0001 covered updated and created. Without these,
  // sorting by comments or number across the store would read and sort every row.
  const idx = (name: string, cols: string[]) => db.schema.createIndex(name).on('items').columns(cols).execute();
  await idx('items_global_comments', ['is_pull', 'status', 'comments', 'id']);
  await idx('items_global_number', ['is_pull', 'status', 'number', 'id']);
  // One author across every repository, newest activity first (the page's "my work" view).
  await idx('items_author_global', ['author_key', 'is_pull', 'status', 'updated_at', 'id']);
}

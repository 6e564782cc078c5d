import { existsSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { hubDatabase } from '../runtime.ts';

type Out = NodeJS.WritableStream;

/**
 * Runs a read-only command against the hub's store: never creates a missing
 * SQLite file, and turns a store that cannot be opened or read (not migrated,
 * say) into one line on `err` and exit code 1. `describeError` keeps stray
 * characters of an error message out of the terminal.
 */
export async function withReadOnlyStore(config: Config, err: Out, describeError: (e: unknown) => string, run: (db: Kysely<DB>) => Promise<number>): Promise<number> {
  const database = hubDatabase(config);
  const where = database.kind === 'sqlite' ? database.path : 'the configured database';
  // Opening a missing SQLite file would create an empty one: a read-only command must not.
  if (database.kind === 'sqlite' && !existsSync(database.path)) {
    err.write(`no hub database at ${where}: start the hub or run \`npm run hub -- sync --once\` first\n`);
    return 1;
  }
  let handle;
  try {
    handle = openDatabase(database, { readonly: true });
  } catch (e) {
    err.write(`cannot open the hub database at ${where}: ${describeError(e)}\n`);
    return 1;
  }
  try {
    return await run(handle.db);
  } catch (e) {
    const message = describeError(e);
    const hint = /no such (table|column)/i.test(message) ? ' (is it migrated? `npm run hub -- migrate`)' : '';
    err.write(`cannot read the hub database at ${where}: ${message}${hint}\n`);
    return 1;
  } finally {
    await handle.close();
  }
}

/**
 * Writes the OpenAPI document the server serves at /api/openapi.json, without a
 * store or a listening server: `npm run openapi:write [-- <file>]` (default
 * docs/openapi.json). The lint step and the page's generated API types read it.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { buildServer } from './app.ts';

export const DEFAULT_OPENAPI_FILE = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

/** The document as the server builds it. Routes only register here: no request is served and the store is never read. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  // An empty in-memory store: building the routes needs a database handle, not data.
  const database = openDatabase({ kind: 'sqlite', path: ':memory:' });
  const app = await buildServer({
    db: database.db,
    dialect: database.dialect,
    config: loadConfig({}, { dotenvPath: null }),
    logger: createLogger({ level: 'silent' }),
    webRoot: null,
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await database.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = resolve(process.argv[2] ?? DEFAULT_OPENAPI_FILE);
  writeFileSync(file, JSON.stringify(await openApiDocument(), null, 2) + '\n');
  console.log(`wrote ${file}`);
}

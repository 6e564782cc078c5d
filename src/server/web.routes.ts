import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build:web` puts the page. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/dist/', import.meta.url));

/**
 * The explorer page: the built files of src/web, served from the same origin as
 * the API (so the CSP can stay 'self'). Registered after every API route; when
 * the page has not been built, the API runs on its own.
 */
export async function registerWeb(app: FastifyInstance, root: string | null): Promise<boolean> {
  if (!root || !existsSync(`${root}/index.html`)) return false;
  await app.register(fastifyStatic, { root, prefix: '/', index: ['index.html'], wildcard: false, maxAge: '1h', immutable: false });
  return true;
}

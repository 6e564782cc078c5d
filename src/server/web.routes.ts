import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build:web` puts the page. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/dist/', import.meta.url));

// Paths that are never the page: the API answers its own 404s in JSON, and a missing
// hashed asset must be a 404 too (index.html in its place would fail as a script).
const NOT_THE_PAGE = /^\/(api|assets|metrics)(\/|$)/;

function cacheHeaders(reply: FastifyReply, path: string): void {
  // Asset names carry a content hash, so they never change; index.html names them and
  // must be asked for again after every build, or a browser would keep old hashes.
  reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/**
 * The explorer page: the built files of src/web, served from the same origin as
 * the API (so the CSP can stay 'self'). Registered after every API route; when
 * the page has not been built, the API runs on its own.
 *
 * The page keeps its state in the URL (`/repos/owner/name/issues?…`), so every
 * other GET path answers index.html and the page routes it: a shared link or a
 * reload lands on the same view. Files are sent pre-compressed when the build
 * left .br/.gz copies and the browser accepts them.
 */
export async function registerWeb(app: FastifyInstance, root: string | null): Promise<boolean> {
  if (!root || !existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: cacheHeaders,
  });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (NOT_THE_PAGE.test(path)) return reply.callNotFound();
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', root, { cacheControl: false });
  });
  return true;
}

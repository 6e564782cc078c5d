import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../core/errors.ts';
import type { ServerContext } from './context.ts';

// Hashing first gives equal-length inputs, so the comparison time says nothing
// about the token's length or any prefix of it.
const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();

export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Guards the write routes: 403 when no ADMIN_TOKEN is configured (writes are
 * off), 401 for a missing or wrong `Authorization: Bearer` token.
 */
export function requireAdmin(ctx: ServerContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const expected = ctx.config.adminToken;
    if (!expected) throw new HubError(403, 'admin_disabled', 'Write endpoints are disabled: the server has no ADMIN_TOKEN');
    const header = request.headers.authorization ?? '';
    const m = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i.exec(header);
    if (!m || !tokenMatches(m[1]!, expected)) {
      reply.header('www-authenticate', 'Bearer realm="hub"');
      throw new HubError(401, 'unauthorized', 'A valid Authorization: Bearer <ADMIN_TOKEN> header is required');
    }
  };
}

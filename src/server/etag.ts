import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HUB_VERSION } from '../version.ts';

/**
 * ETags come from the data's version, not from the answer's bytes, so a client
 * that already has the current answer gets 304 before any list is read. The URL
 * is part of the tag (one tag never validates another route's answer), and so is
 * the hub's version (a new release may shape the same data differently).
 */
export function etagOf(request: FastifyRequest, ...parts: (string | number)[]): string {
  const hash = createHash('sha1').update(`${HUB_VERSION}\n${request.url}\n${parts.join('\n')}`).digest('base64url').slice(0, 22);
  return `W/"${hash}"`;
}

/** For small answers whose version is the answer itself (repository list, sync status). */
export function etagOfBody(request: FastifyRequest, body: unknown): string {
  return etagOf(request, JSON.stringify(body));
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  // Weak comparison (RFC 9110 §13.1.2): W/ prefixes do not count.
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/**
 * Sets the ETag and answers 304 when the client's copy is current. Returns
 * true when the reply was sent (the handler must return `reply` then).
 */
export function notModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag);
  // Caches may keep the answer but must ask every time: data changes with every sync.
  reply.header('cache-control', 'no-cache');
  const header = request.headers['if-none-match'];
  if (matches(Array.isArray(header) ? header.join(',') : header, etag)) {
    reply.code(304).send();
    return true;
  }
  return false;
}

import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import { etagOf, notModified } from './etag.ts';

/**
 * Answers that are a pure function of a few stored rows (a miner's standing, their
 * projection), kept by a digest of exactly those rows. A request still reads the rows,
 * so an answer is never older than the store; what it skips when the rows did not move
 * is the work done on them: parsing stored documents, the emission rules over every
 * repository, the response check and the serialisation (about 10 ms of CPU for a
 * projection at 20 repositories against well under 1 ms for the digest).
 *
 * The digest is also the ETag, so a client's copy is validated before anything is built.
 * A miss builds the answer, checks it against the route's response schema (as the
 * serializer does for other routes) and keeps its text; the text is sent as is.
 * Each server process has its own cache: keyed by the rows, it can never serve another
 * server's stale answer.
 */
export class AnswerCache {
  private readonly answers: LRUCache<string, string>;
  hits = 0;
  misses = 0;

  constructor(maxBytes = 32 * 2 ** 20) {
    this.answers = new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (text, key) => text.length + key.length });
  }

  /**
   * Sends the answer for `inputs` (the rows it is built from, serialised), building it with
   * `build` only when no answer for the same inputs is kept.
   */
  async send<S extends z.ZodType>(request: FastifyRequest, reply: FastifyReply, schema: S, inputs: string, build: () => z.input<S> | Promise<z.input<S>>): Promise<FastifyReply> {
    const digest = createHash('sha1').update(inputs).digest('base64url');
    const etag = etagOf(request, digest);
    if (notModified(request, reply, etag)) return reply;
    let text = this.answers.get(etag);
    if (text === undefined) {
      this.misses++;
      text = JSON.stringify(schema.parse(await build()));
      this.answers.set(etag, text);
    } else {
      this.hits++;
    }
    return reply.type('application/json; charset=utf-8').send(text);
  }
}

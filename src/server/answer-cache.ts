import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, gzip } from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import { COMPRESS_THRESHOLD, ENCODINGS, brotliOptions } from './compression.ts';
import { etagOf, notModified } from './etag.ts';

type Encoding = 'br' | 'gzip';
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const compressors: Record<Encoding, (text: string) => Promise<Buffer>> = {
  br: (text) => brotliAsync(text, brotliOptions),
  gzip: (text) => gzipAsync(text),
};
// The compression plugin's own negotiation (same package, same preference order), so a
// kept answer goes out in the encoding the plugin would have chosen for it.
const negotiator = new Negotiator({ supportedValues: [...ENCODINGS], cache: new Map<string, string>() });

export interface SendOptions {
  /**
   * The answer depends on `inputs` alone, not on how the URL spells them: URLs that
   * differ only in parameter order, in defaults written out or in the order of a
   * set-valued parameter share one kept answer. The inputs must then name everything
   * the answer is built from (the caller's normalised parameters and the store's
   * version). The ETag still includes the URL, as every tag does (etag.ts).
   */
  byInputsAlone?: boolean;
}

interface Kept {
  text: string;
  /** The text compressed, per encoding, made the first time a client asks for it. */
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}

/**
 * Answers that are a pure function of a few stored rows (a miner's standing, their
 * projection, a list page by its scope's version), kept by a digest of exactly those
 * inputs. A request still reads the inputs, so an answer is never older than the store;
 * what it skips when they did not move is the work done on them: the queries behind the
 * answer, parsing stored documents, the response check and the serialisation (about 10 ms
 * of CPU for a projection at 20 repositories against well under 1 ms for the digest).
 *
 * The digest is also the ETag, so a client's copy is validated before anything is built.
 * A miss builds the answer, checks it against the route's response schema (as the
 * serializer does for other routes) and keeps its text; the text is sent as is.
 *
 * Concurrent misses of one answer build it once: when a commit moves a version, every
 * client polling that page misses at the same moment, and without this each of them
 * would run the same queries and serialise the same answer on the one event loop.
 *
 * Compression is kept with the answer: the compression plugin compresses every answer
 * it sends, on the event loop for bodies like a page of issues, which costs more than
 * serving the kept text. A kept answer is compressed once per encoding, on libuv's
 * threads, and the bytes are sent with their Content-Encoding (the plugin leaves
 * encoded answers alone).
 *
 * Each server process has its own cache: keyed by the inputs, it can never serve another
 * server's stale answer.
 */
export class AnswerCache {
  private readonly answers: LRUCache<string, Kept, () => Promise<Kept>>;
  /** Answers sent from the cache, answers built, and requests that waited for another request's build. */
  hits = 0;
  misses = 0;
  shared = 0;

  constructor(maxBytes = 32 * 2 ** 20) {
    this.answers = new LRUCache<string, Kept, () => Promise<Kept>>({
      maxSize: maxBytes,
      // The compressed copies are a fraction of the text (a sixth for a list page): counted as a third on top.
      sizeCalculation: (kept, key) => Math.ceil(kept.text.length * 1.34) + key.length,
      // fetch() builds once however many requests miss while the answer is being built, and keeps
      // nothing of a build that failed (the next request builds again).
      fetchMethod: (_key, _stale, { context: build }) => {
        this.misses++;
        return build();
      },
    });
  }

  /**
   * Sends the answer for `inputs` (what it is built from, serialised), building it with
   * `build` only when no answer for the same inputs is kept or being built.
   */
  send<S extends z.ZodType>(
    request: FastifyRequest,
    reply: FastifyReply,
    schema: S,
    inputs: string,
    build: () => z.input<S> | Promise<z.input<S>>,
    options: SendOptions = {},
  ): Promise<FastifyReply> {
    return this.sendText(request, reply, inputs, async () => JSON.stringify(schema.parse(await build())), options);
  }

  /**
   * As `send`, for a builder that gives the answer's JSON text already checked
   * against its response schema (a list page built on a read thread, list-build.ts).
   */
  async sendText(request: FastifyRequest, reply: FastifyReply, inputs: string, buildText: () => Promise<string>, options: SendOptions = {}): Promise<FastifyReply> {
    const digest = createHash('sha1').update(inputs).digest('base64url');
    const etag = etagOf(request, digest);
    if (notModified(request, reply, etag)) return reply;
    const key = options.byInputsAlone ? digest : etag;
    const status: LRUCache.Status<string, Kept, () => Promise<Kept>> = {};
    // fetchMethod always answers a Kept or throws, so fetch gives one.
    const kept = (await this.answers.fetch(key, { context: async () => ({ text: await buildText(), encoded: {} }), status }))!;
    if (status.fetch === 'hit') this.hits++;
    else if (status.fetch === 'inflight') this.shared++;
    reply.type('application/json; charset=utf-8');
    const encoding = kept.text.length >= COMPRESS_THRESHOLD ? accepted(request) : null;
    if (!encoding) return reply.send(kept.text);
    const bytes = await (kept.encoded[encoding] ??= compressors[encoding](kept.text).catch((err: unknown) => {
      // Not kept: the next request tries again.
      delete kept.encoded[encoding];
      throw err;
    }));
    return reply.header('vary', 'accept-encoding').header('content-encoding', encoding).send(bytes);
  }

}

/** The encoding a kept answer can go out in for this client, if any (deflate is left to the plugin). */
function accepted(request: FastifyRequest): Encoding | null {
  const header = request.headers['accept-encoding'];
  if (!header || request.headers['x-no-compression'] !== undefined) return null;
  // As the plugin reads the header: `*` and x-gzip stand for gzip.
  const chosen = negotiator.negotiate(header.toLowerCase().replace(/\*|x-gzip/g, 'gzip'));
  return chosen === 'br' || chosen === 'gzip' ? chosen : null;
}

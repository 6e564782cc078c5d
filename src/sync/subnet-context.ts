import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config/config.ts';
import { toError } from '../core/errors.ts';
import { toGithubTime } from '../core/time.ts';
import type { DB } from '../db/schema.ts';
import { getFetchState, recordFailure, recordSuccess } from '../db/subnet-state.queries.ts';
import type { Logger } from '../logger.ts';
import type { Fetched, GetOptions } from '../subnet/http.ts';
import type { SubnetClients } from '../subnet/clients.ts';

/** What every subnet mirror job gets. */
export interface SubnetJobContext {
  db: Kysely<DB>;
  clients: SubnetClients;
  services: Config['services'];
  logger: Logger;
  /** Epoch ms; tests move it to play an hour in a second. Default Date.now. */
  now?: () => number;
  signal?: AbortSignal;
}

export type SourceOutcome =
  | { source: string; status: 'saved'; count: number }
  | { source: string; status: 'not_modified' }
  | { source: string; status: 'failed'; error: string };

export function nowOf(ctx: SubnetJobContext): string {
  return toGithubTime((ctx.now ?? Date.now)());
}

/**
 * One fetch-and-store of one source. The stored ETag is sent; a 304 only renews
 * the source's freshness. A good answer is stored and recorded in one
 * transaction, so the data and its fetch state never disagree. A failure is
 * recorded and logged and leaves the last good data in place.
 */
export async function mirrorSource<T>(
  ctx: SubnetJobContext,
  source: string,
  fetch: (o: GetOptions) => Promise<Fetched<T>>,
  store: (tx: Transaction<DB>, data: T, now: string) => Promise<number>,
): Promise<SourceOutcome> {
  const { db, logger } = ctx;
  const state = await getFetchState(db, source);
  try {
    const r = await fetch({ etag: state?.etag ?? null, signal: ctx.signal });
    const now = nowOf(ctx);
    if (r.notModified) {
      await recordSuccess(db, source, { now, etag: r.etag, changed: false });
      return { source, status: 'not_modified' };
    }
    const count = await db.transaction().execute(async (tx) => {
      const n = await store(tx, r.data, now);
      await recordSuccess(tx, source, { now, etag: r.etag, changed: true, itemCount: n });
      return n;
    });
    logger.debug({ source, count }, 'subnet data saved');
    return { source, status: 'saved', count };
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    const e = toError(err);
    await recordFailure(db, source, { now: nowOf(ctx), error: e.message });
    logger.warn({ source, err: e.message }, 'subnet data fetch failed; keeping the last good data');
    return { source, status: 'failed', error: e.message };
  }
}

/**
 * Per-source fetch state of the subnet's services (what was asked, what worked,
 * what failed), and the two small mirrored tables that go with single sources:
 * maintainers per repository and prices.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.ts';
import type { SubnetFetchStateRow, SubnetPriceRow } from './subnet.schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Marks `source` as being fetched at `now` unless it was attempted after
 * `notAttemptedSince`. One UPDATE, so two workers never both claim a source.
 */
export async function claimSource(db: Db, source: string, now: string, notAttemptedSince: string): Promise<boolean> {
  await db.insertInto('subnet_fetch_state').values({ source }).onConflict((oc) => oc.column('source').doNothing()).execute();
  const res = await db
    .updateTable('subnet_fetch_state')
    .set({ last_attempt_at: now })
    .where('source', '=', source)
    .where((eb) => eb.or([eb('last_attempt_at', 'is', null), eb('last_attempt_at', '<=', notAttemptedSince)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function getFetchState(db: Db, source: string): Promise<SubnetFetchStateRow | undefined> {
  return db.selectFrom('subnet_fetch_state').selectAll().where('source', '=', source).executeTakeFirst();
}

/** Every state, or those whose source starts with `prefix` (`mirror:maintainers:`). */
export async function listFetchStates(db: Db, prefix?: string): Promise<SubnetFetchStateRow[]> {
  let q = db.selectFrom('subnet_fetch_state').selectAll();
  if (prefix) q = q.where(sql<boolean>`substr(source, 1, ${prefix.length}) = ${prefix}`);
  return q.orderBy('source').execute();
}

/** A good answer (or a 304): committed in the same transaction as the data it brought. */
export async function recordSuccess(db: Db, source: string, o: { now: string; etag: string | null; changed: boolean; itemCount?: number | null }): Promise<void> {
  await db
    .insertInto('subnet_fetch_state')
    .values({ source, etag: o.etag, last_attempt_at: o.now, last_success_at: o.now, last_change_at: o.changed ? o.now : null, consecutive_failures: 0, item_count: o.itemCount ?? null })
    .onConflict((oc) =>
      oc.column('source').doUpdateSet({
        etag: o.etag,
        last_attempt_at: o.now,
        last_success_at: o.now,
        consecutive_failures: 0,
        ...(o.changed ? { last_change_at: o.now } : {}),
        ...(o.itemCount === undefined || o.itemCount === null ? {} : { item_count: o.itemCount }),
      }),
    )
    .execute();
}

/** A failed fetch: the data and the last success stay as they were. */
export async function recordFailure(db: Db, source: string, o: { now: string; error: string }): Promise<void> {
  await db
    .insertInto('subnet_fetch_state')
    .values({ source, last_attempt_at: o.now, last_error: o.error, last_error_at: o.now, consecutive_failures: 1 })
    .onConflict((oc) =>
      oc.column('source').doUpdateSet({
        last_attempt_at: o.now,
        last_error: o.error,
        last_error_at: o.now,
        // Qualified: PostgreSQL reads a bare name here as ambiguous between the row and `excluded`.
        consecutive_failures: sql`subnet_fetch_state.consecutive_failures + 1`,
      }),
    )
    .execute();
}

export interface MaintainerInput {
  github_id: string;
  login: string;
  association: string;
}

export async function replaceMaintainers(db: Transaction<DB>, repoKey: string, rows: readonly MaintainerInput[], o: { source: string; now: string }): Promise<void> {
  await db.deleteFrom('subnet_maintainers').where('repo_key', '=', repoKey).execute();
  const unique = [...new Map(rows.map((r) => [r.github_id, r])).values()];
  if (unique.length) await db.insertInto('subnet_maintainers').values(unique.map((r) => ({ ...r, repo_key: repoKey, source: o.source, fetched_at: o.now }))).execute();
}

export async function listMaintainers(db: Db, repoKey: string) {
  return db.selectFrom('subnet_maintainers').selectAll().where('repo_key', '=', repoKey).orderBy('login').execute();
}

export type PriceName = 'alpha_tao' | 'alpha_emission_per_day' | 'tao_usd';

export async function savePrice(db: Db, p: { name: PriceName; value: number; source: string; observedAt: string | null; now: string }): Promise<void> {
  const row = { name: p.name, value: p.value, source: p.source, observed_at: p.observedAt, fetched_at: p.now };
  await db
    .insertInto('subnet_prices')
    .values(row)
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: row.value, source: row.source, observed_at: row.observed_at, fetched_at: row.fetched_at }))
    .execute();
}

export async function listPrices(db: Db): Promise<SubnetPriceRow[]> {
  return db.selectFrom('subnet_prices').selectAll().orderBy('name').execute();
}

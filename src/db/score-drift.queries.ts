/**
 * Official versus ours. listDifferences and countDifferences read every official
 * pull request score (subnet_pr_scores, migration 0007) beside the hub's own
 * evaluation of the same pull request (hub_pull_scores, migration 0008), with one
 * flag per compared field: one pass over the official scores with index lookups
 * for the hub's side, but reading every evaluation's JSON, a few hundred
 * milliseconds at 20,000 pull requests, so only the worker runs them. It stores
 * the result (migration 0010), which the drift route and `score drift` read a
 * page at a time.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { differingFields, DRIFT_FIELDS, DRIFT_TOLERANCE, hubBreakdown, officialBreakdown, type DriftField, type DriftRowLike } from '../core/subnet/drift.ts';
import type { Dialect } from './database.ts';
import type { DB } from './schema.ts';
import { dialectOf, joinText } from './dialect.ts';
import type { ScoreDriftRow } from './subnet.schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface DriftFilter {
  /** Lower-case `owner/name`. */
  repoKey?: string;
  /** The miner's GitHub id. */
  githubId?: string;
}

/** One official score beside the hub's entry: the compared fields as DriftRowLike names them, and where the row belongs. */
export interface DriftRow extends DriftRowLike {
  repo_key: string;
  repository: string;
  number: number;
  github_id: string;
  login: string | null;
  official_at: string;
  hub_at: string;
}

export interface DriftCounts {
  /** Pull requests scored by both sides. */
  compared: number;
  differing: number;
  /** Scored officially, not evaluated by the hub (untracked repository, not synced yet, not scored yet). */
  officialOnly: number;
  /** Evaluated by the hub for a registered miner, with no official score. */
  hubOnly: number;
}

/**
 * The drift flags as SQL, per store. SQLite: json_extract of the entry, and
 * comparisons that are integers (0/1) already. PostgreSQL: the entry as jsonb
 * (`#>>` gives text, cast to a number where compared), and booleans, counted as
 * integers only in the output columns.
 */
function driftSql(dialect: Dialect) {
  const pg = dialect === 'postgres';
  const text = (path: string) => (pg ? sql`(j.e #>> ${sql.lit(`{${path.slice(2).split('.').join(',')}}`)})` : sql`json_extract(j.e, ${sql.lit(path)})`);
  const num = (path: string) => (pg ? sql`(${text(path)})::float8` : text(path));
  const no = pg ? sql`false` : sql`0`;
  /** True (1) when both are known and further apart than rounding, else false (0). */
  const apart = (official: RawBuilder<unknown>, hub: RawBuilder<unknown>) => sql`coalesce(abs(${official} - ${hub}) > ${sql.lit(DRIFT_TOLERANCE)}, ${no})`;
  const live = sql`(lower(j.pr_state) <> 'closed' AND ${text('$.state')} <> 'closed' AND ${text('$.excluded')} IS NULL)`;
  const merged = sql`(lower(j.pr_state) = 'merged' AND ${text('$.state')} = 'merged' AND ${text('$.excluded')} IS NULL)`;
  const flags: Record<DriftField, RawBuilder<unknown>> = {
    state: sql`coalesce(lower(j.pr_state) <> ${text('$.state')}, ${no})`,
    score: apart(sql`j.score`, num('$.earned')),
    collateral: apart(sql`j.collateral_score`, num('$.collateral')),
    base: sql`(${live} AND ${apart(sql`j.base_score`, num('$.base'))})`,
    issue: sql`(${live} AND ${apart(sql`j.issue_multiplier`, num('$.multipliers.issue'))})`,
    label: sql`(${live} AND ${apart(sql`j.label_multiplier`, num('$.multipliers.label'))})`,
    spam: sql`(${live} AND ${apart(sql`j.open_pr_spam_multiplier`, num('$.multipliers.spam'))})`,
    decay: sql`(${merged} AND ${apart(sql`j.time_decay_multiplier`, num('$.multipliers.decay'))})`,
    review: sql`(${merged} AND ${apart(sql`j.review_quality_multiplier`, num('$.multipliers.review'))})`,
  };
  const asInt = (f: RawBuilder<unknown>) => (pg ? sql`coalesce((${f})::int, 0)` : sql`coalesce(${f}, 0)`);
  return {
    flagColumns: sql.join(DRIFT_FIELDS.map((f) => sql`${asInt(flags[f])} AS ${sql.ref(`d_${f}`)}`)),
    anyFlag: sql.join(
      DRIFT_FIELDS.map((f) => (pg ? sql`coalesce(${flags[f]}, false)` : sql`${flags[f]}`)),
      sql` OR `,
    ),
    // A damaged entry (not JSON) compares as no evaluation on both stores.
    entry: pg ? sql`CASE WHEN hub_json_valid(h.entry) THEN h.entry::jsonb END` : sql`CASE WHEN json_valid(h.entry) THEN h.entry END`,
  };
}
const DRIFT_SQL = { sqlite: driftSql('sqlite'), postgres: driftSql('postgres') };

/**
 * The CTE's head. PostgreSQL inlines a CTE read once, and then evaluates \`e\` (the entry's
 * validity check and jsonb parse) again at each of the thirty-odd places the flags read it;
 * MATERIALIZED has it evaluated once per row. SQLite plans this CTE well as it is
 * (score-drift.scale.test.ts checks its plan).
 */
const withJoined = (db: Db) => (dialectOf(db) === 'postgres' ? sql`WITH j AS MATERIALIZED` : sql`WITH j AS`);

/** Official scores joined to the hub's evaluation (null side when it has none). */
function joined(db: Db) {
  return sql`
    SELECT s.*, r.id AS repo_id, h.item_id AS hub_item, h.computed_at AS hub_at, h.entry AS entry,
           ${DRIFT_SQL[dialectOf(db)].entry} AS e
    FROM subnet_pr_scores s
    LEFT JOIN repos r ON r.name_key = s.repo_key
    LEFT JOIN items i ON i.repo_id = r.id AND i.number = s.number
    LEFT JOIN hub_pull_scores h ON h.item_id = i.id`;
}

/** Every pull request whose official and hub scores differ, in repository and number order. Heavy: the worker's. */
export async function listDifferences(db: Db): Promise<DriftRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    ${withJoined(db)} (${joined(db)})
    SELECT j.repo_key, j.repository, j.number, j.github_id, a.login AS login, j.pr_state, j.score, j.collateral_score, j.base_score, j.token_score,
           j.issue_multiplier, j.label_multiplier, j.time_decay_multiplier, j.review_quality_multiplier, j.open_pr_spam_multiplier,
           j.updated_at AS official_at, j.entry, j.hub_at, ${DRIFT_SQL[dialectOf(db)].flagColumns}
    FROM j
    LEFT JOIN subnet_accounts a ON a.github_id = j.github_id
    WHERE j.e IS NOT NULL AND (${DRIFT_SQL[dialectOf(db)].anyFlag})
    ORDER BY j.repo_key, j.number`.execute(db);
  return rows.map((r) => {
    const flags = Object.fromEntries(DRIFT_FIELDS.map((k) => [k, Number(r[`d_${k}`])])) as Record<DriftField, number>;
    for (const k of DRIFT_FIELDS) delete r[`d_${k}`];
    return { ...(r as unknown as Omit<DriftRow, 'flags'>), flags };
  });
}

export interface DriftGroup {
  repo_key: string;
  github_id: string;
  compared: number;
  differing: number;
  official_only: number;
  hub_only: number;
}

/** The counts per repository and miner. Heavy: the worker's. */
export async function countDifferences(db: Db): Promise<DriftGroup[]> {
  const official = await sql<{ repo_key: string; github_id: string; compared: number; differing: number; official_only: number }>`
    ${withJoined(db)} (${joined(db)})
    SELECT j.repo_key, j.github_id, count(j.e) AS compared,
           coalesce(sum(CASE WHEN j.e IS NOT NULL AND (${DRIFT_SQL[dialectOf(db)].anyFlag}) THEN 1 ELSE 0 END), 0) AS differing,
           coalesce(sum(CASE WHEN j.hub_item IS NULL THEN 1 ELSE 0 END), 0) AS official_only
    FROM j GROUP BY j.repo_key, j.github_id`.execute(db);
  // The hub evaluates every author; only registered miners' pull requests can have an official score.
  const hub = await sql<{ repo_key: string; github_id: string; n: number }>`
    SELECT r.name_key AS repo_key, coalesce(st.github_id, (SELECT a.github_id FROM subnet_accounts a WHERE lower(a.login) = h.author_key LIMIT 1), '') AS github_id, count(*) AS n
    FROM hub_pull_scores h
    JOIN items i ON i.id = h.item_id
    JOIN repos r ON r.id = i.repo_id
    LEFT JOIN hub_standings st ON st.repo_id = h.repo_id AND st.author_key = h.author_key
    WHERE NOT EXISTS (SELECT 1 FROM subnet_pr_scores s WHERE s.repo_key = r.name_key AND s.number = i.number)
      AND (st.registered = 1 OR EXISTS (SELECT 1 FROM subnet_accounts a WHERE a.miner_count > 0 AND (a.github_id = st.github_id OR lower(a.login) = h.author_key)))
    GROUP BY 1, 2`.execute(db);
  const groups = new Map<string, DriftGroup>();
  const group = (repo_key: string, github_id: string) => {
    const key = `${repo_key} ${github_id}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { repo_key, github_id, compared: 0, differing: 0, official_only: 0, hub_only: 0 }));
    return g;
  };
  for (const o of official.rows) Object.assign(group(o.repo_key, o.github_id), { compared: Number(o.compared), differing: Number(o.differing), official_only: Number(o.official_only) });
  for (const h of hub.rows) group(h.repo_key, h.github_id).hub_only = Number(h.n);
  return [...groups.values()];
}

/**
 * What the report depends on, cheaply: the official scores' fetch state and the
 * hub's evaluation state (scoring_state, one row per repository). Equal inputs,
 * equal report.
 */
export async function driftInputs(db: Db): Promise<string> {
  const { rows } = await sql<{ prs: string | null; scored: string | null; evaluations: number }>`
    SELECT (SELECT coalesce(last_change_at, '') || '/' || coalesce(CAST(item_count AS TEXT), '') FROM subnet_fetch_state WHERE source = 'api:prs') AS prs,
           (SELECT count(*) || '/' || coalesce(max(scored_at), '') || '/' || coalesce(CAST(sum(data_version) AS TEXT), '') || '/' || coalesce(${joinText(db, sql`inputs_version`, ',')}, '') FROM scoring_state) AS scored,
           (SELECT count(*) FROM hub_pull_scores) AS evaluations`.execute(db);
  const r = rows[0]!;
  return JSON.stringify([r.prs, r.scored, Number(r.evaluations)]);
}

export async function getDriftState(db: Db) {
  return db.selectFrom('score_drift_state').selectAll().where('id', '=', 1).executeTakeFirst();
}

const CHUNK = 200;

/** Replaces the stored report with a new one, in one transaction with its state. */
export async function replaceScoreDrift(db: Transaction<DB>, rows: readonly DriftRow[], groups: readonly DriftGroup[], o: { inputs: string; now: string; ms: number }): Promise<void> {
  await db.deleteFrom('score_drift').execute();
  await db.deleteFrom('score_drift_counts').execute();
  const stored = rows.map((r) => ({
    repo_key: r.repo_key,
    number: r.number,
    repository: r.repository,
    github_id: r.github_id,
    login: r.login,
    fields: JSON.stringify(differingFields(r.flags)),
    official: JSON.stringify(officialBreakdown(r)),
    hub: JSON.stringify(hubBreakdown(r.entry)),
    official_at: r.official_at,
    hub_at: r.hub_at,
  }));
  for (let i = 0; i < stored.length; i += CHUNK) await db.insertInto('score_drift').values(stored.slice(i, i + CHUNK)).execute();
  for (let i = 0; i < groups.length; i += CHUNK) await db.insertInto('score_drift_counts').values(groups.slice(i, i + CHUNK)).execute();
  const state = { inputs: o.inputs, computed_at: o.now, ms: o.ms };
  await db.insertInto('score_drift_state').values({ id: 1, ...state }).onConflict((oc) => oc.column('id').doUpdateSet(state)).execute();
}

/** A page of the stored report, in repository and number order, after `after`. */
export async function listStoredDrift(db: Db, f: DriftFilter & { after?: { repoKey: string; number: number } | null; limit: number }): Promise<ScoreDriftRow[]> {
  let q = db.selectFrom('score_drift').selectAll();
  if (f.repoKey) q = q.where('repo_key', '=', f.repoKey);
  if (f.githubId) q = q.where('github_id', '=', f.githubId);
  if (f.after) {
    const a = f.after;
    q = q.where((eb) => eb.or([eb('repo_key', '>', a.repoKey), eb.and([eb('repo_key', '=', a.repoKey), eb('number', '>', a.number)])]));
  }
  return q.orderBy('repo_key').orderBy('number').limit(f.limit).execute();
}

/** The stored counts, for the whole store or one repository and/or miner. */
export async function storedDriftCounts(db: Db, f: DriftFilter): Promise<DriftCounts> {
  let q = db
    .selectFrom('score_drift_counts')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('compared'), sql.lit(0)).as('compared'),
      eb.fn.coalesce(eb.fn.sum<number>('differing'), sql.lit(0)).as('differing'),
      eb.fn.coalesce(eb.fn.sum<number>('official_only'), sql.lit(0)).as('official_only'),
      eb.fn.coalesce(eb.fn.sum<number>('hub_only'), sql.lit(0)).as('hub_only'),
    ]);
  if (f.repoKey) q = q.where('repo_key', '=', f.repoKey);
  if (f.githubId) q = q.where('github_id', '=', f.githubId);
  const r = await q.executeTakeFirstOrThrow();
  return { compared: Number(r.compared), differing: Number(r.differing), officialOnly: Number(r.official_only), hubOnly: Number(r.hub_only) };
}

/** The GitHub id of a miner's account by its login, current or previous (case-insensitive). */
export async function minerIdByLogin(db: Db, login: string): Promise<string | null> {
  const key = login.toLowerCase();
  const row = await db
    .selectFrom('subnet_accounts')
    .select('github_id')
    .where((eb) => eb.or([eb(eb.fn('lower', ['login']), '=', key), eb(eb.fn('lower', ['previous_login']), '=', key)]))
    .orderBy(sql`lower(login) = ${key}`, 'desc')
    .executeTakeFirst();
  return row?.github_id ?? null;
}

/**
 * What the scoring job reads and writes (docs/scoring.md, "The scoring job"). A
 * repository's facts are read in a fixed number of bulk queries, whatever its size
 * (no query per pull request); its evaluation is replaced in one transaction, so a
 * reader sees the previous complete evaluation or the new one, never a mix.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, RepoRow } from './schema.ts';
import { joinText, jsonText, sumForVersion } from './dialect.ts';
import { LOCKS, transactionLock } from './transaction.ts';
import type { HubMinerTotalsRow, HubPullScoreRow, HubRepoSumsRow, HubStandingRow, IssueFactsRow, LabelEventRow, PullFactsRow, PullReviewRow, PullTokenScoreRow } from './scoring.schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

const CHUNK = 200;

/** The columns of an item the mapping reads. */
export interface ScoringItemRow {
  id: number;
  number: number;
  is_pull: number;
  state: 'open' | 'closed';
  state_reason: string | null;
  merged: number;
  merged_at: string | null;
  base_ref: string | null;
  head_ref: string | null;
  head_repo: string | null;
  head_sha: string | null;
  author: string | null;
  author_key: string | null;
  author_id: string | null;
  author_association: string | null;
  labels: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  gone: string | null;
}

export interface ScoringLinkRow {
  pull_id: number;
  issue_number: number;
}

export interface MaintainerRow {
  github_id: string;
  login: string;
  association: string;
}

export interface RegisteredMinerRow {
  github_id: string;
  login: string;
  shared_account: number;
}

/** Everything one repository's evaluation reads. */
export interface RepoScoringRows {
  repo: RepoRow;
  items: ScoringItemRow[];
  pullFacts: PullFactsRow[];
  reviews: PullReviewRow[];
  labelEvents: LabelEventRow[];
  issueFacts: IssueFactsRow[];
  tokenScores: PullTokenScoreRow[];
  /** Closing references to issues of the same repository. */
  links: ScoringLinkRow[];
  maintainers: MaintainerRow[];
}

export async function repoDataVersion(db: Db, repoId: number): Promise<number> {
  const row = await db.selectFrom('sync_state').select('data_version').where('repo_id', '=', repoId).executeTakeFirst();
  return row?.data_version ?? 0;
}

/** A repository's items and facts, eight queries in all. */
export async function loadRepoScoringRows(db: Db, repo: RepoRow): Promise<RepoScoringRows> {
  const items = await db
    .selectFrom('items')
    .select([
      'id', 'number', 'is_pull', 'state', 'state_reason', 'merged', 'merged_at', 'base_ref', 'head_ref', 'head_repo', 'head_sha', 'author', 'author_key', 'author_id',
      'author_association', 'labels', 'created_at', 'updated_at', 'closed_at', 'gone',
    ])
    .where('repo_id', '=', repo.id)
    .orderBy('id')
    .execute();
  const repoItems = db.selectFrom('items').select('id').where('repo_id', '=', repo.id);
  const [pullFacts, reviews, labelEvents, issueFacts, tokenScores] = await Promise.all([
    db.selectFrom('pull_facts').selectAll().where('item_id', 'in', repoItems).execute(),
    db.selectFrom('pull_reviews').selectAll().where('item_id', 'in', repoItems).orderBy('item_id').orderBy('review_id').execute(),
    db.selectFrom('label_events').selectAll().where('item_id', 'in', repoItems).execute(),
    db.selectFrom('issue_facts').selectAll().where('item_id', 'in', repoItems).execute(),
    db.selectFrom('pull_token_scores').selectAll().where('item_id', 'in', repoItems).execute(),
  ]);
  const links = await db
    .selectFrom('links')
    .innerJoin('items', 'items.id', 'links.pull_id')
    .select(['links.pull_id', 'links.issue_number'])
    .where('items.repo_id', '=', repo.id)
    .where('links.issue_repo_key', '=', repo.name_key)
    .orderBy('links.pull_id')
    .orderBy('links.issue_number')
    .execute();
  const maintainers = await db.selectFrom('subnet_maintainers').select(['github_id', 'login', 'association']).where('repo_key', '=', repo.name_key).orderBy('github_id').execute();
  return { repo, items: items as ScoringItemRow[], pullFacts, reviews, labelEvents, issueFacts, tokenScores, links, maintainers };
}

/** Registered miners (the subnet's own data): empty when it is not configured or never answered. */
export async function registeredMiners(db: Db): Promise<RegisteredMinerRow[]> {
  return db.selectFrom('subnet_miners').select(['github_id', 'login', 'shared_account']).orderBy('github_id').orderBy('uid').execute();
}

/**
 * What a repository's facts look like from outside, in one cheap query: counts and
 * latest times of each fact table and the maintainers. When neither this nor the
 * data version moved since the last evaluation, nothing it reads changed.
 */
export async function factsFingerprint(db: Db, repo: RepoRow): Promise<string> {
  const row = await sql<Record<string, unknown>>`
    SELECT
      (SELECT count(*) || ':' || coalesce(max(f.fetched_at), '') || ':' || coalesce(max(f.item_updated_at), '') FROM pull_facts f JOIN items i ON i.id = f.item_id WHERE i.repo_id = ${repo.id}) AS pf,
      (SELECT count(*) || ':' || coalesce(max(r.submitted_at), '') || ':' || coalesce(${sumForVersion(db, sql`length(r.state)`)}, '0') FROM pull_reviews r JOIN items i ON i.id = r.item_id WHERE i.repo_id = ${repo.id}) AS pr,
      (SELECT count(*) || ':' || coalesce(max(e.at), '') FROM label_events e JOIN items i ON i.id = e.item_id WHERE i.repo_id = ${repo.id}) AS le,
      (SELECT count(*) || ':' || coalesce(max(f.fetched_at), '') FROM issue_facts f JOIN items i ON i.id = f.item_id WHERE i.repo_id = ${repo.id}) AS isf,
      (SELECT count(*) || ':' || coalesce(max(t.computed_at), '') || ':' || coalesce(${sumForVersion(db, sql`t.token_score`)}, '0') FROM pull_token_scores t JOIN items i ON i.id = t.item_id WHERE i.repo_id = ${repo.id}) AS ts,
      (SELECT count(*) || ':' || coalesce(${joinText(db, sql`m.github_id || '=' || m.association`, ',')}, '') FROM (SELECT github_id, association FROM subnet_maintainers WHERE repo_key = ${repo.name_key} ORDER BY github_id) m) AS mt
  `.execute(db);
  return JSON.stringify(row.rows[0] ?? {});
}

export interface ScoringStateRow {
  repo_id: number;
  data_version: number;
  inputs_version: string;
  scored_at: string;
}

export async function getScoringState(db: Db, repoId: number): Promise<ScoringStateRow | undefined> {
  return db.selectFrom('scoring_state').selectAll().where('repo_id', '=', repoId).executeTakeFirst();
}

/** The fingerprint of what each stored standing of a repository read, by author. */
export async function storedInputVersions(db: Db, repoId: number): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('hub_standings')
    .select(['author_key', jsonText(db, sql`standing`, '$.inputs_version').as('v')])
    .where('repo_id', '=', repoId)
    .execute();
  return new Map(rows.map((r) => [r.author_key, r.v ?? '']));
}

export interface StandingWrite {
  authorKey: string;
  login: string;
  githubId: string | null;
  registered: boolean;
  eligible: boolean;
  total: number;
  /** The issue-discovery total. */
  issueTotal: number;
  /** The repo entry, as stored JSON. */
  standing: string;
  /** The projection curve, as stored JSON. */
  projection: string;
  pulls: Array<{ itemId: number; earned: number; entry: string }>;
}

export interface EvaluationWrite {
  repoId: number;
  /** Standings to store (replacing the author's previous one). */
  standings: StandingWrite[];
  /** Authors whose standing goes (no item of theirs is left in the repository). */
  removed: string[];
  state: ScoringStateRow;
  computedAt: string;
}

/**
 * Replaces the evaluated authors' standings and pull request entries and records
 * what was read, in the caller's transaction.
 */
export async function writeEvaluation(trx: Transaction<DB>, w: EvaluationWrite): Promise<void> {
  // Two evaluations of one repository at once (its sync's scoring in one worker, the hourly run in
  // another) would each delete the rows they see and insert their own, and the second insert of an
  // author's standing fails on the key. Per repository they take turns on PostgreSQL, to the commit
  // (taken before the totals' lock, always in that order); SQLite's single writer already serialises them.
  await transactionLock(trx, LOCKS.repoEvaluation, w.repoId);
  const authors = [...w.standings.map((s) => s.authorKey), ...w.removed];
  for (let i = 0; i < authors.length; i += CHUNK) {
    const part = authors.slice(i, i + CHUNK);
    await trx.deleteFrom('hub_pull_scores').where('repo_id', '=', w.repoId).where('author_key', 'in', part).execute();
    await trx.deleteFrom('hub_standings').where('repo_id', '=', w.repoId).where('author_key', 'in', part).execute();
  }
  const standingRows = w.standings.map((s) => ({
    repo_id: w.repoId,
    author_key: s.authorKey,
    login: s.login,
    github_id: s.githubId,
    registered: s.registered ? 1 : 0,
    eligible: s.eligible ? 1 : 0,
    total: s.total,
    issue_total: s.issueTotal,
    standing: s.standing,
    projection: s.projection,
    computed_at: w.computedAt,
  }));
  for (let i = 0; i < standingRows.length; i += CHUNK) await trx.insertInto('hub_standings').values(standingRows.slice(i, i + CHUNK)).execute();
  if (authors.length > 0) await refreshMinerTotals(trx, authors);
  const pullRows = w.standings.flatMap((s) => s.pulls.map((p) => ({ item_id: p.itemId, repo_id: w.repoId, author_key: s.authorKey, earned: p.earned, entry: p.entry, computed_at: w.computedAt })));
  // A pull request whose author changed spelling moves with it: its old row is replaced.
  for (let i = 0; i < pullRows.length; i += CHUNK) {
    const part = pullRows.slice(i, i + CHUNK);
    await trx
      .insertInto('hub_pull_scores')
      .values(part)
      .onConflict((oc) => oc.column('item_id').doUpdateSet((eb) => ({ repo_id: eb.ref('excluded.repo_id'), author_key: eb.ref('excluded.author_key'), earned: eb.ref('excluded.earned'), entry: eb.ref('excluded.entry'), computed_at: eb.ref('excluded.computed_at') })))
      .execute();
  }
  await trx
    .insertInto('scoring_state')
    .values(w.state)
    .onConflict((oc) => oc.column('repo_id').doUpdateSet({ data_version: w.state.data_version, inputs_version: w.state.inputs_version, scored_at: w.state.scored_at }))
    .execute();
}

/** The stored curves of a repository's authors with a total above 0 on either side (the job sums them). */
export async function scoringCurves(db: Db, repoId: number): Promise<Array<string | null>> {
  const rows = await db
    .selectFrom('hub_standings')
    .select('projection')
    .where('repo_id', '=', repoId)
    .where((eb) => eb.or([eb('total', '>', 0), eb('issue_total', '>', 0)]))
    .execute();
  return rows.map((r) => r.projection);
}

export async function writeRepoSums(db: Db, row: HubRepoSumsRow): Promise<void> {
  await db
    .insertInto('hub_repo_sums')
    .values(row)
    .onConflict((oc) => oc.column('repo_id').doUpdateSet({ pr_total: row.pr_total, issue_total: row.issue_total, scorers: row.scorers, curve: row.curve, computed_at: row.computed_at }))
    .execute();
}

// ---- what the routes and the command read ---------------------------------------

export type StandingWithRepo = HubStandingRow & { full_name: string; name_key: string };

/** An author's stored standings in every tracked repository, by login in any case. */
export async function standingsOfLogin(db: Db, login: string): Promise<StandingWithRepo[]> {
  return db
    .selectFrom('hub_standings')
    .innerJoin('repos', 'repos.id', 'hub_standings.repo_id')
    .selectAll('hub_standings')
    .select(['repos.full_name', 'repos.name_key'])
    .where('hub_standings.author_key', '=', login.toLowerCase())
    .where('repos.active', '=', 1)
    .orderBy('hub_standings.total', 'desc')
    .orderBy('repos.name_key')
    .execute();
}

export type PullScoreWithAuthor = HubPullScoreRow & { login: string; github_id: string | null; registered: number };

/** A pull request's stored entry, with its author's login. */
export async function pullScoreOf(db: Db, itemId: number): Promise<PullScoreWithAuthor | undefined> {
  return db
    .selectFrom('hub_pull_scores')
    .innerJoin('hub_standings', (j) => j.onRef('hub_standings.repo_id', '=', 'hub_pull_scores.repo_id').onRef('hub_standings.author_key', '=', 'hub_pull_scores.author_key'))
    .selectAll('hub_pull_scores')
    .select(['hub_standings.login', 'hub_standings.github_id', 'hub_standings.registered'])
    .where('hub_pull_scores.item_id', '=', itemId)
    .executeTakeFirst();
}

/** Has the hub ever seen this login: as an author in the mirror, or as a registered miner's account? */
export async function loginSeen(db: Db, login: string): Promise<boolean> {
  const key = login.toLowerCase();
  const item = await db.selectFrom('items').select('id').where('author_key', '=', key).limit(1).executeTakeFirst();
  if (item) return true;
  const account = await db
    .selectFrom('subnet_accounts')
    .select('github_id')
    .where((eb) => eb.or([eb(eb.fn('lower', ['login']), '=', key), eb(eb.fn('lower', ['previous_login']), '=', key)]))
    .limit(1)
    .executeTakeFirst();
  if (account) return true;
  const miner = await db.selectFrom('subnet_miners').select('uid').where(sql<string>`lower(login)`, '=', key).limit(1).executeTakeFirst();
  return miner !== undefined;
}

/** One author's stored standing in one repository. */
export async function standingOf(db: Db, repoId: number, authorKey: string): Promise<HubStandingRow | undefined> {
  return db.selectFrom('hub_standings').selectAll().where('repo_id', '=', repoId).where('author_key', '=', authorKey).executeTakeFirst();
}

/** A leaderboard row: the stored sums, or one repository's standing counted as one repository. */
export type MinerSummaryRow = HubMinerTotalsRow;

/**
 * A page of authors by their summed stored totals over the active repositories
 * (or in one, `repoId`), highest first (then by login key) or by login key, after
 * `after`. Both read an index range: the summed totals are kept by the scoring job
 * (`refreshMinerTotals`), and one repository's standings are one row per author.
 */
export async function listMinerSummaries(
  db: Db,
  o: { registered?: boolean; repoId?: number; sort?: 'total' | 'login'; limit: number; after: { total: number; key: string } | null },
): Promise<MinerSummaryRow[]> {
  // The two sources have the same columns; a standing counts one repository.
  let q =
    o.repoId === undefined
      ? db.selectFrom('hub_miner_totals as m').select(['m.author_key', 'm.login', 'm.github_id', 'm.registered', 'm.eligible', 'm.total', 'm.repos', 'm.computed_at'])
      : db
          .selectFrom('hub_standings as m')
          .innerJoin('repos', 'repos.id', 'm.repo_id')
          .where('repos.active', '=', 1)
          .where('m.repo_id', '=', o.repoId)
          .select(['m.author_key', 'm.login', 'm.github_id', 'm.registered', 'm.eligible', 'm.total', sql<number>`1`.as('repos'), 'm.computed_at']);
  if (o.registered !== undefined) q = q.where('m.registered', '=', o.registered ? 1 : 0);
  if (o.sort === 'login') {
    if (o.after) q = q.where('m.author_key', '>', o.after.key);
    return q.orderBy('m.author_key').limit(o.limit).execute();
  }
  if (o.after) {
    const { total: t, key } = o.after;
    q = q.where((eb) => eb.or([eb('m.total', '<', t), eb.and([eb('m.total', '=', t), eb('m.author_key', '>', key)])]));
  }
  return q.orderBy('m.total', 'desc').orderBy('m.author_key').limit(o.limit).execute();
}

/**
 * Re-sums these authors' leaderboard rows from their stored standings, in the
 * caller's transaction (every author's when `keys` is null: the hourly run, which
 * also follows repositories that were deactivated or came back).
 */
export async function refreshMinerTotals(db: Db, keys: readonly string[] | null): Promise<void> {
  // Two scorers (the worker's runners, or several workers) may refresh one author's sums at once. SQLite's
  // single writer serialises them; on PostgreSQL each would delete the rows it sees and insert its own, and
  // the second insert of a shared author fails on the key (or, read before the other commit, sums without it).
  // A transaction-scoped lock, held to the commit, makes the refreshes serial: the one that waits reads the
  // other's committed standings once it has the lock (each statement sees what committed before it).
  await transactionLock(db, LOCKS.minerTotals);
  const parts = keys === null ? [null] : Array.from({ length: Math.ceil(keys.length / CHUNK) }, (_, i) => keys.slice(i * CHUNK, (i + 1) * CHUNK));
  for (const part of parts) {
    let drop = db.deleteFrom('hub_miner_totals');
    let sums = db
      .selectFrom('hub_standings')
      .innerJoin('repos', 'repos.id', 'hub_standings.repo_id')
      .where('repos.active', '=', 1)
      .select((eb) => [
        'hub_standings.author_key',
        eb.fn.max('hub_standings.login').as('login'),
        eb.fn.max('hub_standings.github_id').as('github_id'),
        eb.fn.max('hub_standings.registered').as('registered'),
        eb.fn.max('hub_standings.eligible').as('eligible'),
        eb.fn.sum<number>('hub_standings.total').as('total'),
        eb.fn.countAll<number>().as('repos'),
        eb.fn.max('hub_standings.computed_at').as('computed_at'),
      ])
      .groupBy('hub_standings.author_key');
    if (part) {
      drop = drop.where('author_key', 'in', part);
      sums = sums.where('hub_standings.author_key', 'in', part);
    }
    await drop.execute();
    await db.insertInto('hub_miner_totals').columns(['author_key', 'login', 'github_id', 'registered', 'eligible', 'total', 'repos', 'computed_at']).expression(sums).execute();
  }
}

export interface OfficialRow {
  github_id: string;
  /** Null in a per-repository row the subnet gave no uid. */
  uid: number | null;
  total_score: number;
  is_eligible: number;
  credibility: number;
  evaluated_at: string | null;
}

/** The validators' official standing of these GitHub accounts (every miner registered on each). */
export async function officialStandings(db: Db, githubIds: readonly string[]): Promise<OfficialRow[]> {
  if (githubIds.length === 0) return [];
  return db.selectFrom('subnet_miners').select(['github_id', 'uid', 'total_score', 'is_eligible', 'credibility', 'evaluated_at']).where('github_id', 'in', githubIds).orderBy('uid').execute();
}

/** The validators' official standing of these accounts in one repository (the subnet's per-repository scores). */
export async function officialRepoStandings(db: Db, repoKey: string, githubIds: readonly string[]): Promise<OfficialRow[]> {
  if (githubIds.length === 0) return [];
  const rows = await db
    .selectFrom('subnet_miner_repos')
    .select(['github_id', 'uid', 'total_score', 'is_eligible', 'credibility', 'updated_at'])
    .where('repo_key', '=', repoKey)
    .where('github_id', 'in', githubIds)
    .orderBy('uid')
    .execute();
  return rows.map((r) => ({ github_id: r.github_id, uid: r.uid, total_score: r.total_score, is_eligible: r.is_eligible, credibility: r.credibility, evaluated_at: r.updated_at }));
}

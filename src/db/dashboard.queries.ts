/**
 * What the dashboard job reads, and the snapshot it leaves for GET /api/dashboard
 * (docs/api.md, "Dashboard"). Window counts read only the window's rows through
 * the per-status time indexes (0001, 0005); closes are found through updated_at,
 * which GitHub moves on every close, so closed_at needs no index of its own. The
 * route reads one row of `meta` by its key, whatever the store's size.
 */
import { sql, type Kysely } from 'kysely';
import type { ActivityMetric, DashboardSnapshot, TopContribution } from '../core/dashboard.ts';
import { ISSUE_STATUSES, PULL_STATUSES } from '../core/states.ts';
import type { DB } from './schema.ts';

const SNAPSHOT_KEY = 'dashboard';
const INPUTS_KEY = 'dashboard:inputs';

interface MetricSpec {
  isPull: 0 | 1;
  statuses: readonly string[];
  column: 'created_at' | 'merged_at' | 'closed_at';
  /** The index holds updated_at, not closed_at: bound by it (updated_at ≥ closed_at). */
  viaUpdated: boolean;
}

const METRICS: Record<ActivityMetric, MetricSpec> = {
  pulls_opened: { isPull: 1, statuses: PULL_STATUSES, column: 'created_at', viaUpdated: false },
  pulls_merged: { isPull: 1, statuses: ['merged'], column: 'merged_at', viaUpdated: false },
  pulls_closed: { isPull: 1, statuses: ['closed'], column: 'closed_at', viaUpdated: true },
  issues_opened: { isPull: 0, statuses: ISSUE_STATUSES, column: 'created_at', viaUpdated: false },
  issues_completed: { isPull: 0, statuses: ['completed'], column: 'closed_at', viaUpdated: true },
};

/** Items of tracked repositories that GitHub still has. */
const liveItems = (db: Kysely<DB>) => db.selectFrom('items').innerJoin('repos', 'repos.id', 'items.repo_id').where('repos.active', '=', 1).where('items.gone', 'is', null);

function inWindow(db: Kysely<DB>, metric: ActivityMetric, since: string, until: string) {
  const m = METRICS[metric];
  let q = liveItems(db)
    .where('items.is_pull', '=', m.isPull)
    .where('items.status', 'in', [...m.statuses])
    .where(`items.${m.column}`, '>=', since)
    .where(`items.${m.column}`, '<=', until);
  if (m.viaUpdated) q = q.where('items.updated_at', '>=', since);
  return { q, col: sql.ref(`items.${m.column}`) };
}

/** Per hour (`YYYY-MM-DDTHH`) of [since, until], how many items the metric counts. */
export async function hourlyCounts(db: Kysely<DB>, metric: ActivityMetric, since: string, until: string): Promise<Array<{ hour: string; n: number }>> {
  const { q, col } = inWindow(db, metric, since, until);
  const hour = sql<string>`substr(${col}, 1, 13)`;
  const rows = await q.select([hour.as('hour'), sql<number>`count(*)`.as('n')]).groupBy(hour).execute();
  return rows.map((r) => ({ hour: r.hour, n: Number(r.n) }));
}

/** Exact counts since each of `sinces` (each at least `sinces[last]`, the widest). */
export async function windowCounts(db: Kysely<DB>, metric: ActivityMetric, sinces: readonly string[], until: string): Promise<number[]> {
  const widest = [...sinces].sort()[0]!;
  const { q, col } = inWindow(db, metric, widest, until);
  const row = await q.select(sinces.map((s, i) => sql<number>`sum(case when ${col} >= ${s} then 1 else 0 end)`.as(`w${i}`))).executeTakeFirst();
  return sinces.map((_, i) => Number((row as Record<string, unknown> | undefined)?.[`w${i}`] ?? 0));
}

/** Items of tracked repositories by kind and status (the pipelines' stages). */
export async function statusCounts(db: Kysely<DB>): Promise<Array<{ is_pull: number; status: string; n: number }>> {
  const rows = await liveItems(db)
    .select(['items.is_pull', 'items.status', sql<number>`count(*)`.as('n')])
    .groupBy(['items.is_pull', 'items.status'])
    .execute();
  return rows.map((r) => ({ is_pull: Number(r.is_pull), status: r.status, n: Number(r.n) }));
}

/** Merged pull requests whose stored evaluation earns something. */
export async function scoredMergedCount(db: Kysely<DB>): Promise<number> {
  const row = await liveItems(db)
    .innerJoin('hub_pull_scores', 'hub_pull_scores.item_id', 'items.id')
    .where('items.status', '=', 'merged')
    .where('hub_pull_scores.earned', '>', 0)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Issues closed as completed by a pull request (GitHub's closer, from the issue's facts). */
export async function solvedIssueCount(db: Kysely<DB>): Promise<number> {
  const row = await liveItems(db)
    .innerJoin('issue_facts', 'issue_facts.item_id', 'items.id')
    .where('items.is_pull', '=', 0)
    .where('items.status', '=', 'completed')
    .where('issue_facts.closer_number', 'is not', null)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The pull requests whose stored evaluations earn most, highest first. */
export async function topContributions(db: Kysely<DB>, limit: number): Promise<TopContribution[]> {
  const rows = await db
    .selectFrom('hub_pull_scores')
    .innerJoin('items', 'items.id', 'hub_pull_scores.item_id')
    .innerJoin('repos', 'repos.id', 'items.repo_id')
    .where('repos.active', '=', 1)
    .where('hub_pull_scores.earned', '>', 0)
    .select(['repos.full_name', 'items.number', 'items.title', 'items.author', 'items.status', 'items.merged_at', 'hub_pull_scores.earned'])
    .orderBy('hub_pull_scores.earned', 'desc')
    .orderBy('items.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ repo: r.full_name, number: r.number, title: r.title, author: r.author, status: r.status, merged_at: r.merged_at, earned: r.earned }));
}

export async function activeRepoEntries(db: Kysely<DB>): Promise<Array<{ id: number; full_name: string; entry: string }>> {
  return db.selectFrom('repos').select(['id', 'full_name', 'entry']).where('active', '=', 1).orderBy('name_key').execute();
}

/** A repository's newest open issues no open, draft or merged pull request claims. */
export async function newestUnclaimed(db: Kysely<DB>, repoId: number, limit: number) {
  return db
    .selectFrom('items')
    .select(['number', 'title', 'author', 'created_at', 'labels'])
    .where('repo_id', '=', repoId)
    .where('is_pull', '=', 0)
    .where('status', '=', 'open')
    .where('linked_count', '=', 0)
    .where('gone', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** What the snapshot read, in one cheap query: the newest change and evaluation. */
export async function dashboardInputs(db: Kysely<DB>): Promise<string> {
  const change = await db.selectFrom('changes').select(sql<number | null>`max(id)`.as('id')).executeTakeFirst();
  const scored = await db.selectFrom('scoring_state').select(sql<string | null>`max(scored_at)`.as('at')).executeTakeFirst();
  const repos = await db.selectFrom('repos').select([sql<number>`count(*)`.as('n'), sql<string | null>`max(updated_at)`.as('at')]).where('active', '=', 1).executeTakeFirst();
  return JSON.stringify([change?.id ?? 0, scored?.at ?? '', Number(repos?.n ?? 0), repos?.at ?? '']);
}

export async function readStoredInputs(db: Kysely<DB>): Promise<string | null> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', INPUTS_KEY).executeTakeFirst();
  return row?.value ?? null;
}

export async function readDashboardSnapshot(db: Kysely<DB>): Promise<DashboardSnapshot | null> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', SNAPSHOT_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as DashboardSnapshot) : null;
}

export async function writeDashboardSnapshot(db: Kysely<DB>, snapshot: DashboardSnapshot, inputs: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of [[SNAPSHOT_KEY, JSON.stringify(snapshot)], [INPUTS_KEY, inputs]] as const) {
      await trx.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    }
  });
}

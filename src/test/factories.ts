import type { Kysely } from 'kysely';
import { toGithubTime } from '../core/time.ts';
import type { GithubIssue, GithubPull } from '../github/schemas.ts';
import { refreshRepoCounts } from '../db/items.write.ts';
import { ingestIssues, ingestPulls, type RepoContext } from '../sync/ingest.ts';
import type { DB, ItemRow, RepoRow } from '../db/schema.ts';

/**
 * Test data built the way sync builds it: GitHub-shaped objects written through
 * the same ingest functions the worker uses, so links, statuses, counts, change
 * rows and data versions come out exactly as in production. Every builder creates
 * what it depends on and returns what it stored.
 */

export interface BuiltRepo extends RepoRow {
  /** What ingest needs; refreshed on every use so repositories built later are known as link targets. */
  context: () => Promise<RepoContext>;
}

let sequence = 0;
// Timestamps move forward one second per built item, so sort orders are predictable
// without every test spelling dates out.
const clockBase = Date.parse('2024-01-01T00:00:00Z');
function tick(): string {
  sequence += 1;
  return toGithubTime(clockBase + sequence * 1000);
}

export interface RepoOverrides {
  full_name?: string;
  weight?: number;
  active?: boolean;
  default_branch?: string | null;
  operator_added?: boolean;
}

export async function buildRepo(db: Kysely<DB>, overrides: RepoOverrides = {}): Promise<BuiltRepo> {
  sequence += 1;
  const fullName = overrides.full_name ?? `owner${sequence}/repo-${sequence}`;
  const [owner, name] = fullName.split('/') as [string, string];
  const now = tick();
  const inserted = await db
    .insertInto('repos')
    .values({
      full_name: fullName,
      name_key: fullName.toLowerCase(),
      owner,
      name,
      weight: overrides.weight ?? 0.01,
      entry: JSON.stringify({ weight: overrides.weight ?? 0.01 }),
      operator_added: overrides.operator_added ? 1 : 0,
      active: overrides.active === false ? 0 : 1,
      default_branch: overrides.default_branch === undefined ? 'main' : overrides.default_branch,
      archived: 0,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto('sync_state').values({ repo_id: inserted.id }).execute();
  return { ...inserted, context: () => repoContext(db, inserted) };
}

export async function repoContext(db: Kysely<DB>, repo: Pick<RepoRow, 'id' | 'full_name' | 'name_key' | 'default_branch'>): Promise<RepoContext> {
  const all = await db.selectFrom('repos').select(['name_key', 'full_name']).execute();
  return {
    id: repo.id,
    fullName: repo.full_name,
    key: repo.name_key,
    defaultBranch: repo.default_branch,
    trackedNames: new Map(all.map((r) => [r.name_key, r.full_name])),
  };
}

async function nextNumber(db: Kysely<DB>, repoId: number): Promise<number> {
  const row = await db.selectFrom('items').select((eb) => eb.fn.max('number').as('n')).where('repo_id', '=', repoId).executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

export interface LabelSpec {
  name: string;
  color?: string | null;
  description?: string | null;
}

export interface IssueOverrides {
  number?: number;
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  state_reason?: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  author?: string | null;
  author_association?: string;
  labels?: (string | LabelSpec)[];
  comments?: number;
  created_at?: string;
  updated_at?: string;
  closed_at?: string | null;
}

export interface PullOverrides extends Omit<IssueOverrides, 'state_reason'> {
  draft?: boolean;
  merged?: boolean;
  merged_at?: string | null;
  base_ref?: string;
  head_ref?: string;
  head_repo?: string | null;
}

/** A GitHub `/issues` answer element for an issue (or, with `pull_request`, a pull request). */
export function githubIssue(repo: Pick<RepoRow, 'full_name'>, number: number, o: IssueOverrides & { pull?: { merged_at: string | null }; draft?: boolean } = {}): GithubIssue {
  const created = o.created_at ?? tick();
  const updated = o.updated_at ?? created;
  const state = o.state ?? 'open';
  const kind = o.pull ? 'pull' : 'issues';
  const login = o.author === undefined ? 'alice' : o.author;
  return {
    id: 1_000_000 + number,
    node_id: `I_${repo.full_name}_${number}`,
    number,
    title: o.title ?? `Item ${number} of ${repo.full_name}`,
    body: o.body === undefined ? `Body of item ${number}` : o.body,
    state,
    state_reason: o.state_reason === undefined ? (state === 'closed' ? 'completed' : null) : o.state_reason,
    user: login === null ? null : { login },
    author_association: o.author_association ?? 'CONTRIBUTOR',
    labels: (o.labels ?? []).map((l) => (typeof l === 'string' ? { name: l, color: 'ededed', description: null } : { color: 'ededed', description: null, ...l })),
    comments: o.comments ?? 0,
    locked: false,
    html_url: `https://github.com/${repo.full_name}/${kind}/${number}`,
    created_at: created,
    updated_at: updated,
    closed_at: o.closed_at === undefined ? (state === 'closed' ? updated : null) : o.closed_at,
    ...(o.pull ? { pull_request: { merged_at: o.pull.merged_at }, draft: o.draft ?? false } : {}),
  };
}

/** A GitHub `/pulls` answer element. */
export function githubPull(repo: Pick<RepoRow, 'full_name' | 'default_branch'>, issue: GithubIssue, o: PullOverrides = {}): GithubPull {
  return {
    ...issue,
    draft: o.draft ?? false,
    merged_at: issue.pull_request?.merged_at ?? null,
    base: { ref: o.base_ref ?? repo.default_branch ?? 'main', repo: { full_name: repo.full_name } },
    head: { ref: o.head_ref ?? `feature-${issue.number}`, repo: { full_name: o.head_repo === undefined ? repo.full_name : o.head_repo } },
  } as GithubPull;
}

async function itemRow(db: Kysely<DB>, repoId: number, number: number): Promise<ItemRow> {
  return db.selectFrom('items').selectAll().where('repo_id', '=', repoId).where('number', '=', number).executeTakeFirstOrThrow();
}

export async function buildIssue(db: Kysely<DB>, repo?: BuiltRepo, overrides: IssueOverrides = {}): Promise<ItemRow> {
  const r = repo ?? (await buildRepo(db));
  const number = overrides.number ?? (await nextNumber(db, r.id));
  const ctx = await r.context();
  await ingestIssues(db, ctx, [githubIssue(r, number, overrides)], tick());
  await refreshRepoCounts(db, r.id);
  return itemRow(db, r.id, number);
}

/**
 * A pull request as sync sees it: the `/issues` element, then the `/pulls` element
 * (refs, draft, merged). Links come from the body, e.g. `body: 'Fixes #12'`.
 */
export async function buildPull(db: Kysely<DB>, repo?: BuiltRepo, overrides: PullOverrides = {}): Promise<ItemRow> {
  const r = repo ?? (await buildRepo(db));
  const number = overrides.number ?? (await nextNumber(db, r.id));
  const merged = overrides.merged ?? false;
  const state = overrides.state ?? (merged ? 'closed' : 'open');
  const created = overrides.created_at ?? tick();
  const updated = overrides.updated_at ?? created;
  const mergedAt = merged ? (overrides.merged_at ?? updated) : null;
  const issue = githubIssue(r, number, { ...overrides, state, created_at: created, updated_at: updated, state_reason: null, pull: { merged_at: mergedAt }, draft: overrides.draft ?? false });
  const ctx = await r.context();
  const now = tick();
  await ingestIssues(db, ctx, [issue], now);
  await ingestPulls(db, ctx, [githubPull(r, issue, overrides)], now);
  await refreshRepoCounts(db, r.id);
  return itemRow(db, r.id, number);
}

export interface BulkOptions {
  issues: number;
  pulls: number;
  /** Share of pull requests whose body closes an earlier issue. */
  linkedShare?: number;
  authors?: number;
  labels?: string[];
  words?: string[];
  startAt?: number;
  pageSize?: number;
}

/**
 * Many items at once, in pages of the size sync writes, each page in one
 * transaction: a large store for plan and timing checks. Deterministic.
 */
export async function buildBulk(db: Kysely<DB>, repo: BuiltRepo, o: BulkOptions): Promise<void> {
  const total = o.issues + o.pulls;
  const page = o.pageSize ?? 100;
  const authors = o.authors ?? 50;
  const labels = o.labels ?? ['bug', 'enhancement', 'good first issue', 'help wanted', 'documentation'];
  const words = o.words ?? ['parser', 'config', 'crash', 'timeout', 'token', 'cache', 'render', 'sync', 'index', 'query', 'docs', 'memory'];
  const start = o.startAt ?? (await nextNumber(db, repo.id));
  const ctx = await repo.context();
  const base = Date.parse('2023-01-01T00:00:00Z');
  let rnd = 2463534242 ^ repo.id;
  const rand = () => {
    rnd ^= rnd << 13;
    rnd ^= rnd >>> 17;
    rnd ^= rnd << 5;
    return (rnd >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  for (let offset = 0; offset < total; offset += page) {
    const issues: GithubIssue[] = [];
    const pulls: GithubPull[] = [];
    for (let i = offset; i < Math.min(total, offset + page); i++) {
      const number = start + i;
      const isPull = countPulls(i, total, o.pulls);
      const created = toGithubTime(base + i * 60_000);
      const updated = toGithubTime(base + i * 60_000 + Math.floor(rand() * 30 * 86_400_000));
      const r = rand();
      const state = r < 0.4 ? 'open' : 'closed';
      const words3 = `${pick(words)} ${pick(words)} ${pick(words)}`;
      const common = {
        title: `${words3} problem ${number}`,
        author: `user${Math.floor(rand() * authors)}`,
        labels: rand() < 0.5 ? [pick(labels)] : [],
        comments: Math.floor(rand() * 20),
        created_at: created,
        updated_at: updated,
      };
      if (isPull) {
        const merged = state === 'closed' && rand() < 0.7;
        const target = start + Math.floor(rand() * Math.max(1, i));
        const body = rand() < (o.linkedShare ?? 0.5) ? `Fixes #${target}\n\nTouches the ${words3}.` : `Touches the ${words3}.`;
        const issue = githubIssue(repo, number, { ...common, body, state, state_reason: null, pull: { merged_at: merged ? updated : null }, draft: state === 'open' && rand() < 0.2 });
        issues.push(issue);
        pulls.push(githubPull(repo, issue, { draft: issue.draft ?? false }));
      } else {
        const reason = state === 'open' ? null : pick(['completed', 'completed', 'not_planned', 'duplicate'] as const);
        issues.push(githubIssue(repo, number, { ...common, body: `When the ${words3} runs, it fails.\n\nSteps: ${pick(words)}.`, state, state_reason: reason }));
      }
    }
    const now = toGithubTime(base + 400 * 86_400_000);
    await db.transaction().execute(async (trx) => {
      await ingestIssues(trx, ctx, issues, now);
      if (pulls.length) await ingestPulls(trx, ctx, pulls, now);
    });
  }
  await refreshRepoCounts(db, repo.id);
}

// Spreads `pulls` pull requests evenly over `total` items.
function countPulls(i: number, total: number, pulls: number): boolean {
  return Math.floor(((i + 1) * pulls) / total) > Math.floor((i * pulls) / total);
}

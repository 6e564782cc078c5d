import { afterEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { CLAIMING_PULL_STATUSES } from '../core/states.ts';
import { toGithubTime } from '../core/time.ts';
import type { DB } from '../db/schema.ts';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { mirrorDifferences } from '../test/mirror.ts';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

interface Snapshot {
  items: number;
  issuesWatermark: string | null;
  pullsCursor: string | null;
  pullFacts: number;
  issueFacts: number;
}

/**
 * Records what is stored after every committed transaction of the store: the
 * number of items and the sync bookkeeping. Counting snapshots that moved tells
 * how many transactions the walks committed.
 */
function watchCommits(db: Kysely<DB>): Snapshot[] {
  const seen: Snapshot[] = [];
  const original = db.transaction.bind(db);
  db.transaction = (() => {
    const builder = original();
    return {
      execute: async <T>(fn: Parameters<typeof builder.execute<T>>[0]) => {
        const out = await builder.execute(fn);
        const n = await db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        const pf = await db.selectFrom('pull_facts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        const isf = await db.selectFrom('issue_facts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        const s = await db.selectFrom('sync_state').select(['issues_watermark', 'pulls_watermark', 'pulls_resume']).executeTakeFirst();
        seen.push({ items: Number(n.n), issuesWatermark: s?.issues_watermark ?? null, pullsCursor: `${s?.pulls_resume ?? ''}|${s?.pulls_watermark ?? ''}`, pullFacts: Number(pf.n), issueFacts: Number(isf.n) });
        return out;
      },
    };
  }) as unknown as typeof db.transaction;
  return seen;
}

const listPages = (h: SyncHarness, kind: 'issues' | 'pulls') => h.sim.log().filter((e) => e.path.endsWith(`/${kind}`) && e.query.state === 'all' && e.status === 200).length;

/** Transactions after which the given figure differed from the one before. */
function moves(seen: Snapshot[], key: keyof Snapshot, before: Snapshot[keyof Snapshot]): number {
  let n = 0;
  let last = before;
  for (const s of seen) {
    if (s[key] !== last) n++;
    last = s[key];
  }
  return n;
}

/** Items GitHub changed before the watermark that the store does not hold at that version. */
async function missedBelowWatermark(h: SyncHarness, watermark: string | null): Promise<string[]> {
  if (watermark === null) return [];
  const [repo] = h.sim.dataset.repos();
  const rows = await h.database.db.selectFrom('items').select(['number', 'updated_at']).execute();
  const stored = new Map(rows.map((r) => [r.number, r.updated_at]));
  return h.sim.dataset
    .numbers(repo!.fullName)
    .filter((n) => {
      const t = toGithubTime(Date.parse(h!.sim.dataset.issue(repo!.fullName, n)!.updated_at));
      return t < watermark && stored.get(n) !== t;
    })
    .map(String);
}

/**
 * Items whose stored link count differs from one counted here from the stored
 * links (which mirrorDifferences compares with GitHub): an issue counts the pull
 * requests claiming it, a pull request the issues it closes that are not pull requests.
 */
async function wrongLinkCounts(db: Kysely<DB>): Promise<string[]> {
  const items = await db.selectFrom('items').innerJoin('repos', 'repos.id', 'items.repo_id').select(['items.id', 'items.number', 'items.is_pull', 'items.status', 'items.gone', 'items.linked_count', 'repos.name_key']).execute();
  const links = await db.selectFrom('links').select(['pull_id', 'issue_repo_key', 'issue_number']).execute();
  const byId = new Map(items.map((i) => [i.id, i]));
  const byKey = new Map(items.map((i) => [`${i.name_key}#${i.number}`, i]));
  const expected = new Map<number, number>(items.map((i) => [i.id, 0]));
  for (const l of links) {
    const pull = byId.get(l.pull_id)!;
    const target = byKey.get(`${l.issue_repo_key}#${l.issue_number}`);
    if (target?.is_pull !== 1) expected.set(pull.id, expected.get(pull.id)! + 1);
    if (target && target.is_pull === 0 && pull.gone === null && (CLAIMING_PULL_STATUSES as readonly string[]).includes(pull.status)) expected.set(target.id, expected.get(target.id)! + 1);
  }
  return items.filter((i) => i.linked_count !== expected.get(i.id)).map((i) => `${i.name_key}#${i.number}: ${i.linked_count} != ${expected.get(i.id)}`);
}

describe('listing pages commit in batches of about a thousand rows', () => {
  it('commits a first walk in one transaction per ten pages, issues and pull requests alike', async () => {
    // Without GraphQL the text links stand, and their counts are the ones the listing batches refreshed.
    h = await createSyncHarness({ seed: 51, repos: 1, itemsPerRepo: 2500, graphql: false });
    const seen = watchCommits(h.database.db);
    const [outcome] = await h.syncAll();
    expect(outcome!.ok).toBe(true);
    const issuePages = listPages(h, 'issues');
    const pullPages = listPages(h, 'pulls');
    expect(issuePages).toBeGreaterThanOrEqual(25);
    expect(pullPages).toBeGreaterThan(1);
    // A first walk stores new items only in the /issues step; every page but the last holds a hundred.
    expect(moves(seen, 'items', 0)).toBe(Math.ceil(issuePages / 10));
    expect(moves(seen, 'pullsCursor', '|')).toBe(Math.ceil(pullPages / 10));
    for (const w of new Set(seen.map((s) => s.issuesWatermark))) expect(await missedBelowWatermark(h, w)).toEqual([]);
    expect(await mirrorDifferences(h.database.db, h.sim, { links: 'text' })).toEqual([]);
    // The counts are refreshed once per batch, not per page: still every one right.
    const links = await h.database.db.selectFrom('links').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(links.n)).toBeGreaterThan(100);
    expect(await wrongLinkCounts(h.database.db)).toEqual([]);
  }, 120_000);

  it('commits the pages fetched before a failing one, never with the watermark ahead of them', async () => {
    h = await createSyncHarness({ seed: 52, repos: 1, itemsPerRepo: 2500 });
    // The fifteenth page of the walk fails on every retry: fourteen pages were fetched, ten of them committed as a batch.
    h.sim.faults.script([{ match: { path: /\/issues$/ }, range: [15, 60], action: { kind: 'status', status: 502 } }]);
    const [first] = await h.syncAll();
    expect(first!.ok).toBe(false);
    const kept = await h.database.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // Pages 11 to 14 were held when page 15 failed; they are stored too.
    expect(Number(kept.n)).toBeGreaterThan(1300);
    const state = await h.database.db.selectFrom('sync_state').select('issues_watermark').executeTakeFirstOrThrow();
    expect(state.issues_watermark).not.toBeNull();
    expect(await missedBelowWatermark(h, state.issues_watermark)).toEqual([]);

    h.sim.faults.clear();
    h.sim.resetStats();
    const [second] = await h.syncAll();
    expect(second!.ok).toBe(true);
    // Resumed from the committed watermark: only the pages after the failure (and the boundary one) are walked.
    expect(listPages(h, 'issues')).toBeLessThanOrEqual(12);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  }, 120_000);

  it('commits the /pulls pages fetched before a failing one, with the resume point of the last of them', async () => {
    h = await createSyncHarness({ seed: 54, repos: 1, itemsPerRepo: 2500 });
    // More pull requests than one pass's GraphQL answers bring: their fields come from /pulls.
    const [repo] = h.sim.dataset.repos();
    const pulls = h.sim.dataset.numbers(repo!.fullName, 'pr').length;
    const pages = Math.ceil(pulls / 100);
    expect(pages).toBeGreaterThan(12);
    // The twelfth /pulls page fails on every retry: ten pages committed as a batch, the eleventh held.
    h.sim.faults.script([{ match: { path: /\/pulls$/ }, range: [12, 60], action: { kind: 'status', status: 502 } }]);
    const [first] = await h.syncAll({ graphqlPerPass: 100 });
    expect(first!.ok).toBe(false);
    const fetched = await h.database.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).where('pull_fetched_at', 'is not', null).executeTakeFirstOrThrow();
    expect(Number(fetched.n)).toBe(1100);
    const state = await h.database.db.selectFrom('sync_state').select(['pulls_resume', 'pulls_watermark']).executeTakeFirstOrThrow();
    expect(state.pulls_resume).not.toBeNull();
    expect(state.pulls_watermark).toBeNull();

    h.sim.faults.clear();
    h.sim.resetStats();
    // An interrupted /pulls walk is resumed, whatever GraphQL could bring.
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    // Resumed at the twelfth page: the committed ones were not asked again.
    const walked = h.sim.log().filter((e) => e.path.endsWith('/pulls') && e.status === 200).length;
    expect(walked).toBe(pages - 11);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  }, 120_000);

  it("stores the authors' ids GitHub's facts answers give, a batch at a time", async () => {
    h = await createSyncHarness({ seed: 53, repos: 1, itemsPerRepo: 300 });
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    const db = h.database.db;
    // Forget the ids and the facts: the next pass asks GitHub for the facts again and only they can give the ids back.
    await db.updateTable('items').set({ author_id: null }).execute();
    await db.deleteFrom('pull_facts').execute();
    await db.deleteFrom('issue_facts').execute();
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    const [repo] = h.sim.dataset.repos();
    const rows = await db.selectFrom('items').select(['number', 'is_pull', 'state', 'author_id']).execute();
    const due = rows.filter((r) => r.is_pull === 1 || r.state === 'closed');
    expect(due.length).toBeGreaterThan(50);
    for (const r of due) {
      const id = h.sim.dataset.issue(repo!.fullName, r.number)!.user?.id;
      expect(r.author_id, `#${r.number}`).toBe(id == null ? null : String(id));
    }
  }, 60_000);
});

describe("GitHub's facts answers commit in batches of about a thousand", () => {
  it('commits the answers for N pull requests in one transaction per thousand, and the closed issues alike', async () => {
    h = await createSyncHarness({ seed: 55, repos: 1, itemsPerRepo: 2500 });
    const seen = watchCommits(h.database.db);
    const [outcome] = await h.syncAll();
    expect(outcome!.ok).toBe(true);
    const [repo] = h.sim.dataset.repos();
    const pulls = h.sim.dataset.numbers(repo!.fullName, 'pr').length;
    const closedIssues = h.sim.dataset.numbers(repo!.fullName, 'issue').filter((n) => h!.sim.dataset.issue(repo!.fullName, n)!.state === 'closed').length;
    // Asked fifty at a time (and issues a hundred), so one commit per query would be far more.
    expect(pulls).toBeGreaterThan(1000);
    expect(closedIssues).toBeGreaterThan(100);
    const graphqlAsks = h.sim.log().filter((e) => e.path === '/graphql' && e.status === 200).length;
    expect(graphqlAsks).toBe(Math.ceil(pulls / 50) + Math.ceil(closedIssues / 100));
    // Only the GraphQL step writes facts when GraphQL is served: every transaction that moved them is one of its commits.
    expect(moves(seen, 'pullFacts', 0)).toBe(Math.ceil(pulls / 1000));
    expect(moves(seen, 'issueFacts', 0)).toBe(Math.ceil(closedIssues / 1000));
    expect(seen.at(-1)!.pullFacts).toBe(pulls);
    expect(seen.at(-1)!.issueFacts).toBe(closedIssues);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
    expect(await wrongLinkCounts(h.database.db)).toEqual([]);
  }, 120_000);

  it('commits the answers fetched before a failing GraphQL query, and the next pass completes them', async () => {
    h = await createSyncHarness({ seed: 56, repos: 1, itemsPerRepo: 2500 });
    const [repo] = h.sim.dataset.repos();
    const pulls = h.sim.dataset.numbers(repo!.fullName, 'pr').length;
    expect(pulls).toBeGreaterThan(1250);
    // The twenty-fifth query fails on every retry: twenty batches committed together, four more held when it failed.
    h.sim.faults.script([{ match: { path: /\/graphql$/ }, range: [25, 80], action: { kind: 'status', status: 502 } }]);
    await h.syncAll();
    const facts = await h.database.db.selectFrom('pull_facts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(facts.n)).toBe(24 * 50);
    const due = await h.database.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).where('is_pull', '=', 1).where('graphql_due', '=', 1).executeTakeFirstOrThrow();
    expect(Number(due.n)).toBe(pulls - 24 * 50);

    h.sim.faults.clear();
    h.sim.resetStats();
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    // Only the pull requests left are asked again: the committed ones are not.
    const asked = h.sim.log().filter((e) => e.path === '/graphql' && e.status === 200).length;
    const closedIssues = h.sim.dataset.numbers(repo!.fullName, 'issue').filter((n) => h!.sim.dataset.issue(repo!.fullName, n)!.state === 'closed').length;
    expect(asked).toBe(Math.ceil((pulls - 24 * 50) / 50) + Math.ceil(closedIssues / 100));
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
    expect(await wrongLinkCounts(h.database.db)).toEqual([]);
  }, 120_000);
});

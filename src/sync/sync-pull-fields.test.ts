import { afterEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { mirrorDifferences } from '../test/mirror.ts';

// A pull request's own fields (base and head branches and commits, the head's
// repository, draft, merged) come from the GraphQL answer the pass asks for
// anyway when that answer can bring every one due, and from /pulls otherwise.
// The expected values are the simulator's REST /pulls shapes (mirrorDifferences),
// a different code path from the GraphQL nodes the hub reads.

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const pullsRequests = (x: SyncHarness) => x.sim.log().filter((e) => e.path.endsWith('/pulls')).length;

async function syncState(x: SyncHarness) {
  return x.database.db.selectFrom('sync_state').select(['issues_watermark', 'pulls_watermark', 'pulls_resume']).executeTakeFirstOrThrow();
}

/** Pull requests whose own fields are older than the item (or missing). */
async function staleFields(x: SyncHarness) {
  return x.database.db
    .selectFrom('items')
    .select('number')
    .where('is_pull', '=', 1)
    .where((eb) => eb.or([eb('pull_fetched_at', 'is', null), eb('pull_fetched_at', '<', eb.ref('updated_at'))]))
    .execute();
}

describe("pull request fields from GitHub's GraphQL answer", () => {
  it('a full sync asks no /pulls page and stores every field as /pulls would give it, forks and deleted forks included', async () => {
    h = await createSyncHarness({ seed: 61, repos: 1, itemsPerRepo: 400 });
    const [repo] = h.sim.dataset.repos();
    const pulls = h.sim.dataset.numbers(repo!.fullName, 'pr').map((n) => h!.sim.dataset.pull(repo!.fullName, n)!);
    // The data set holds what the comparison must cover.
    expect(pulls.some((p) => p.head.repo === null)).toBe(true);
    expect(pulls.some((p) => p.head.repo !== null && p.head.repo.full_name !== repo!.fullName)).toBe(true);
    expect(pulls.some((p) => p.draft)).toBe(true);
    expect(pulls.some((p) => p.merged_at !== null)).toBe(true);
    expect(pulls.some((p) => p.base.ref !== repo!.defaultBranch)).toBe(true);

    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    expect(pullsRequests(h)).toBe(0);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
    // Every pull request's fields are current, so /pulls owes nothing before the /issues watermark.
    const s = await syncState(h);
    expect(s.pulls_watermark).toBe(s.issues_watermark);
    expect(s.pulls_resume).toBeNull();
  });

  it('a change (a push, a merge, a draft made ready, a new pull request) arrives without /pulls, announced once', async () => {
    h = await createSyncHarness({ seed: 62, repos: 1, itemsPerRepo: 200 });
    await h.syncAll();
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const open = h.sim.dataset.numbers(a, 'pr').filter((n) => h!.sim.dataset.pull(a, n)!.state === 'open' && !h!.sim.dataset.pull(a, n)!.draft);
    const draft = h.sim.dataset.numbers(a, 'pr').find((n) => h!.sim.dataset.pull(a, n)!.state === 'open' && h!.sim.dataset.pull(a, n)!.draft)!;
    h.sim.clock.advance(60_000);
    const headBefore = h.sim.dataset.pull(a, open[0]!)!.head.sha;
    h.sim.mutate.pushCommit(a, open[0]!);
    expect(h.sim.dataset.pull(a, open[0]!)!.head.sha).not.toBe(headBefore);
    h.sim.mutate.merge(a, open[1]!);
    h.sim.mutate.setDraft(a, draft, false);
    const { number: created } = h.sim.mutate.createPull(a);
    const since = await h.database.db.selectFrom('changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();

    h.sim.resetStats();
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    expect(pullsRequests(h)).toBe(0);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
    const row = await h.database.db.selectFrom('items').select(['head_sha', 'status']).where('number', '=', open[0]!).executeTakeFirstOrThrow();
    expect(row.head_sha).toBe(h.sim.dataset.pull(a, open[0]!)!.head.sha);
    const events = await h.database.db.selectFrom('changes').select(['number', 'kind']).where('id', '>', Number(since.id ?? 0)).orderBy('id').execute();
    // The new pull request is announced once, when its base is known; each other change once.
    expect(events.filter((e) => e.number === created)).toEqual([{ number: created, kind: 'created' }]);
    for (const n of [open[0]!, open[1]!, draft]) expect(events.filter((e) => e.number === n), `#${n}`).toHaveLength(1);
  });

  it('walks /pulls while more pull requests are due than one pass asks GraphQL about, then no more', async () => {
    h = await createSyncHarness({ seed: 63, repos: 1, itemsPerRepo: 600 });
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const prs = h.sim.dataset.numbers(a, 'pr');
    const open = prs.filter((n) => h!.sim.dataset.pull(a, n)!.state === 'open');
    const merged = prs.filter((n) => h!.sim.dataset.pull(a, n)!.merged_at !== null);
    // More open pull requests than one pass asks about: the facts of some are still due after it.
    expect(open.length).toBeGreaterThan(40);
    expect((await h.syncAll({ graphqlPerPass: 20 })).every((o) => o.ok)).toBe(true);
    expect(pullsRequests(h)).toBe(Math.ceil(prs.length / 100));
    // Every field is right; the links are GitHub's for the 20 asked, the text's for the rest.
    expect((await mirrorDifferences(h.database.db, h.sim, { links: 'text' })).filter((d) => !d.includes(': links '))).toEqual([]);

    // Three merged pull requests edited: within the allowance, so GraphQL brings their fields,
    // asked before the open ones whose facts are still due (else they would wait a pass).
    h.sim.clock.advance(60_000);
    for (const n of merged.slice(0, 3)) h.sim.mutate.editTitle(a, n);
    h.sim.resetStats();
    expect((await h.syncAll({ graphqlPerPass: 20 })).every((o) => o.ok)).toBe(true);
    expect(pullsRequests(h)).toBe(0);
    expect(await staleFields(h)).toEqual([]);
    const s = await syncState(h);
    expect(s.pulls_watermark).toBe(s.issues_watermark);

    // A burst past the allowance: /pulls again, from that watermark (one page for 30 changes, and the boundary).
    h.sim.clock.advance(60_000);
    for (const n of prs.slice(0, 30)) h.sim.mutate.editTitle(a, n);
    h.sim.resetStats();
    expect((await h.syncAll({ graphqlPerPass: 20 })).every((o) => o.ok)).toBe(true);
    expect(pullsRequests(h)).toBe(1);
    expect(await staleFields(h)).toEqual([]);
  });

  it('a pass whose GraphQL answer fails takes the fields from /pulls in the same pass', async () => {
    h = await createSyncHarness({ seed: 64, repos: 1, itemsPerRepo: 300 });
    h.sim.faults.script([{ match: { path: /^\/graphql$/ }, range: [1, 1000], action: { kind: 'status', status: 502 } }]);
    const [first] = await h.syncAll();
    expect(first!.ok).toBe(true);
    expect(pullsRequests(h)).toBeGreaterThan(0);
    // The fields are all there; the links are the text's until GitHub's answer comes.
    expect(await mirrorDifferences(h.database.db, h.sim, { links: 'text' })).toEqual([]);

    h.sim.faults.clear();
    h.sim.resetStats();
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    expect(pullsRequests(h)).toBe(0);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { mirrorDifferences } from '../test/mirror.ts';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

function pick(h: SyncHarness, repo: string, want: (i: ReturnType<SyncHarness['sim']['dataset']['issue']>) => boolean): number {
  const n = h.sim.dataset.numbers(repo).find((x) => want(h.sim.dataset.issue(repo, x)));
  if (n === undefined) throw new Error(`no item in ${repo} fits`);
  return n;
}

describe('incremental sync', () => {
  it('shows edits, closes, reopens, merges, new items, deletions and transfers after the next pass', async () => {
    h = await createSyncHarness({ seed: 21, repos: 2, itemsPerRepo: 150 });
    await h.syncAll();
    const [a, b] = h.sim.dataset.repos().map((r) => r.fullName) as [string, string];
    h.sim.clock.advance(60_000);

    const openIssue = pick(h, a, (i) => i!.state === 'open' && !i!.pull_request);
    const closedIssue = pick(h, a, (i) => i!.state === 'closed' && !i!.pull_request);
    const openPull = pick(h, a, (i) => i!.state === 'open' && i!.pull_request !== undefined && !i!.draft);
    const otherOpen = h.sim.dataset.numbers(a).filter((n) => n !== openIssue && !h!.sim.dataset.issue(a, n)!.pull_request && h!.sim.dataset.issue(a, n)!.state === 'open');
    const [toDelete, toTransfer] = otherOpen as [number, number];

    h.sim.mutate.editTitle(a, openIssue);
    h.sim.mutate.close(a, openIssue, 'not_planned');
    h.sim.mutate.reopen(a, closedIssue);
    h.sim.mutate.merge(a, openPull);
    h.sim.mutate.editBody(a, openPull, { want: 'links' });
    h.sim.mutate.createIssue(b);
    h.sim.mutate.createPull(b, { draft: true });
    h.sim.mutate.deleteIssue(a, toDelete);
    h.sim.mutate.transferIssue(a, toTransfer, b);

    const outcomes = await h.syncAll({ reconcileHours: 0 });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);

    const row = (repo: string, number: number) =>
      h!.database.db.selectFrom('items').innerJoin('repos', 'repos.id', 'items.repo_id').selectAll('items').where('repos.name_key', '=', repo.toLowerCase()).where('number', '=', number).executeTakeFirstOrThrow();
    expect((await row(a, openIssue)).status).toBe('not_planned');
    expect((await row(a, closedIssue)).status).toBe('open');
    expect((await row(a, openPull)).status).toBe('merged');
    expect(await row(a, toDelete)).toMatchObject({ gone: 'deleted', state: 'closed' });
    expect(await row(a, toTransfer)).toMatchObject({ gone: 'transferred', state: 'closed' });
    expect((await row(a, toTransfer)).moved_to).toMatch(/issues\/\d+$/);
  });

  it('records one change event per change: a new pull request once, as created; a merge once, as updated', async () => {
    h = await createSyncHarness({ seed: 23, repos: 1, itemsPerRepo: 60 });
    await h.syncAll();
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const events = async (number: number) =>
      (
        await h!.database.db
          .selectFrom('changes')
          .innerJoin('repos', 'repos.id', 'changes.repo_id')
          .select(['changes.kind'])
          .where('repos.name_key', '=', a.toLowerCase())
          .where('changes.number', '=', number)
          .orderBy('changes.id')
          .execute()
      ).map((r) => r.kind);

    h.sim.clock.advance(60_000);
    const created = h.sim.mutate.createPull(a).number;
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    // The /issues step stores it first and the /pulls step completes it: one event, not created plus updated.
    expect(await events(created)).toEqual(['created']);

    const openPull = h.sim.dataset.numbers(a, 'pr').find((n) => n !== created && h!.sim.dataset.issue(a, n)!.state === 'open' && !h!.sim.dataset.issue(a, n)!.draft)!;
    const before = (await events(openPull)).length;
    h.sim.clock.advance(60_000);
    h.sim.mutate.merge(a, openPull);
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    // Both /issues and /pulls report the merge: still one event.
    expect((await events(openPull)).slice(before)).toEqual(['updated']);
  });

  it('drops a link when a description is edited to remove it, and applies manual links from GitHub', async () => {
    h = await createSyncHarness({ seed: 22, repos: 2, itemsPerRepo: 120 });
    await h.syncAll();
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const linked = h.sim.dataset.numbers(a, 'pr').find((n) => h!.sim.dataset.closingTruth(a, n).keyword.length > 0 && h!.sim.dataset.closingTruth(a, n).manual.length === 0)!;
    const target = h.sim.dataset.numbers(a, 'issue')[0]!;
    const links = async (n: number) =>
      (await h!.database.db.selectFrom('links').innerJoin('items', 'items.id', 'links.pull_id').innerJoin('repos', 'repos.id', 'items.repo_id').select(['links.issue_repo_key', 'links.issue_number', 'links.source']).where('repos.name_key', '=', a.toLowerCase()).where('items.number', '=', n).execute()).map(
        (l) => `${l.issue_repo_key}#${l.issue_number}:${l.source}`,
      );
    expect((await links(linked)).length).toBeGreaterThan(0);

    h.sim.clock.advance(60_000);
    h.sim.mutate.editBody(a, linked, { want: 'no-links' });
    h.sim.mutate.linkIssue(a, linked, a, target);
    await h.syncAll();
    expect(await links(linked)).toEqual([`${a.toLowerCase()}#${target}:graphql`]);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  });

  it("follows GitHub's link answer past its first pages (a pull request closing 130 issues)", async () => {
    h = await createSyncHarness({ seed: 24, repos: 1, itemsPerRepo: 400 });
    await h.syncAll();
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const pr = h.sim.dataset.numbers(a, 'pr')[0]!;
    const issues = h.sim.dataset.numbers(a, 'issue').slice(0, 130);
    expect(issues).toHaveLength(130);
    h.sim.clock.advance(60_000);
    for (const n of issues) h.sim.mutate.linkIssue(a, pr, a, n);
    await h.syncAll();
    const stored = await h.database.db
      .selectFrom('links')
      .innerJoin('items', 'items.id', 'links.pull_id')
      .select(['links.issue_number', 'links.source'])
      .where('items.number', '=', pr)
      .execute();
    expect(new Set(stored.map((l) => l.issue_number))).toEqual(new Set(h.sim.expectedClosingIssues(a, pr).map((r) => r.number)));
    expect(stored.length).toBeGreaterThanOrEqual(130);
    expect(stored.every((l) => l.source === 'graphql')).toBe(true);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  });

  it('keeps text links and carries on when GraphQL is not served', async () => {
    h = await createSyncHarness({ seed: 23, repos: 2, itemsPerRepo: 100, graphql: false });
    const outcomes = await h.syncAll();
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(await mirrorDifferences(h.database.db, h.sim, { links: 'text' })).toEqual([]);
    const sources = await h.database.db.selectFrom('links').select('source').distinct().execute();
    expect(sources.map((s) => s.source)).toEqual(['text']);
  });
});

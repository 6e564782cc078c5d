import { afterEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { mirrorDifferences } from '../test/mirror.ts';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('page-number pagination (GitHub Enterprise Server)', () => {
  it('loses no edit when an item already walked past is edited during the walk', async () => {
    h = await createSyncHarness({ seed: 41, repos: 1, itemsPerRepo: 400, issuesPagination: 'page' });
    await h.syncAll();
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const changed = h.sim.dataset.numbers(a).slice(0, 250);
    for (const n of changed) {
      h.sim.clock.advance(1000);
      h.sim.mutate.comment(a, n);
    }
    const pagesSeen: string[] = [];
    // Right after the first page of the walk is answered, the oldest change on it is
    // edited again: it moves to the end, and every later item moves up one place.
    const stop = h.sim.onAnswered((e) => {
      if (!e.path.endsWith('/issues') || e.status !== 200 || e.query.state !== 'all') return;
      pagesSeen.push(e.query.page ?? e.query.since ?? '');
      if (pagesSeen.length === 1) {
        h!.sim.clock.advance(1000);
        h!.sim.mutate.editTitle(a, changed[0]!);
      }
    });
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    stop();
    expect(pagesSeen.length).toBeGreaterThan(2);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  });

  it('serves page=N links on /issues when asked to', async () => {
    h = await createSyncHarness({ seed: 42, repos: 1, itemsPerRepo: 150, issuesPagination: 'page' });
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const res = await fetch(`${h.sim.url}/repos/${a}/issues?state=all&per_page=50`, { headers: { authorization: 'token test-token-1' } });
    expect(res.headers.get('link')).toMatch(/[?&]page=2[&>].*rel="next"/);
    expect(res.headers.get('link')).not.toMatch(/after=/);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { mirrorDifferences } from '../test/mirror.ts';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('many items sharing one updated_at second', () => {
  it('still fetches a later edit when 150 issues and 150 pull requests share the newest second (a bulk relabel)', async () => {
    h = await createSyncHarness({ seed: 31, repos: 1, itemsPerRepo: 600 });
    await h.syncAll();
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const issues = h.sim.dataset.numbers(a, 'issue').slice(0, 150);
    const pulls = h.sim.dataset.numbers(a, 'pr').slice(0, 150);
    expect([issues.length, pulls.length]).toEqual([150, 150]);

    h.sim.clock.advance(60_000);
    // Every change stamped within one second of the virtual clock.
    for (const n of [...issues, ...pulls]) h.sim.mutate.comment(a, n);
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    // An unchanged pass: whatever it stores must not hide the next change.
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);

    h.sim.clock.advance(60_000);
    const editedIssue = h.sim.dataset.numbers(a, 'issue').at(-1)!;
    const editedPull = h.sim.dataset.numbers(a, 'pr').at(-1)!;
    h.sim.mutate.editTitle(a, editedIssue);
    h.sim.mutate.editTitle(a, editedPull);
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
    const titles = await h.database.db.selectFrom('items').select(['number', 'title']).where('number', 'in', [editedIssue, editedPull]).orderBy('number').execute();
    const want = [editedIssue, editedPull].sort((x, y) => x - y).map((n) => ({ number: n, title: h!.sim.dataset.issue(a, n)!.title }));
    expect(titles).toEqual(want);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { mirrorDifferences } from '../test/mirror.ts';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('a new pull request before its base branch is known', () => {
  it('gets no text links until /pulls tells its base, even when that step fails', async () => {
    h = await createSyncHarness({ seed: 51, repos: 1, itemsPerRepo: 60, graphql: false });
    await h.syncAll();
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const other = h.sim.dataset.world.repo(a).meta.branches[1]!;
    h.sim.clock.advance(60_000);
    const issue = h.sim.dataset.numbers(a, 'issue')[0]!;
    const { number } = h.sim.mutate.createPull(a, { base: other, fragments: [{ text: `Fixes #${issue}`, refs: [{ repo: null, number: issue }] }] });
    // The body names issues with closing keywords, but the base is not the default
    // branch: GitHub links nothing.
    expect(h.sim.dataset.closingTruth(a, number).keyword).toEqual([]);

    h.sim.faults.script([{ match: { path: /\/pulls$/ }, range: [1, 1000], action: { kind: 'status', status: 502 } }]);
    const [failed] = await h.syncAll();
    expect(failed!.ok).toBe(false);
    const links = () =>
      h!.database.db.selectFrom('links').innerJoin('items', 'items.id', 'links.pull_id').select(['links.issue_number']).where('items.number', '=', number).execute();
    const row = await h.database.db.selectFrom('items').select(['base_ref', 'linked_count']).where('number', '=', number).executeTakeFirstOrThrow();
    expect(row).toEqual({ base_ref: null, linked_count: 0 });
    expect(await links()).toEqual([]);

    h.sim.faults.clear();
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    expect(await links()).toEqual([]);
    expect(await mirrorDifferences(h.database.db, h.sim, { links: 'text' })).toEqual([]);
  });
});

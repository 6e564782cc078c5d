import { afterEach, describe, expect, it } from 'vitest';
import { GRAMMAR_VERSION } from '../core/closing-refs.ts';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { mirrorDifferences } from '../test/mirror.ts';
import { relinkRepository } from './relink.job.ts';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const GHE = 'https://ghe.example.test';

describe('a GitHub Enterprise web host', () => {
  it('links full issue URLs on that host, at ingest and at relink', async () => {
    h = await createSyncHarness({ seed: 71, repos: 1, itemsPerRepo: 40, graphql: false, htmlBase: GHE });
    await h.syncAll();
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const issue = h.sim.dataset.numbers(a, 'issue')[0]!;
    h.sim.clock.advance(60_000);
    const { number } = h.sim.mutate.createPull(a, { fragments: [{ text: `Fixes ${GHE}/${a}/issues/${issue}`, refs: [{ repo: null, number: issue }] }] });
    expect(h.sim.dataset.closingTruth(a, number).keyword.map((r) => r.number)).toEqual([issue]);

    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    const links = () =>
      h!.database.db.selectFrom('links').innerJoin('items', 'items.id', 'links.pull_id').select(['links.issue_number']).where('items.number', '=', number).execute();
    expect(await links()).toEqual([{ issue_number: issue }]);
    expect(await mirrorDifferences(h.database.db, h.sim, { links: 'text' })).toEqual([]);

    // A grammar change re-derives every text link: the host still counts.
    await h.database.db.updateTable('sync_state').set({ relink_grammar: GRAMMAR_VERSION - 1 }).execute();
    const r = await relinkRepository({ db: h.database.db, logger: h.logs.logger, webUrl: GHE }, a.toLowerCase());
    expect(r.done).toBe(true);
    expect(await links()).toEqual([{ issue_number: issue }]);
  });
});

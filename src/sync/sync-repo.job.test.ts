import { afterEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { mirrorDifferences } from '../test/mirror.ts';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('sync against the simulator', () => {
  it('mirrors every repository exactly, field by field, links included', async () => {
    h = await createSyncHarness({ seed: 11, repos: 3, itemsPerRepo: 120 });
    const outcomes = await h.syncAll();
    expect(outcomes.map((o) => [o.repo, o.ok, o.error])).toEqual(outcomes.map((o) => [o.repo, true, null]));
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
    const state = await h.database.db.selectFrom('sync_state').selectAll().execute();
    for (const s of state) {
      expect(s.last_success_at).not.toBeNull();
      expect(s.issues_watermark).not.toBeNull();
      expect(s.requests_total).toBeGreaterThan(0);
    }
  });

  it('spends at most one costly request per endpoint per repository on an unchanged second pass, then nothing', async () => {
    h = await createSyncHarness({ seed: 12, repos: 3, itemsPerRepo: 250 });
    await h.syncAll();
    h.sim.resetStats();
    await h.syncAll();
    const second = h.sim.log();
    const costly = new Map<string, number>();
    for (const e of second.filter((x) => x.charged)) costly.set(`${e.method} ${e.path}`, (costly.get(`${e.method} ${e.path}`) ?? 0) + 1);
    for (const [endpoint, n] of costly) expect(n, endpoint).toBe(1);
    expect(second.some((e) => /after/.test(JSON.stringify(e.query)))).toBe(false);
    // Metadata and issues of three repositories, no further pages; no /pulls: no pull request
    // has fields due, and those that change get theirs from the GraphQL answer.
    expect(second.length).toBe(6);
    expect(second.filter((e) => e.path.endsWith('/pulls'))).toEqual([]);

    h.sim.resetStats();
    await h.syncAll();
    const third = h.sim.log();
    expect(third.map((e) => e.status)).toEqual(Array(6).fill(304));
    expect(third.filter((e) => e.charged)).toEqual([]);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { mirrorDifferences } from '../test/mirror.ts';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

/** Passes as the scheduler would run them, until every repository synced (bounded). */
async function syncUntilClean(h: SyncHarness, maxPasses = 12): Promise<number> {
  for (let pass = 1; pass <= maxPasses; pass++) {
    const outcomes = await h.syncAll();
    if (outcomes.every((o) => o.ok)) return pass;
  }
  throw new Error(`still failing after ${maxPasses} passes: ${h.logs.text().slice(-2000)}`);
}

describe('sync under faults ends in a complete, correct mirror', () => {
  it('survives bursts of 500/502/504, connection resets and truncated bodies', async () => {
    h = await createSyncHarness({ seed: 31, repos: 2, itemsPerRepo: 300 });
    h.sim.faults.random({ seed: 5, rates: { '500': 0.08, '502': 0.08, '504': 0.04, reset: 0.05, truncate: 0.05 } });
    await syncUntilClean(h);
    expect(h.sim.faults.fired()).toBeGreaterThan(0);
    h.sim.faults.clear();
    await h.syncAll();
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  });

  it('refuses malformed answers without writing them, then recovers', async () => {
    h = await createSyncHarness({ seed: 32, repos: 2, itemsPerRepo: 250 });
    // Three answers in a row: more than the retries of one request absorb.
    h.sim.faults.script([{ match: { path: /\/issues$/ }, range: [2, 4], action: { kind: 'malformed' } }]);
    const first = await h.syncAll();
    expect(first.some((o) => !o.ok && /not valid JSON/.test(o.error ?? ''))).toBe(true);
    const failed = await h.database.db.selectFrom('sync_state').select('last_error').where('last_error', 'is not', null).execute();
    const named = h.sim.dataset.repos().map((r) => `GitHub answered GET /repos/${r.fullName}/issues with a body that is not valid JSON (truncated, garbage or empty), 3 times`);
    expect(named).toContain(failed[0]!.last_error);
    await syncUntilClean(h);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  });

  it('honours secondary limits with and without retry-after', async () => {
    h = await createSyncHarness({ seed: 33, repos: 2, itemsPerRepo: 250 });
    h.sim.faults.script([
      { range: [1, 3], action: { kind: 'secondary', retryAfter: 1 } },
      { range: [4, 6], action: { kind: 'secondary', retryAfter: null, status: 429 } },
    ]);
    const started = Date.now();
    const outcomes = await h.syncAll();
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // waited for retry-after: 1
    expect(h.sim.log().filter((e) => e.status === 403 || e.status === 429).length).toBeGreaterThanOrEqual(6);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  });

  it('waits for the earliest reset when every token is exhausted, and never gives up', async () => {
    h = await createSyncHarness({ seed: 34, repos: 2, itemsPerRepo: 150, tokens: ['tok-a', 'tok-b'], rateLimit: { core: { limit: 5000, windowMs: 2000 } } }, { tokens: ['tok-a', 'tok-b'] });
    h.sim.faults.exhaustTokens(['core'], 1500);
    const started = Date.now();
    const outcomes = await h.syncAll();
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.logs.text()).toMatch(/every token is cooling down; waiting for the earliest reset/);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  });

  it('keeps the pages it committed when a pass dies half-way (a 502 on a late page)', async () => {
    h = await createSyncHarness({ seed: 35, repos: 1, itemsPerRepo: 900 });
    const repo = h.sim.dataset.repos()[0]!.fullName;
    // Every request for the sixth page of the first walk fails, beyond what retries absorb.
    h.sim.faults.script([{ match: { path: /\/issues$/ }, range: [6, 40], action: { kind: 'status', status: 502 } }]);
    const [first] = await h.syncAll();
    expect(first!.ok).toBe(false);
    const kept = await h.database.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(kept.n).toBeGreaterThanOrEqual(400);
    h.sim.faults.clear();
    h.sim.resetStats();
    await h.syncAll();
    // Resumed from the watermark: the pages before the failure were not fetched again.
    const issuePages = h.sim.log().filter((e) => e.path.endsWith('/issues') && (e.query as Record<string, string>).state === 'all');
    expect(issuePages.length).toBeLessThanOrEqual(6);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
    expect(repo).toBeTruthy();
  });
});

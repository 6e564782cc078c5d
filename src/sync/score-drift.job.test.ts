import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listStoredDrift, storedDriftCounts } from '../db/score-drift.queries.ts';
import type { SimPrScore } from '../sim/subnet/scores.ts';
import { createSubnetHarness, type SubnetHarness } from '../test/subnet-harness.ts';
import { refreshScoreDrift } from './score-drift.job.ts';
import { runDueSubnetJobs } from './subnet-scheduler.ts';

let h: SubnetHarness;
beforeEach(async () => {
  h = await createSubnetHarness();
});
afterEach(async () => h.stop());

/**
 * The hub's evaluations, written as the scoring job would if its rules gave what
 * the simulator's validator gives: each scored pull request's factors from the
 * simulator's own ground truth (the store holds the pull requests as items).
 */
async function hubEvaluationsFromTruth(prs: readonly SimPrScore[]): Promise<void> {
  const repos = new Map((await h.db.db.selectFrom('repos').select(['id', 'name_key']).execute()).map((r) => [r.name_key, r.id]));
  for (const p of prs) {
    const repoId = repos.get(p.repository.toLowerCase())!;
    const { rows } = await sql<{ id: number }>`
      INSERT INTO items (repo_id, number, is_pull, title, state, status, created_at, updated_at, synced_at, merged)
      VALUES (${repoId}, ${p.number}, 1, 'pull', ${p.state === 'OPEN' ? 'open' : 'closed'}, ${p.state.toLowerCase()}, '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z', ${p.state === 'MERGED' ? 1 : 0})
      RETURNING id`.execute(h.db.db);
    const entry = {
      number: p.number, state: p.state.toLowerCase(), counted: true, excluded: null, base: p.baseScore,
      multipliers: { issue: p.issueMultiplier, label: 1, decay: p.timeDecayMultiplier, review: 1, spam: 1 }, earned: p.score, collateral: p.collateralScore, reasons: [],
    };
    await h.db.db.insertInto('hub_pull_scores').values({ item_id: rows[0]!.id, repo_id: repoId, author_key: `user-${p.userIndex}`, earned: p.score, entry: JSON.stringify(entry), computed_at: '2026-06-01T12:00:00Z' }).execute();
  }
}

describe('the drift report against the simulated subnet', () => {
  it('is empty when the hub scores by the same rules, and lists exactly the pull requests whose factor the validator changed', async () => {
    const prs = h.sim.subnet.prScores();
    expect(prs.length).toBeGreaterThan(20);
    await hubEvaluationsFromTruth(prs);
    await runDueSubnetJobs(h.ctx);
    expect(await refreshScoreDrift({ db: h.db.db, logger: h.ctx.logger })).toMatchObject({ status: 'computed', compared: prs.length, differing: 0 });
    expect(await listStoredDrift(h.db.db, { limit: 1000 })).toEqual([]);

    // The validator now applies a label multiplier of 1.5 to the merged pull requests of one repository (and scores them so).
    const repo = prs[0]!.repository;
    const affected = prs.filter((p) => p.repository === repo && p.state === 'MERGED').map((p) => p.number).sort((a, b) => a - b);
    expect(affected.length).toBeGreaterThan(0);
    h.sim.subnet.tamper('/api/prs', (body) =>
      (body as Array<Record<string, unknown>>).map((x) => (x.repository === repo && x.prState === 'MERGED' ? { ...x, labelMultiplier: '1.50', score: (Number(x.score) * 1.5).toFixed(4) } : x)),
    );
    h.advance(5 * 60_000);
    await runDueSubnetJobs(h.ctx);
    await refreshScoreDrift({ db: h.db.db, logger: h.ctx.logger });
    const listed = await listStoredDrift(h.db.db, { limit: 1000 });
    expect(listed.map((r) => r.number)).toEqual(affected);
    expect(new Set(listed.map((r) => r.repository))).toEqual(new Set([repo]));
    // A zero score stays zero at 1.5 times: only the label is then listed.
    for (const r of listed) expect(JSON.parse(r.fields)).toEqual(JSON.parse(r.official).score === 0 ? ['label'] : ['score', 'label']);
    expect(await storedDriftCounts(h.db.db, {})).toEqual({ compared: prs.length, differing: affected.length, officialOnly: 0, hubOnly: 0 });
  });
});

import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SIMULATOR } from '../runtime.ts';
import { listStoredDrift, storedDriftCounts } from '../db/score-drift.queries.ts';
import { createSubnetClients } from '../subnet/clients.ts';
import type { SubnetJobContext } from './subnet-context.ts';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { refreshScoreDrift } from './score-drift.job.ts';
import { scoreAllRepositories } from './scoring.job.ts';
import { runDueSubnetJobs } from './subnet-scheduler.ts';
import { scoreRepoTokens } from './token-scores.job.ts';
import { ThreadTokenScorer } from './token-scorer.ts';

/**
 * End to end against the simulator: the worker's jobs sync the simulated GitHub
 * (items, facts), mirror the simulated subnet (miners, official scores,
 * maintainers), score tokens from the subnet mirror's files, score every
 * repository by the hub's rules and compare. The simulator's validator scores by
 * the same rules over the same facts, so nothing differs; a factor changed on
 * the official side lists exactly the pull requests it changed.
 */
describe('the drift report against the simulated subnet, end to end', () => {
  let h: SyncHarness;
  const scorer = new ThreadTokenScorer();
  afterAll(() => scorer.close());
  beforeEach(async () => {
    h = await createSyncHarness({ ...DEMO_SIMULATOR });
    h.sim.subnet.mirrorLimit = { requests: 100_000, perMs: 1000 };
  });
  afterEach(() => h.dispose());

  // Every job runs at the simulator's instant, the instant its validator scores at.
  const now = () => h.sim.dataset.world.nowSec * 1000;
  let subnetNow = 0;

  async function syncEverything(ctx: SubnetJobContext): Promise<void> {
    await runDueSubnetJobs(ctx);
    await h.syncAll();
    const repos = await h.database.db.selectFrom('repos').select('name_key').execute();
    for (const r of repos) {
      const out = await scoreRepoTokens({ db: h.database.db, gateway: h.gateway, mirror: ctx.clients.mirror, scorer, logger: h.logs.logger, quotaPerPass: 100_000, now }, r.name_key);
      expect(out.failed).toBe(0);
    }
    await scoreAllRepositories({ db: h.database.db, logger: h.logs.logger, now });
  }

  it('is empty when the simulated validator answers by the same rules, and lists exactly the pull requests of a changed factor', async () => {
    subnetNow = now();
    const ctx: SubnetJobContext = {
      db: h.database.db,
      clients: createSubnetClients(h.config.services, { retries: 1, backoffMs: 5, mirrorRateLimit: { requests: 100_000, perMs: 1000 } }),
      services: h.config.services,
      logger: h.logs.logger,
      now: () => subnetNow,
    };
    await syncEverything(ctx);
    const prs = h.sim.subnet.prScores();
    // The demo-sized world has scored pull requests of every state.
    expect(prs.filter((p) => p.state === 'MERGED').length).toBeGreaterThan(3);
    expect(prs.filter((p) => p.state === 'OPEN').length).toBeGreaterThan(0);
    // Not every factor is 1: labels, reviews and linked issues reach the official scores.
    expect(prs.some((p) => p.labelMultiplier !== 1 || p.issueMultiplier !== 1 || p.reviewQualityMultiplier !== 1)).toBe(true);

    const first = await refreshScoreDrift({ db: h.database.db, logger: h.logs.logger, now });
    expect(first).toMatchObject({ status: 'computed', compared: prs.length });
    expect((await listStoredDrift(h.database.db, { limit: 1000 })).map((r) => `${r.repository}#${r.number} ${r.fields}`)).toEqual([]);
    expect(await storedDriftCounts(h.database.db, {})).toMatchObject({ compared: prs.length, differing: 0, officialOnly: 0 });

    // An hour of activity (new pull requests, reviews, labels, merges, pushes): synced and scored again, still nothing differs.
    h.sim.clock.step({ ms: 3_600_000, events: 60 });
    subnetNow += 2 * 3_600_000;
    await syncEverything(ctx);
    const later = h.sim.subnet.prScores();
    await refreshScoreDrift({ db: h.database.db, logger: h.logs.logger, now: () => now() + 11 * 60_000 });
    expect((await listStoredDrift(h.database.db, { limit: 1000 })).map((r) => `${r.repository}#${r.number} ${r.fields}`)).toEqual([]);
    expect(await storedDriftCounts(h.database.db, {})).toMatchObject({ compared: later.length, differing: 0, officialOnly: 0 });

    // One factor deliberately changed on the official side: the review factor of one repository's merged pull requests.
    const repo = later.find((p) => p.state === 'MERGED')!.repository;
    const affected = later.filter((p) => p.repository === repo && p.state === 'MERGED').map((p) => p.number).sort((a, b) => a - b);
    h.sim.subnet.tamper('/api/prs', (body) =>
      (body as Array<Record<string, unknown>>).map((x) => (x.repository === repo && x.prState === 'MERGED' ? { ...x, reviewQualityMultiplier: (Number(x.reviewQualityMultiplier) + 0.5).toFixed(2) } : x)),
    );
    subnetNow += 5 * 60_000;
    await runDueSubnetJobs(ctx);
    await refreshScoreDrift({ db: h.database.db, logger: h.logs.logger, now: () => now() + 22 * 60_000 });
    const listed = await listStoredDrift(h.database.db, { limit: 1000 });
    expect(listed.map((r) => r.number)).toEqual(affected);
    expect(new Set(listed.map((r) => r.repository))).toEqual(new Set([repo]));
    for (const r of listed) expect(JSON.parse(r.fields)).toEqual(['review']);
  }, 120_000);
});

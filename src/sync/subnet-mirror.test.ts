import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fullNameOf } from '../sim/repos.ts';
import { maintainersOf } from '../sim/subnet/mirror.ts';
import { simPrices } from '../sim/subnet/prices.ts';
import { getAccount, listMinerRepos, listMiners, listPrScores, listRepoStandings, minersOfAccount } from '../db/subnet.queries.ts';
import { getFetchState, listMaintainers, listPrices } from '../db/subnet-state.queries.ts';
import { readSubnetFreshness } from '../subnet/freshness.ts';
import { createSubnetHarness, type SubnetHarness } from '../test/subnet-harness.ts';
import { run as runMiners } from './subnet-miners.job.ts';
import { runDueSubnetJobs } from './subnet-scheduler.ts';

let h: SubnetHarness;
beforeEach(async () => {
  h = await createSubnetHarness();
});
afterEach(async () => {
  await h.stop();
});

const MIN = 60_000;

describe('mirroring the subnet from its services', () => {
  it('mirrors miners, official scores and standings, maintainers and prices in full', async () => {
    const runs = await runDueSubnetJobs(h.ctx);
    expect(runs.map((r) => r.job).sort()).toEqual(['subnet-maintainers', 'subnet-miners', 'subnet-prices']);
    expect(runs.flatMap((r) => r.outcomes).filter((o) => o.status !== 'saved')).toEqual([]);
    const world = h.sim.dataset.world;

    // Miners: the simulator's registered miners, tied to its GitHub users by id.
    const truth = h.sim.subnet.miners();
    const stored = await listMiners(h.db.db);
    expect(stored.map((m) => [m.uid, m.hotkey, m.github_id, m.login, m.shared_account])).toEqual(
      truth.map((m) => [m.uid, m.hotkey, String(world.users.get(m.userIndex).id), world.users.get(m.userIndex).login, m.shared ? 1 : 0]),
    );
    // Some accounts carry two miners, flagged on both and counted on the account.
    const shared = truth.filter((m) => m.shared);
    expect(shared.length).toBeGreaterThan(0);
    const sharedId = String(world.users.get(shared[0]!.userIndex).id);
    expect((await minersOfAccount(h.db.db, sharedId)).map((m) => m.shared_account)).toEqual([1, 1]);
    expect((await getAccount(h.db.db, sharedId))?.miner_count).toBe(2);
    expect(stored.filter((m) => m.shared_account === 1).every((m) => m.total_score === 0 && m.is_eligible === 0)).toBe(true);

    // Official PR scores with their factors, numbers parsed from decimal strings.
    const prs = h.sim.subnet.prScores();
    const scores = await listPrScores(h.db.db);
    expect(scores).toHaveLength(prs.length);
    for (const p of prs) {
      const s = scores.find((x) => x.repository === p.repository && x.number === p.number)!;
      expect([s.pr_state, s.score, s.base_score, s.token_score, s.issue_multiplier, s.time_decay_multiplier, s.collateral_score, JSON.parse(s.linked_issues)]).toEqual([
        p.state, p.score, p.baseScore, p.tokenScore, p.issueMultiplier, p.timeDecayMultiplier, p.collateralScore, p.linkedIssues,
      ]);
      expect(s.github_id).toBe(String(world.users.get(p.userIndex).id));
    }

    // Standings per repository, and per miner within each (that answer is snake_case).
    const standings = await listRepoStandings(h.db.db);
    expect(standings.map((s) => s.repository).sort()).toEqual(world.repos.map((r) => fullNameOf(r.meta)).sort());
    for (const r of world.repos) {
      const key = fullNameOf(r.meta).toLowerCase();
      const minersHere = new Set(prs.filter((p) => p.repoIndex === r.meta.index).map((p) => String(world.users.get(p.userIndex).id)));
      expect(new Set((await listMinerRepos(h.db.db, key)).map((m) => m.github_id))).toEqual(minersHere);
      const maint = maintainersOf(world, r).map((m) => [String(m.github_id), m.login, m.association]);
      expect((await listMaintainers(h.db.db, key)).map((m) => [m.github_id, m.login, m.association]).sort()).toEqual(maint.sort());
    }

    // Prices as the simulated market quotes them at its clock.
    const p = simPrices(world.nowSec);
    expect(Object.fromEntries((await listPrices(h.db.db)).map((x) => [x.name, x.value]))).toEqual({ alpha_tao: p.alphaTao, alpha_emission_per_day: p.emissionPerDay, tao_usd: p.taoUsd });
    expect((await readSubnetFreshness(h.db.db, h.services, h.ctx.now!())).every((f) => f.state === 'fresh' && f.ageSeconds === 0)).toBe(true);
  });

  it('asks again with the stored ETag and keeps the data on 304; prices follow the simulator clock', async () => {
    await runDueSubnetJobs(h.ctx);
    h.advance(5 * MIN);
    const again = (await runDueSubnetJobs(h.ctx)).flatMap((r) => r.outcomes);
    expect(again.find((o) => o.source === 'api:miners')).toEqual({ source: 'api:miners', status: 'not_modified' });
    expect(h.sim.log().filter((e) => e.path === '/subnet/api/miners').map((e) => e.status)).toEqual([200, 304]);
    expect(await getFetchState(h.db.db, 'api:miners')).toMatchObject({ last_success_at: '2026-06-01T12:05:00Z', last_change_at: '2026-06-01T12:00:00Z' });

    const before = (await listPrices(h.db.db)).find((x) => x.name === 'tao_usd')!.value;
    const scoresBefore = JSON.stringify(h.sim.subnet.prScores());
    h.sim.clock.advance(2 * 24 * 3600_000);
    // Two days on, merged pull requests have decayed (or left the window): /prs changed.
    expect(JSON.stringify(h.sim.subnet.prScores())).not.toBe(scoresBefore);
    h.advance(5 * MIN);
    const runs = await runDueSubnetJobs(h.ctx);
    // So it is saved again; maintainers are not due again for an hour.
    expect(runs.find((r) => r.job === 'subnet-miners')!.outcomes.find((o) => o.source === 'api:prs')!.status).toBe('saved');
    expect(runs.find((r) => r.job === 'subnet-maintainers')!.outcomes).toEqual([]);
    const after = (await listPrices(h.db.db)).find((x) => x.name === 'tao_usd')!.value;
    expect(after).toBe(simPrices(h.sim.dataset.world.nowSec).taoUsd);
    expect(after).not.toBe(before);
  });

  it('keeps a miner whose GitHub account changed its login, and remembers the old login', async () => {
    await runMiners(h.ctx);
    const world = h.sim.dataset.world;
    const target = h.sim.subnet.miners()[3]!;
    const user = world.users.get(target.userIndex);
    const oldLogin = user.login;
    const before = await minersOfAccount(h.db.db, String(user.id));
    h.sim.subnet.renameLogin(user.id, 'renamed-miner');
    h.advance(5 * MIN);
    await runMiners(h.ctx);
    const after = await minersOfAccount(h.db.db, String(user.id));
    expect(after.map((m) => [m.uid, m.hotkey, m.login])).toEqual(before.map((m) => [m.uid, m.hotkey, 'renamed-miner']));
    expect(await getAccount(h.db.db, String(user.id))).toMatchObject({ login: 'renamed-miner', previous_login: oldLogin, login_changed_at: '2026-06-01T12:05:00Z' });
    // Its scored pull requests are keyed by the same id.
    expect((await listPrScores(h.db.db, { githubId: String(user.id) })).length).toBe(h.sim.subnet.prScores().filter((p) => p.userIndex === target.userIndex).length);
    expect(h.logs()).toContain('miner account changed its login');
  });
});

describe('answers that do not fit', () => {
  async function goodRunThen(tamper: () => void) {
    await runMiners(h.ctx);
    const before = await listMiners(h.db.db);
    tamper();
    h.advance(5 * MIN);
    const outcome = (await runMiners(h.ctx)).find((o) => o.source === 'api:miners')!;
    expect(await listMiners(h.db.db)).toEqual(before);
    return { outcome, state: await getFetchState(h.db.db, 'api:miners') };
  }

  it('refuses a string where a number belongs, naming the field, and keeps the last good miners', async () => {
    const { outcome, state } = await goodRunThen(() =>
      h.sim.subnet.tamper('/api/miners', (b) => {
        (b as Array<Record<string, unknown>>)[2]!.totalScore = 'lots';
        return b;
      }),
    );
    expect(outcome).toMatchObject({ status: 'failed' });
    const message = 'error' in outcome ? outcome.error : '';
    expect(message).toContain('subnet API GET /miners');
    expect(message).toContain('[2].totalScore: expected a number (or a decimal string), got the string "lots"');
    expect(state).toMatchObject({ last_error: message, consecutive_failures: 1, last_success_at: '2026-06-01T12:00:00Z' });
  });

  it('refuses an answer with a missing field, naming it', async () => {
    const { outcome } = await goodRunThen(() =>
      h.sim.subnet.tamper('/api/miners', (b) => {
        delete (b as Array<Record<string, unknown>>)[0]!.hotkey;
        return b;
      }),
    );
    expect('error' in outcome ? outcome.error : '').toContain('[0].hotkey: expected a string, got nothing (the field is missing)');
  });

  it('refuses HTML from a proxy after retrying it', async () => {
    const { outcome } = await goodRunThen(() => {
      // A new scoring round, so the answer is not a 304 for the stored ETag.
      h.sim.clock.advance(3 * 3600_000);
      h.sim.faults.add({ match: { path: '/subnet/api/miners' }, action: { kind: 'malformed' } });
    });
    expect('error' in outcome ? outcome.error : '').toMatch(/GET \/miners: the answer is not JSON \(application\/json; charset=utf-8, starting "\{\\"message\\": \\"Server Error\\", <html><body>Unicorn!/);
    // The first good fetch, then the first try and two retries.
    expect(h.sim.log().filter((e) => e.path === '/subnet/api/miners')).toHaveLength(4);
  });
});

describe('a service that is down', () => {
  it('for an hour: the last good data stays and reads as stale with its age, never as an error', async () => {
    await runDueSubnetJobs(h.ctx);
    const miners = await listMiners(h.db.db);
    const prices = await listPrices(h.db.db);
    h.sim.faults.add({ match: { path: '/subnet/' }, action: { kind: 'status', status: 503 } });
    for (let t = 0; t < 12; t++) {
      h.advance(5 * MIN);
      const runs = await runDueSubnetJobs(h.ctx);
      expect(runs.every((r) => r.error === undefined)).toBe(true);
    }
    expect(await listMiners(h.db.db)).toEqual(miners);
    expect(await listPrices(h.db.db)).toEqual(prices);
    const fresh = await readSubnetFreshness(h.db.db, h.services, h.ctx.now!());
    const miner = fresh.find((f) => f.source === 'api:miners')!;
    expect(miner).toMatchObject({ state: 'stale', ageSeconds: 3600, lastSuccessAt: '2026-06-01T12:00:00Z', failing: true, lastError: 'subnet API GET /miners: HTTP 503' });
    expect(fresh.find((f) => f.source === 'prices:tao')).toMatchObject({ state: 'stale', ageSeconds: 3600, failing: true });
    // Maintainers came due again at the hour, failed, and kept their data.
    const maint = fresh.filter((f) => f.source.startsWith('mirror:maintainers:'));
    expect(maint.length).toBe(h.sim.dataset.world.repos.length);
    expect(maint.every((f) => f.failing && f.ageSeconds === 3600)).toBe(true);

    // Back up: the next due runs bring everything fresh again (a failed repository's
    // maintainers are retried a fifth of their interval after the failure).
    h.sim.faults.clear();
    h.advance(12 * MIN);
    await runDueSubnetJobs(h.ctx);
    const back = await readSubnetFreshness(h.db.db, h.services, h.ctx.now!());
    expect(back.filter((f) => f.failing)).toEqual([]);
    expect(back.find((f) => f.source === 'api:miners')).toMatchObject({ state: 'fresh', ageSeconds: 0 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../index.ts';
import { get } from '../test-utils.ts';
import { scorePullRequestTokens } from '../../sync/token-grammars.ts';
import { simPrices } from './prices.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 11 });
});
afterAll(async () => {
  await sim.stop();
});

describe('the simulated subnet', () => {
  it('has miners who are the simulated GitHub’s people, a few accounts with two miners', () => {
    const users = sim.dataset.world.users;
    const miners = sim.subnet.miners();
    expect(miners.map((m) => m.uid)).toEqual(miners.map((_, k) => k));
    expect(miners.every((m) => users.get(m.userIndex).type === 'User' && m.userIndex >= users.generalStart)).toBe(true);
    expect(new Set(miners.map((m) => m.hotkey)).size).toBe(miners.length);
    const perUser = new Map<number, number>();
    for (const m of miners) perUser.set(m.userIndex, (perUser.get(m.userIndex) ?? 0) + 1);
    expect([...perUser.values()].some((n) => n === 2)).toBe(true);
    expect(miners.every((m) => m.shared === (perUser.get(m.userIndex) === 2))).toBe(true);
  });

  it('scores its miners’ pull requests, which its GitHub serves with the same authors', async () => {
    const prs = sim.subnet.prScores();
    expect(prs.some((p) => p.state === 'MERGED')).toBe(true);
    for (const p of prs.slice(0, 5)) {
      const pull = await get<{ user: { id: number }; merged_at: string | null }>(sim, `/repos/${p.repository}/pulls/${p.number}`);
      expect(pull.body.user.id).toBe(sim.dataset.world.users.get(p.userIndex).id);
      expect(pull.body.merged_at !== null).toBe(p.state === 'MERGED');
    }
  });

  it('scores by the rules: maintainers dropped, shared accounts zeroed, each score the product of the factors it shows', async () => {
    const prs = await get<Array<Record<string, string | number | null>>>(sim, '/subnet/api/prs');
    expect(prs.body.length).toBeGreaterThan(0);
    for (const p of prs.body) {
      const pull = await get<{ author_association: string }>(sim, `/repos/${String(p.repository)}/pulls/${String(p.pullRequestNumber)}`);
      expect(['OWNER', 'MEMBER', 'COLLABORATOR']).not.toContain(pull.body.author_association);
      const f = (k: string) => Number(p[k]);
      if (p.prState === 'MERGED') {
        // The validator multiplies base, issue, label, decay and review (spam applies to the miner's total).
        const product = f('baseScore') * f('issueMultiplier') * f('labelMultiplier') * f('timeDecayMultiplier') * f('reviewQualityMultiplier');
        const shared = sim.subnet.miners().some((m) => m.shared && String(sim.dataset.world.users.get(m.userIndex).id) === p.githubId);
        expect(Math.abs(f('score') - (shared ? 0 : product))).toBeLessThan(0.02);
      } else {
        expect(f('score')).toBe(0);
      }
    }
    const miners = await get<Array<{ uid: number; totalScore: string; isEligible: boolean }>>(sim, '/subnet/api/miners');
    const shared = new Set(sim.subnet.miners().filter((m) => m.shared).map((m) => m.uid));
    expect(shared.size).toBeGreaterThan(0);
    for (const m of miners.body.filter((x) => shared.has(x.uid))) expect(m).toMatchObject({ totalScore: '0.0000', isEligible: false });
  });

  it('takes token scores from the files its mirror serves, scored by the hub’s token scorer', async () => {
    const merged = sim.subnet.prScores().filter((p) => p.state !== 'CLOSED').slice(0, 3);
    expect(merged.length).toBeGreaterThan(0);
    for (const p of merged) {
      const files = await get<{ files: Array<{ filename: string; status: string; changes: number; base_content: string | null; head_content: string | null }> }>(sim, `/subnet/mirror/pulls/${p.repository}/${p.number}/files`);
      const scored = await scorePullRequestTokens(files.body.files.map((f) => ({ path: f.filename, status: f.status, changes: f.changes, base: f.base_content, head: f.head_content })));
      expect(p.tokenScore).toBe(Math.round(scored.tokenScore * 100) / 100);
    }
  });

  it('answers in camelCase with decimal strings, the per-repository miners in snake_case', async () => {
    const miners = await get<Array<Record<string, unknown>>>(sim, '/subnet/api/miners');
    expect(miners.status).toBe(200);
    expect(miners.body[0]).toMatchObject({ uid: 0, githubId: expect.stringMatching(/^\d+$/), totalScore: expect.stringMatching(/^\d+\.\d{4}$/) });
    const repo = encodeURIComponent(sim.subnet.prScores()[0]!.repository);
    const perRepo = await get<Array<Record<string, unknown>>>(sim, `/subnet/api/repos/${repo}/miners`);
    expect(Object.keys(perRepo.body[0]!)).toContain('total_merged_prs');
  });

  it('moves prices with the simulator clock', () => {
    const start = sim.dataset.world.nowSec;
    // The default start (2026-01-01T00:00:00Z) is a whole number of every period: each wave is at 0.
    expect(simPrices(start)).toEqual({ alphaTao: 0.02, emissionPerDay: 2952, taoUsd: 420 });
    // Six hours on: a quarter day (sin = 1), 1/28 of a week, 1/12 of three days (sin = 0.5).
    expect(simPrices(start + 6 * 3600)).toEqual({ alphaTao: 0.025, emissionPerDay: 2974.25, taoUsd: 435 });
    sim.clock.advance(6 * 3600_000);
    expect(sim.subnet.prices()).toEqual({ alphaTao: 0.025, emissionPerDay: 2974.25, taoUsd: 435 });
  });
});

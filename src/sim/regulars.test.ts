import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.ts';
import { MIN_ITEMS, TAIL } from './regulars.ts';

const DAY = 86_400;
let sim: Simulator;

beforeAll(async () => {
  // The browser tests' world size.
  sim = await startSimulator({ repos: 3, itemsPerRepo: 100 });
});
afterAll(async () => {
  await sim?.stop();
});

describe('regulars', () => {
  it('are registered miners, two per chosen repository, none in two', () => {
    const world = sim.dataset.world;
    const plans = world.regulars;
    expect(plans.length).toBeGreaterThanOrEqual(2);
    const registered = new Set(sim.subnet.miners().filter((m) => !m.shared).map((m) => m.userIndex));
    const all = plans.flatMap((p) => p.users);
    expect(new Set(all).size).toBe(all.length);
    for (const u of all) expect(registered.has(u)).toBe(true);
    for (const p of plans) {
      expect(p.first).toBe(100 - TAIL + 1);
      for (const u of p.users) expect(world.users.associationOf(u, p.repoIndex, world.seed)).toBe('CONTRIBUTOR');
    }
  });

  it('are eligible in their repository with a score above zero, as planned', () => {
    const world = sim.dataset.world;
    const { standings } = sim.subnet.scores();
    for (const plan of world.regulars) {
      const [a, b] = plan.users.map((u) => standings.find((s) => s.miner.userIndex === u && s.repoIndex === plan.repoIndex)!.standing);
      // A: 5 merged, none closed, 3 open; B: 4 merged, 1 closed (credibility 4 / 5 = 0.8), 1 open.
      expect([a!.merged, a!.closed, a!.open, a!.credibility]).toEqual([5, 0, 3, 1]);
      expect([b!.merged, b!.closed, b!.open, b!.credibility]).toEqual([4, 1, 1, 0.8]);
      for (const s of [a!, b!]) {
        expect(s.eligible).toBe(true);
        expect(s.earned).toBeGreaterThan(0);
        expect(s.openPrCliff).toBe(false);
      }
      // A sits at the cliff or one slot from it: 3 open against a threshold of 3 + ⌊tokens / 300⌋ (base 3 in the simulated list).
      expect(a!.openPrSlotsLeft).toBeLessThanOrEqual(2);
    }
  });

  it('each solved an issue someone else opened, closed at the merge of the pull request linking it', () => {
    const world = sim.dataset.world;
    for (const plan of world.regulars) {
      const state = world.repos[plan.repoIndex]!;
      const s = state.items;
      for (const k of [0, 1]) {
        const issue = plan.first + k - 1;
        const pr = plan.first + 2 + k - 1;
        expect(s.isPr(issue)).toBe(false);
        expect(s.author[pr]).toBe(plan.users[k]);
        expect(s.author[issue]).not.toBe(plan.users[k]);
        expect(s.merged[pr]).toBeGreaterThan(0);
        // Closed as completed 30 s after the merge (validity asks 0 to 1 day).
        expect(s.closed[issue]! - s.merged[pr]!).toBe(30);
        expect(sim.dataset.issue(state.meta.originalFullName, issue + 1)?.state_reason).toBe('completed');
        expect(sim.expectedClosingIssues(state.meta.originalFullName, pr + 1).map((r) => r.number)).toContain(issue + 1);
      }
    }
  });

  it('keep creation order and fall inside the last 12 days', () => {
    const world = sim.dataset.world;
    const end = world.startSec - 3600;
    for (const plan of world.regulars) {
      const s = world.repos[plan.repoIndex]!.items;
      for (let i = plan.first - 2; i < s.count - 1; i++) expect(s.created[i + 1]!).toBeGreaterThan(s.created[i]!);
      for (let i = plan.first - 1; i < s.count; i++) {
        expect(s.created[i]!).toBeGreaterThanOrEqual(end - 12 * DAY);
        expect(Math.max(s.closed[i]!, s.merged[i]!, s.updated[i]!)).toBeLessThan(end);
      }
    }
  });

  it('are the same every run, and absent from a small world', async () => {
    const again = await startSimulator({ repos: 3, itemsPerRepo: 100 });
    const small = await startSimulator({ repos: 3, itemsPerRepo: MIN_ITEMS - 1 });
    try {
      expect(again.dataset.world.regulars).toEqual(sim.dataset.world.regulars);
      expect(small.dataset.world.regulars).toEqual([]);
    } finally {
      await again.stop();
      await small.stop();
    }
  });
});

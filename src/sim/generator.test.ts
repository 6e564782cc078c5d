import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type Issue } from './index.ts';
import { pullBody, pullBodyRefs } from './bodies.ts';
import { ALL_ASSOCIATIONS } from './users.ts';

function snapshot(sim: Simulator): string {
  const out: unknown[] = [];
  for (const r of sim.dataset.repos()) {
    out.push(r);
    for (const item of sim.dataset.items(r.fullName)) out.push(item);
    for (const pr of sim.dataset.pulls(r.fullName)) out.push([pr.base.ref, pr.head.repo?.full_name ?? null, pr.draft]);
  }
  // Ports differ between runs; everything else must not.
  return JSON.stringify(out).replaceAll(sim.url, 'API');
}

describe('generator', () => {
  let a: Simulator;
  let b: Simulator;
  let c: Simulator;
  beforeAll(async () => {
    [a, b, c] = await Promise.all([startSimulator({ seed: 7, repos: 3, itemsPerRepo: 50 }), startSimulator({ seed: 7, repos: 3, itemsPerRepo: 50 }), startSimulator({ seed: 8, repos: 3, itemsPerRepo: 50 })]);
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop(), c.stop()]);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(snapshot(a)).toBe(snapshot(b));
    expect(snapshot(a)).not.toBe(snapshot(c));
  });

  it('clock steps are deterministic per seed', () => {
    const ea = a.clock.step({ events: 20 });
    const eb = b.clock.step({ events: 20 });
    expect(ea).toEqual(eb);
    expect(ea.length).toBeGreaterThan(10);
    expect(snapshot(a)).toBe(snapshot(b));
  });

  it('numbers the first repository entrius/gittensor and keeps names unique', () => {
    const names = a.dataset.repos().map((r) => r.fullName.toLowerCase());
    expect(names[0]).toBe('entrius/gittensor');
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('generated content at a moderate scale', () => {
  let sim: Simulator;
  const items: Issue[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, repos: 8, itemsPerRepo: 800 });
    for (const r of sim.dataset.repos()) for (const it of sim.dataset.items(r.fullName)) items.push(it);
  });
  afterAll(() => sim.stop());

  it('has every author association', () => {
    const seen = new Set(items.map((i) => i.author_association));
    for (const a of ALL_ASSOCIATIONS) expect(seen, a).toContain(a);
  });

  it('has issues in every state_reason and PRs open, draft, closed and merged, some off the default branch', () => {
    const issues = items.filter((i) => !i.pull_request);
    expect(new Set(issues.filter((i) => i.state === 'closed').map((i) => i.state_reason))).toEqual(new Set(['completed', 'not_planned', 'duplicate']));
    expect(issues.some((i) => i.state === 'open' && i.state_reason === 'reopened')).toBe(true);
    const prs = items.filter((i) => i.pull_request);
    expect(prs.some((p) => p.state === 'open' && p.draft)).toBe(true);
    expect(prs.some((p) => p.state === 'open' && !p.draft)).toBe(true);
    expect(prs.some((p) => p.state === 'closed' && p.pull_request!.merged_at === null)).toBe(true);
    expect(prs.some((p) => p.pull_request!.merged_at !== null)).toBe(true);
    let offDefault = 0;
    let headGone = 0;
    for (const r of sim.dataset.repos()) {
      for (const p of sim.dataset.pulls(r.fullName)) {
        if (p.base.ref !== r.defaultBranch) offDefault++;
        if (p.head.repo === null) headGone++;
      }
    }
    expect(offDefault).toBeGreaterThan(20);
    expect(headGone).toBeGreaterThan(0);
  });

  it('writes realistic markdown, null bodies and NUL characters', () => {
    const bodies = items.map((i) => i.body ?? null);
    const text = bodies.filter((b): b is string => b !== null);
    expect(bodies.some((b) => b === null)).toBe(true);
    expect(text.some((b) => b.includes('\u0000')) || items.some((i) => i.title.includes('\u0000'))).toBe(true);
    for (const marker of [/^#{2,3} /m, /^- \[[ x]\] /m, /^> /m, /```/, /`[^`\n]+`/, /<!--/, /\]\(https:/, /\r\n/]) {
      expect(text.some((b) => marker.test(b)), String(marker)).toBe(true);
    }
    expect(items.some((i) => i.labels.length > 0)).toBe(true);
  });

  it('has plausible timestamps: numbers in creation order, nothing after the start', () => {
    const start = Date.parse(sim.clock.iso());
    for (const r of sim.dataset.repos()) {
      let prev = 0;
      for (const it of sim.dataset.items(r.fullName)) {
        const created = Date.parse(it.created_at);
        expect(created).toBeGreaterThanOrEqual(prev);
        prev = created;
        expect(Date.parse(it.updated_at)).toBeGreaterThanOrEqual(created);
        expect(Date.parse(it.updated_at)).toBeLessThan(start);
        if (it.closed_at) expect(Date.parse(it.closed_at)).toBeGreaterThanOrEqual(created);
        expect(it.state === 'closed').toBe(it.closed_at !== null);
      }
    }
  });

  it('keeps per-item memory compact', () => {
    const count = sim.dataset.repos().reduce((n, r) => n + r.itemCount, 0);
    expect(sim.dataset.storeBytes() / count).toBeLessThan(64);
  });
});

describe('pullBodyRefs', () => {
  it('names the references of the composed description, without composing it', async () => {
    const sim = await startSimulator({ seed: 11, repos: 4, itemsPerRepo: 400 });
    try {
      const world = sim.dataset.world;
      let withRefs = 0;
      for (const state of world.repos) {
        const picker = world.picker(state.meta.index);
        for (let i = 0; i < state.items.count; i++) {
          if (!state.items.isPr(i)) continue;
          const refs = pullBodyRefs(world.seed, state.meta.index, i + 1, 0, picker);
          expect(refs).toEqual(pullBody(world.seed, state.meta.index, i + 1, 0, picker).refs);
          if (refs.length) withRefs++;
        }
      }
      expect(withRefs).toBeGreaterThan(100);
    } finally {
      await sim.stop();
    }
  });
});

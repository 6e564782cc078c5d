import { describe, expect, it } from 'vitest';
import { coreQuota, planSchedule, type RepoSchedule } from './scheduler.ts';

const settings = { hotRepos: 2, hotIntervalSeconds: 30, freshnessSeconds: 600 };
const repo = (key: string, weight: number, extra: Partial<RepoSchedule> = {}): RepoSchedule => ({ key, weight, active: false, consecutiveFailures: 0, lastPassQuota: 1, ...extra });

describe('planSchedule', () => {
  it('refreshes the heaviest repositories often and the rest within the freshness target', () => {
    const { plans, stretch } = planSchedule([repo('c', 0.1), repo('a', 5), repo('b', 3), repo('d', 0.01)], settings, null);
    expect(stretch).toBe(1);
    expect(Object.fromEntries(plans.map((p) => [p.key, p.intervalSeconds]))).toEqual({ a: 30, b: 30, c: 600, d: 600 });
    expect(plans[0]!.priority).toBeGreaterThan(plans[3]!.priority);
  });

  it('treats recently active repositories as hot', () => {
    const { plans } = planSchedule([repo('a', 5), repo('b', 3), repo('c', 0.1, { active: true })], settings, null);
    expect(plans.find((p) => p.key === 'c')!.intervalSeconds).toBe(30);
  });

  it('stretches every interval when the quota left cannot pay for the targets', () => {
    const repos = Array.from({ length: 50 }, (_, i) => repo(`r${i}`, 50 - i, { lastPassQuota: 4 }));
    const rich = planSchedule(repos, settings, { remaining: 50_000, secondsToReset: 3600 });
    expect(rich.stretch).toBe(1);
    const poor = planSchedule(repos, settings, { remaining: 500, secondsToReset: 3600 });
    expect(poor.stretch).toBeGreaterThan(1);
    expect(poor.plans[0]!.intervalSeconds).toBeGreaterThan(30);
  });

  it('backs failing repositories off exponentially, capped at an hour', () => {
    const { plans } = planSchedule([repo('a', 1, { consecutiveFailures: 3 }), repo('b', 0.5, { consecutiveFailures: 30 })], settings, null);
    expect(plans[0]!.intervalSeconds).toBe(240);
    expect(plans[1]!.intervalSeconds).toBe(3600);
  });
});

describe('coreQuota', () => {
  it('sums core quota across tokens and finds the earliest reset', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const q = coreQuota(
      [
        { token_label: 'token-1', resource: 'core', limit: 5000, remaining: 100, reset_at: '2026-01-01T00:10:00Z' },
        { token_label: 'token-2', resource: 'core', limit: 5000, remaining: 200, reset_at: '2026-01-01T00:05:00Z' },
        { token_label: 'token-2', resource: 'graphql', limit: 5000, remaining: 9, reset_at: '2026-01-01T00:01:00Z' },
      ],
      now,
    );
    expect(q).toEqual({ remaining: 300, secondsToReset: 300 });
    expect(coreQuota([])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { SubnetFreshness } from './api/types.ts';
import { freshness, subnetFreshness } from './freshness.ts';

const NOW = Date.parse('2026-11-03T12:00:00Z');
const at = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString();
const ok = (secondsAgo: number | null, extra: { state?: 'ok' | 'stale'; failures?: number } = {}) => ({
  last_success_at: secondsAgo === null ? null : at(secondsAgo),
  consecutive_failures: extra.failures ?? 0,
  last_error: extra.failures ? 'GitHub answered 502' : null,
  state: extra.state,
});

describe('freshness words', () => {
  it('never call stale data "just now", whatever the target', () => {
    // A hot repository (30 s target) synced 40 s ago, as the repository table showed "Stale: just now".
    expect(freshness(ok(40), NOW, 30)).toEqual({ state: 'stale', word: 'Stale', when: '40 s ago' });
    expect(freshness(ok(40, { state: 'stale' }), NOW)).toEqual({ state: 'stale', word: 'Stale', when: '40 s ago' });
    for (let age = 0; age <= 3700; age += 7) {
      for (const target of [10, 30, 60, 600, 3600]) {
        const f = freshness(ok(age), NOW, target);
        expect(f.word === 'Stale' && f.when === 'just now', `${age} s, target ${target}`).toBe(false);
        expect(f.word).toBe(age > target ? 'Stale' : 'Synced');
      }
    }
  });

  it('says "just now" for fresh data under 45 s, then seconds, then minutes', () => {
    expect(freshness(ok(10), NOW, 30)).toEqual({ state: 'ok', word: 'Synced', when: 'just now' });
    expect(freshness(ok(50), NOW, 600)).toEqual({ state: 'ok', word: 'Synced', when: '50 s ago' });
    expect(freshness(ok(300), NOW, 600)).toMatchObject({ state: 'ok', word: 'Synced', when: expect.stringMatching(/^5 min\.? ago$/) });
    expect(freshness(ok(900), NOW, 600)).toMatchObject({ state: 'stale', word: 'Stale', when: expect.stringMatching(/^15 min\.? ago$/) });
  });

  it('follows the clock when the target is known, and the server when it is not', () => {
    expect(freshness(ok(700, { state: 'ok' }), NOW, 600).word).toBe('Stale');
    expect(freshness(ok(700, { state: 'ok' }), NOW).word).toBe('Synced');
  });

  it('names failures and repositories never synced', () => {
    expect(freshness(ok(null), NOW, 30)).toEqual({ state: 'never', word: 'Not synced yet', when: null });
    expect(freshness(ok(null, { failures: 2 }), NOW, 30)).toEqual({ state: 'failing', word: 'Failing', when: null });
    expect(freshness(ok(120, { failures: 1 }), NOW, 600)).toMatchObject({ state: 'failing', word: 'Failing', when: expect.stringMatching(/^2 min\.? ago$/) });
  });
});

describe("the subnet's data freshness words", () => {
  const entry = (over: Partial<SubnetFreshness>): SubnetFreshness => ({
    name: 'miners', service: 'api', host: 'api.gittensor.io', configured: true, state: 'fresh', interval_seconds: 300, source_count: 1, never_count: 0, failing_count: 0,
    last_success_at: null, age_seconds: null, last_error: null, last_error_at: null, ...over,
  });

  it('calls data fresh within twice its interval and stale after, at the page clock', () => {
    expect(subnetFreshness(entry({ last_success_at: at(590) }), NOW)).toMatchObject({ state: 'ok', word: 'Fresh' });
    expect(subnetFreshness(entry({ last_success_at: at(610) }), NOW)).toMatchObject({ state: 'stale', word: 'Stale', when: expect.stringMatching(/^10 min\.? ago$/) });
  });

  it('shows a failing service with the age of its last good data, and says when one is off or never answered', () => {
    expect(subnetFreshness(entry({ last_success_at: at(3600), failing_count: 1, last_error: 'subnet API GET /miners: HTTP 503' }), NOW)).toMatchObject({ state: 'failing', word: 'Failing', when: expect.stringMatching(/^1 (h|hr\.?|hour) ago$/) });
    expect(subnetFreshness(entry({ configured: false, state: 'not_configured' }), NOW)).toEqual({ state: 'off', word: 'Not configured', when: null });
    expect(subnetFreshness(entry({ state: 'never' }), NOW)).toEqual({ state: 'never', word: 'Not fetched yet', when: null });
  });
});

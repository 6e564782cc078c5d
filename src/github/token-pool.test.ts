import { describe, expect, it } from 'vitest';
import { TokenPool } from './token-pool.ts';

function headers(h: Record<string, string | number>): Headers {
  return new Headers(Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)])));
}

describe('TokenPool', () => {
  it('picks the token with the most quota left for the resource', () => {
    let now = 1_000_000;
    const pool = new TokenPool(['a', 'b', 'c'], { now: () => now });
    pool.observe('token-1', headers({ 'x-ratelimit-resource': 'core', 'x-ratelimit-limit': 5000, 'x-ratelimit-remaining': 10, 'x-ratelimit-reset': 2000 }));
    pool.observe('token-2', headers({ 'x-ratelimit-resource': 'core', 'x-ratelimit-limit': 5000, 'x-ratelimit-remaining': 4000, 'x-ratelimit-reset': 2000 }));
    pool.observe('token-3', headers({ 'x-ratelimit-resource': 'core', 'x-ratelimit-limit': 5000, 'x-ratelimit-remaining': 300, 'x-ratelimit-reset': 2000 }));
    expect(pool.pick('core')).toMatchObject({ label: 'token-2', token: 'b' });
    // graphql is a separate budget: unknown buckets count as full, ties go to the first.
    pool.observe('token-2', headers({ 'x-ratelimit-resource': 'graphql', 'x-ratelimit-limit': 5000, 'x-ratelimit-remaining': 1, 'x-ratelimit-reset': 2000 }));
    expect(pool.pick('graphql')).toMatchObject({ label: 'token-1' });
    now += 1;
  });

  it('prefers the token whose ETag is held while it has quota', () => {
    const pool = new TokenPool(['a', 'b']);
    pool.observe('token-1', headers({ 'x-ratelimit-resource': 'core', 'x-ratelimit-remaining': 100, 'x-ratelimit-reset': 9_999_999_999 }));
    expect(pool.pick('core', 'token-1')).toMatchObject({ label: 'token-1' });
    pool.exhausted('token-1', 'core', 9_999_999_999_000);
    expect(pool.pick('core', 'token-1')).toMatchObject({ label: 'token-2' });
  });

  it('waits until the earliest reset when every token is exhausted, then resumes', () => {
    let now = 1_000_000;
    const pool = new TokenPool(['a', 'b'], { now: () => now });
    pool.exhausted('token-1', 'core', now + 30_000);
    pool.exhausted('token-2', 'core', now + 10_000);
    const wait = pool.pick('core');
    expect(wait).toEqual({ waitMs: 10_000, reason: expect.stringMatching(/exhausted/) });
    now += 10_000;
    expect(pool.pick('core')).toMatchObject({ label: 'token-2' });
  });

  it('backs off exponentially from a base on secondary limits without retry-after, and honours retry-after', () => {
    let now = 0;
    const pool = new TokenPool(['a'], { now: () => now, secondaryBaseMs: 1000 });
    expect(pool.secondary('token-1', null)).toBe(1000);
    expect(pool.secondary('token-1', null)).toBe(2000);
    expect(pool.secondary('token-1', null)).toBe(4000);
    expect(pool.pick('core')).toMatchObject({ waitMs: 4000, reason: 'secondary rate limit' });
    now += 4000;
    expect(pool.pick('core')).toMatchObject({ label: 'token-1' });
    pool.succeeded('token-1');
    expect(pool.secondary('token-1', 7000)).toBe(7000);
    expect(pool.secondary('token-1', null)).toBe(2000);
  });

  it('takes rejected tokens out of rotation, says so when none is left, and tries them again after a back-off', () => {
    let now = 1_000_000;
    const pool = new TokenPool(['a', 'b'], { now: () => now, rejectedBaseMs: 1000, rejectedMaxMs: 3000 });
    expect(pool.reject('token-1')).toBe(1000);
    expect(pool.pick('core')).toMatchObject({ label: 'token-2' });
    expect(pool.reject('token-2')).toBe(1000);
    now += 400;
    expect(pool.pick('core')).toEqual({ rejected: ['token 1 of 2', 'token 2 of 2'], retryInMs: 600 });
    expect(pool.snapshot().every((q) => q.remaining === 0)).toBe(true);
    now += 600;
    expect(pool.pick('core')).toMatchObject({ label: 'token-1' });
    // Rejected again: the back-off doubles, up to its cap.
    expect(pool.reject('token-1')).toBe(2000);
    expect(pool.reject('token-1')).toBe(3000);
    // Accepted again: back in rotation with a fresh back-off.
    pool.succeeded('token-1');
    expect(pool.reject('token-1')).toBe(1000);
  });

  it('runs anonymously without tokens, and never exposes a token in its snapshot', () => {
    expect(new TokenPool([]).pick('core')).toEqual({ label: 'anonymous', token: null });
    const pool = new TokenPool(['secret-token-value']);
    pool.pick('core');
    expect(JSON.stringify(pool.snapshot())).not.toContain('secret-token-value');
    expect(pool.snapshot()[0]).toMatchObject({ token_label: 'token-1', resource: 'core' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.ts';
import { get, gql } from './test-utils.ts';
import type { components } from '@octokit/openapi-types';

const sims: Simulator[] = [];
async function sim(opts: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  const s = await startSimulator({ repos: 2, itemsPerRepo: 40, ...opts });
  sims.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

const repo = 'entrius/gittensor';
const auth = (t: string) => ({ authorization: `token ${t}` });

describe('conditional requests', () => {
  it('sends a weak ETag on every GET; a matching If-None-Match answers 304 without charge', async () => {
    const s = await sim({ tokens: ['aaa', 'bbb'] });
    const first = await get(s, `/repos/${repo}/issues?state=all`, auth('aaa'));
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/);
    expect(first.headers.get('x-ratelimit-used')).toBe('1');
    const again = await get(s, `/repos/${repo}/issues?state=all`, { ...auth('aaa'), 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('x-ratelimit-used')).toBe('1');
    expect(s.stats().charged.core).toBe(1);
    expect(s.stats().notModified).toBe(1);
    expect(s.log().map((e) => [e.status, e.charged])).toEqual([[200, true], [304, false]]);
  });

  it('ETags vary by token and by Accept, and change when the data changes', async () => {
    const s = await sim({ tokens: ['aaa', 'bbb'] });
    const path = `/repos/${repo}/issues?state=all`;
    const a = (await get(s, path, auth('aaa'))).headers.get('etag');
    const b = (await get(s, path, auth('bbb'))).headers.get('etag');
    const c = (await get(s, path, { ...auth('aaa'), accept: 'application/vnd.github.v3+json' })).headers.get('etag');
    expect(new Set([a, b, c]).size).toBe(3);
    s.mutate.comment(repo, s.dataset.numbers(repo).at(-1)!);
    const d = await get(s, path, { ...auth('aaa'), 'if-none-match': a! });
    expect(d.status).toBe(200);
    expect(d.headers.get('etag')).not.toBe(a);
  });
});

describe('primary rate limits', () => {
  it('spends a per-token budget, answers 403 with remaining 0, and refills at reset', async () => {
    const s = await sim({ tokens: ['aaa', 'bbb'], rateLimit: { core: { limit: 3, windowMs: 1500 } } });
    for (let k = 1; k <= 3; k++) {
      const r = await get(s, `/repos/${repo}`, auth('aaa'));
      expect(r.status).toBe(200);
      expect(r.headers.get('x-ratelimit-remaining')).toBe(String(3 - k));
      expect(r.headers.get('x-ratelimit-resource')).toBe('core');
    }
    const over = await get<{ message: string }>(s, `/repos/${repo}`, auth('aaa'));
    expect(over.status).toBe(403);
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(over.body.message).toMatch(/^API rate limit exceeded/);
    const reset = Number(over.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(Date.now() / 1000 - 1);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 2);
    // Another token has its own budget; /rate_limit is free.
    expect((await get(s, `/repos/${repo}`, auth('bbb'))).status).toBe(200);
    const rl = await get<components['schemas']['rate-limit-overview']>(s, '/rate_limit', auth('aaa'));
    expect(rl.status).toBe(200);
    expect(rl.body.resources.core).toMatchObject({ limit: 3, remaining: 0, used: 3 });
    expect(rl.body.resources.graphql).toMatchObject({ limit: 5000, remaining: 5000 });
    await new Promise((r) => setTimeout(r, reset * 1000 - Date.now() + 50));
    const after = await get(s, `/repos/${repo}`, auth('aaa'));
    expect(after.status).toBe(200);
    expect(after.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(s.stats().charged.core).toBe(5);
    expect(s.stats().byToken['token-1']).toMatchObject({ requests: 6, core: 4 });
  });

  it('can answer 429 instead, and the GraphQL budget is separate', async () => {
    const s = await sim({ primaryStatus: 429, rateLimit: { core: { limit: 1, windowMs: 60_000 } } });
    expect((await get(s, `/repos/${repo}`, auth('x'))).status).toBe(200);
    expect((await get(s, `/repos/${repo}`, auth('x'))).status).toBe(429);
    const g = await gql<{ data: { rateLimit: { remaining: number } } }>(s, '{ rateLimit { remaining } }', {}, 'x');
    expect(g.body.data.rateLimit.remaining).toBe(4999);
    expect(g.headers.get('x-ratelimit-resource')).toBe('graphql');
  });
});

describe('secondary rate limits', () => {
  it('answers 403 with a "secondary rate limit" message, with and without retry-after', async () => {
    const s = await sim();
    s.faults.add({ nth: 1, action: { kind: 'secondary', retryAfter: 7 } });
    s.faults.add({ nth: 2, action: { kind: 'secondary', status: 429, retryAfter: null } });
    const a = await get<{ message: string }>(s, `/repos/${repo}`);
    expect(a.status).toBe(403);
    expect(a.body.message).toMatch(/secondary rate limit/);
    expect(a.headers.get('retry-after')).toBe('7');
    const b = await get<{ message: string }>(s, `/repos/${repo}`);
    expect(b.status).toBe(429);
    expect(b.headers.get('retry-after')).toBeNull();
    expect((await get(s, `/repos/${repo}`)).status).toBe(200);
    expect(s.stats().charged.core).toBe(1);
  });

  it('enforces concurrency when configured', async () => {
    const s = await sim({ secondaryLimits: { maxConcurrent: 2, retryAfter: 1 } });
    s.faults.add({ action: { kind: 'latency', ms: 150 } });
    const results = await Promise.all(Array.from({ length: 5 }, () => get(s, `/repos/${repo}`)));
    const codes = results.map((r) => r.status).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(2);
    expect(codes.filter((c) => c === 403)).toHaveLength(3);
    expect(results.find((r) => r.status === 403)!.headers.get('retry-after')).toBe('1');
  });
});

describe('authentication', () => {
  it('answers 401 Bad credentials for an unknown token when tokens are configured', async () => {
    const s = await sim({ tokens: ['good'] });
    const r = await get<{ message: string }>(s, `/repos/${repo}`, auth('bad'));
    expect(r.status).toBe(401);
    expect(r.body.message).toBe('Bad credentials');
    expect((await get(s, `/repos/${repo}`, auth('good'))).status).toBe(200);
    expect(s.log().map((e) => e.token)).toEqual(['invalid-token', 'token-1']);
    expect(JSON.stringify(s.log())).not.toContain('good');
  });

  it('accepts any token, or none, when no tokens are configured; GraphQL needs one', async () => {
    const s = await sim();
    expect((await get(s, `/repos/${repo}`, auth('whatever'))).status).toBe(200);
    expect((await get(s, `/repos/${repo}`)).status).toBe(200);
    const anon = await fetch(s.graphqlUrl, { method: 'POST', body: JSON.stringify({ query: '{ rateLimit { cost } }' }) });
    expect(anon.status).toBe(401);
  });
});

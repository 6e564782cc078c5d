import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.ts';
import { get } from './test-utils.ts';

const sims: Simulator[] = [];
async function sim(opts: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  const s = await startSimulator({ repos: 2, itemsPerRepo: 30, ...opts });
  sims.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

const repo = 'entrius/gittensor';
const issues = `/repos/${repo}/issues?state=all`;

describe('scripted faults', () => {
  it('"the 3rd request matching /issues answers 502", other paths untouched; 5xx still costs', async () => {
    const s = await sim();
    s.faults.add({ match: { path: '/issues' }, nth: 3, action: { kind: 'status', status: 502 } });
    const statuses: number[] = [];
    for (let k = 0; k < 4; k++) {
      statuses.push((await get(s, `/repos/${repo}`)).status);
      statuses.push((await get(s, issues)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 502, 200, 200]);
    const failed = s.log().find((e) => e.status === 502)!;
    expect(failed).toMatchObject({ path: `/repos/${repo}/issues`, fault: 'status:502', charged: true, resource: 'core' });
    expect(s.stats().charged.core).toBe(8);
  });

  it('500 and 504 too, and a range of requests gets a secondary limit without retry-after', async () => {
    const s = await sim();
    s.faults.script([
      { nth: [1], action: { kind: 'status', status: 500 } },
      { nth: 2, action: { kind: 'status', status: 504 } },
      { range: [4, 6], action: { kind: 'secondary', retryAfter: null } },
    ]);
    const got = [];
    for (let k = 0; k < 7; k++) {
      const r = await get<{ message: string }>(s, issues);
      got.push([r.status, r.headers.get('retry-after')]);
    }
    expect(got).toEqual([[500, null], [504, null], [200, null], [403, null], [403, null], [403, null], [200, null]]);
    expect(s.stats().faults).toBe(5);
    expect(s.stats().charged.core).toBe(4);
  });

  it('resets the connection', async () => {
    const s = await sim();
    s.faults.add({ nth: 1, action: { kind: 'reset' } });
    await expect(fetch(`${s.url}${issues}`)).rejects.toThrow();
    expect((await get(s, issues)).status).toBe(200);
    expect(s.log()[0]).toMatchObject({ status: 0, fault: 'reset', charged: false });
  });

  it('truncates JSON bodies and sends malformed ones', async () => {
    const s = await sim();
    s.faults.add({ nth: 1, action: { kind: 'truncate' } });
    s.faults.add({ nth: 2, action: { kind: 'malformed' } });
    const cut = await fetch(`${s.url}${issues}`);
    expect(cut.status).toBe(200);
    const text = await cut.text();
    expect(text.length).toBeGreaterThan(10);
    expect(() => JSON.parse(text)).toThrow();
    const bad = await fetch(`${s.url}${issues}`);
    expect(bad.status).toBe(200);
    expect(bad.headers.get('content-type')).toContain('application/json');
    await expect(bad.json()).rejects.toThrow();
    expect(JSON.parse(await (await fetch(`${s.url}${issues}`)).text())).toBeInstanceOf(Array);
  });

  it('adds latency', async () => {
    const s = await sim();
    s.faults.add({ match: { method: 'GET' }, times: 1, action: { kind: 'latency', ms: 1_200 } });
    const t0 = Date.now();
    expect((await get(s, issues)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_150);
    // `times: 1`: the second request is not held. The margin is wide so that a busy
    // machine's slow answer cannot pass for a second 1.2 s hold.
    const t1 = Date.now();
    expect((await get(s, issues)).status).toBe(200);
    expect(Date.now() - t1).toBeLessThan(900);
  });

  it('a request held past the gateway timeout answers 504 and still costs', async () => {
    const s = await sim({ gatewayTimeoutMs: 50 });
    s.faults.add({ nth: 1, action: { kind: 'latency', ms: 80 } });
    expect((await get(s, issues)).status).toBe(504);
    expect(s.stats().charged.core).toBe(1);
  });

  it('a secondary-limit storm hits the next N requests', async () => {
    const s = await sim();
    s.faults.storm({ requests: 3, status: 429, retryAfter: 2 });
    const codes = [];
    for (let k = 0; k < 4; k++) codes.push((await get(s, issues)).status);
    expect(codes).toEqual([429, 429, 429, 200]);
  });

  it('every token exhausted until a reset, then served again', async () => {
    const s = await sim({ tokens: ['a', 'b'] });
    s.faults.exhaustTokens(['core'], 400);
    for (const t of ['a', 'b']) {
      const r = await get(s, issues, { authorization: `token ${t}` });
      expect(r.status).toBe(403);
      expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    }
    await new Promise((r) => setTimeout(r, 450));
    expect((await get(s, issues, { authorization: 'token a' })).status).toBe(200);
  });

  it('a primary-limit answer can be injected without spending the budget', async () => {
    const s = await sim();
    s.faults.add({ nth: 1, action: { kind: 'primary' } });
    const r = await get<{ message: string }>(s, issues);
    expect(r.status).toBe(403);
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await get(s, issues)).headers.get('x-ratelimit-used')).toBe('1');
  });
});

describe('random faults', () => {
  it('fire at the configured rates, reproducibly for a seed', async () => {
    const run = async () => {
      const s = await sim({ faults: { random: { seed: 5, rates: { '500': 0.1, '502': 0.1, '504': 0.05, truncate: 0.05, malformed: 0.05, secondary: 0.05 } } } });
      const codes: string[] = [];
      for (let k = 0; k < 60; k++) {
        const res = await fetch(`${s.url}/repos/${repo}`);
        const text = await res.text();
        let ok = true;
        try {
          JSON.parse(text);
        } catch {
          ok = false;
        }
        codes.push(`${res.status}${ok ? '' : '!'}`);
      }
      return codes;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const faults = a.filter((c) => c !== '200').length;
    expect(faults).toBeGreaterThan(10);
    expect(faults).toBeLessThan(45);
    expect(new Set(a)).toEqual(new Set(['200', '500', '502', '504', '200!', '403']));
  });

  it('random resets can be turned on and off', async () => {
    const s = await sim();
    s.faults.random({ seed: 1, rates: { reset: 1 } });
    await expect(fetch(`${s.url}${issues}`)).rejects.toThrow();
    s.faults.random(null);
    expect((await get(s, issues)).status).toBe(200);
  });
});

describe('request log and counters', () => {
  it('records method, path, query, status, token label, charge and resource; resettable', async () => {
    const s = await sim({ tokens: ['secret-token-value'] });
    await get(s, `${issues}&per_page=5`, { authorization: 'token secret-token-value' });
    await get(s, '/rate_limit', { authorization: 'token secret-token-value' });
    const log = s.log();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ method: 'GET', path: `/repos/${repo}/issues`, query: { state: 'all', per_page: '5' }, status: 200, token: 'token-1', charged: true, cost: 1, resource: 'core' });
    expect(log[1]).toMatchObject({ path: '/rate_limit', charged: false, cost: 0, resource: 'none' });
    expect(JSON.stringify(log)).not.toContain('secret-token-value');
    expect(s.stats()).toMatchObject({ requests: 2, byStatus: { '200': 2 }, charged: { core: 1, graphql: 0 } });
    s.resetStats();
    expect(s.log()).toEqual([]);
    expect(s.stats().requests).toBe(0);
  });
});

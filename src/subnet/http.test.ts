import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim/index.ts';
import { ServiceClient } from './http.ts';
import { rateLimiter, SubnetMirrorClient } from './clients.ts';
import { minersSchema, prScoresSchema } from './schemas.ts';
import { ServiceError } from './service-error.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  sim.faults.clear();
  sim.subnet.clearTampers();
  sim.resetStats();
});

const api = (o: Partial<ConstructorParameters<typeof ServiceClient>[0]> = {}) => new ServiceClient({ service: 'subnet API', baseUrl: sim.subnetUrls.api, timeoutMs: 2000, retries: 2, backoffMs: 5, ...o });
const requests = (path: string) => sim.log().filter((e) => e.path === path).length;

async function failure(p: Promise<unknown>): Promise<ServiceError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}

describe('ServiceClient', () => {
  it('retries 5xx answers and connection resets with backoff, then succeeds', async () => {
    sim.faults.add({ match: { path: '/subnet/api/miners' }, nth: [1, 2], action: { kind: 'status', status: 502 } });
    const r = await api().get('/miners', minersSchema);
    expect(r.notModified).toBe(false);
    expect(requests('/subnet/api/miners')).toBe(3);
    sim.faults.add({ match: { path: '/subnet/api/prs' }, nth: 1, action: { kind: 'reset' } });
    await api().get('/prs', prScoresSchema);
    expect(requests('/subnet/api/prs')).toBe(2);
  });

  it('gives up after its retries with an error naming the service, endpoint and status', async () => {
    sim.faults.add({ match: { path: '/subnet/api/miners' }, action: { kind: 'status', status: 503 } });
    const err = await failure(api().get('/miners', minersSchema));
    expect(err.message).toBe('subnet API GET /miners: HTTP 503');
    expect([err.failure, err.httpStatus, err.code]).toEqual(['unavailable', 503, 'service_unavailable']);
    expect(requests('/subnet/api/miners')).toBe(3);
  });

  it('does not retry a 4xx answer', async () => {
    const err = await failure(api().get('/miners/999999999', minersSchema));
    expect([err.failure, err.httpStatus]).toEqual(['rejected', 404]);
    expect(requests('/subnet/api/miners/999999999')).toBe(1);
  });

  it('times out a slow answer and says so', async () => {
    sim.faults.add({ match: { path: '/subnet/api/miners' }, action: { kind: 'latency', ms: 400 } });
    const err = await failure(api({ timeoutMs: 100, retries: 1 }).get('/miners', minersSchema));
    expect(err.message).toBe('subnet API GET /miners: no answer within 100 ms');
    // The simulator answers the abandoned requests later; let them land before the next test counts.
    await new Promise((r) => setTimeout(r, 450));
  });

  it('retries a cut-off body, and does not retry JSON that does not fit', async () => {
    sim.faults.add({ match: { path: '/subnet/api/miners' }, nth: 1, action: { kind: 'truncate' } });
    await api().get('/miners', minersSchema);
    expect(requests('/subnet/api/miners')).toBe(2);
    sim.resetStats();
    sim.subnet.tamper('/api/miners', (b) => (b as Array<Record<string, unknown>>).map((m, k) => (k === 5 ? { ...m, githubId: 'abc', uid: -1 } : m)));
    const err = await failure(api().get('/miners', minersSchema));
    expect(err.failure).toBe('invalid_answer');
    expect(err.fields).toEqual(['[5].uid', '[5].githubId']);
    expect(err.message).toContain('[5].githubId: expected a numeric id, got the string "abc"');
    expect(requests('/subnet/api/miners')).toBe(1);
  });
});

describe('a proxy in front of the service', () => {
  it('an HTML page with status 200 is refused as not JSON, after its retries', async () => {
    let hits = 0;
    const proxy = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>Captive portal</title></head><body>Sign in</body></html>');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const err = await failure(new ServiceClient({ service: 'subnet API', baseUrl: base, timeoutMs: 2000, retries: 1, backoffMs: 5 }).get('/miners', minersSchema));
      expect(err.message).toBe('subnet API GET /miners: the answer is not JSON (text/html, starting "<html><head><title>Captive portal</title></head><body>Sign i")');
      expect(err.failure).toBe('not_json');
      expect(hits).toBe(2);
    } finally {
      proxy.close();
    }
  });
});

describe('the mirror rate limit', () => {
  it('the simulated mirror refuses a burst over its limit', async () => {
    sim.subnet.mirrorLimit = { requests: 5, perMs: 1000 };
    const bare = new SubnetMirrorClient(new ServiceClient({ service: 'subnet mirror', baseUrl: sim.subnetUrls.mirror, timeoutMs: 2000, retries: 0 }));
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => bare.maintainers('entrius/gittensor')));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.message).toBe('subnet mirror GET /repos/entrius/gittensor/maintainers: HTTP 429');
  });

  it('the client spaces its requests so a burst never goes over the limit', async () => {
    const limit = { requests: 5, perMs: 1500 };
    sim.subnet.mirrorLimit = limit;
    const refused = sim.subnet.mirrorRefused;
    await new Promise((r) => setTimeout(r, limit.perMs + 100));
    const limited = new SubnetMirrorClient(new ServiceClient({ service: 'subnet mirror', baseUrl: sim.subnetUrls.mirror, timeoutMs: 2000, retries: 0, limiter: rateLimiter(limit) }));
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 11 }, () => limited.maintainers('entrius/gittensor')));
    expect(results.every((r) => !r.notModified && r.data.length > 0)).toBe(true);
    expect(sim.subnet.mirrorRefused).toBe(refused);
    // 11 requests at 5 per 1.5 s: the last starts at least 10 × 300 ms after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
  });
});

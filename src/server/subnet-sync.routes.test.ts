import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { runDueSubnetJobs } from '../sync/subnet-scheduler.ts';
import { captureLogger } from '../test/logs.ts';
import { createSubnetHarness, type SubnetHarness } from '../test/subnet-harness.ts';
import { buildServer, type HubServer } from './app.ts';
import { startTestApp } from './test-app.ts';

const MIN = 60_000;
let h: SubnetHarness;
let app: HubServer;

beforeEach(async () => {
  h = await createSubnetHarness({}, { retries: 0 });
  const config = Object.freeze({ ...loadConfig({ GITHUB_TOKENS: 'subnet-sync-test-token' }, { dotenvPath: null }), services: h.services });
  app = await buildServer({ db: h.db.db, dialect: h.db.dialect, config, logger: captureLogger('error').logger, webRoot: null, now: h.ctx.now });
});
afterEach(async () => {
  await app.close();
  await h.stop();
});

type Freshness = { name: string; state: string; age_seconds: number | null; last_success_at: string | null; failing_count: number; last_error: string | null; configured: boolean; host: string | null; source_count: number; never_count: number };
async function subnetFreshness(server = app): Promise<Map<string, Freshness>> {
  const res = await server.inject({ method: 'GET', url: '/api/sync' });
  expect(res.statusCode).toBe(200);
  return new Map((res.json().subnet as Freshness[]).map((f) => [f.name, f]));
}

describe("GET /api/sync: the subnet's data", () => {
  it('lists every kind of data before the first answer, as never fetched', async () => {
    const f = await subnetFreshness();
    expect([...f.keys()]).toEqual(['miners', 'pr_scores', 'repo_standings', 'repo_miners', 'maintainers', 'alpha_price', 'tao_price']);
    for (const x of f.values()) expect(x).toMatchObject({ state: 'never', configured: true, age_seconds: null, source_count: 0, host: '127.0.0.1:' + new URL(h.sim.url).port });
  });

  it('shows a service down for an hour as stale data with its age and the error, answering 200', async () => {
    await runDueSubnetJobs(h.ctx);
    let f = await subnetFreshness();
    const repos = h.sim.dataset.world.repos.length;
    expect(f.get('miners')).toMatchObject({ state: 'fresh', age_seconds: 0, last_success_at: '2026-06-01T12:00:00Z', failing_count: 0, last_error: null });
    expect(f.get('maintainers')).toMatchObject({ state: 'fresh', source_count: repos, never_count: 0 });

    // The subnet API goes down; the mirror and the prices keep answering.
    h.sim.faults.add({ match: { path: '/subnet/api/' }, action: { kind: 'status', status: 503 } });
    for (let t = 0; t < 60; t += 5) {
      h.advance(5 * MIN);
      await runDueSubnetJobs(h.ctx);
    }
    f = await subnetFreshness();
    // Miners every 5 min: stale once older than 10 min; an hour old now.
    expect(f.get('miners')).toMatchObject({ state: 'stale', age_seconds: 3600, last_success_at: '2026-06-01T12:00:00Z', failing_count: 1, last_error: 'subnet API GET /miners: HTTP 503' });
    expect(f.get('pr_scores')).toMatchObject({ state: 'stale', age_seconds: 3600, last_error: 'subnet API GET /prs: HTTP 503' });
    expect(f.get('repo_miners')).toMatchObject({ state: 'stale', source_count: repos, failing_count: repos });
    expect(f.get('tao_price')).toMatchObject({ state: 'fresh', failing_count: 0 });
    expect(f.get('maintainers')).toMatchObject({ state: 'fresh', failing_count: 0 });
    // The last good data is still what the store holds.
    const miners = await h.db.db.selectFrom('subnet_miners').select('uid').execute();
    expect(miners).toHaveLength(h.sim.subnet.miners().length);
  });

  it('says which services are not configured instead of failing', async () => {
    const off = await startTestApp({ env: { GITTENSOR_API_URL: 'off', GITTENSOR_MIRROR_URL: 'off', HUB_TAO_PRICE_URL: 'off' } });
    try {
      const f = await subnetFreshness(off.app);
      for (const x of f.values()) expect(x).toMatchObject({ state: 'not_configured', configured: false, host: null });
    } finally {
      await off.close();
    }
    // Unset, the alpha price alone is not configured; the others are the public services.
    const unset = await startTestApp();
    try {
      const f = await subnetFreshness(unset.app);
      expect(f.get('alpha_price')).toMatchObject({ state: 'not_configured', configured: false });
      expect(f.get('miners')).toMatchObject({ state: 'never', configured: true, host: 'api.gittensor.io' });
      expect(f.get('maintainers')).toMatchObject({ configured: true, host: 'mirror.gittensor.io' });
    } finally {
      await unset.close();
    }
  });
});

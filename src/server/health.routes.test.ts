import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { toGithubTime } from '../core/time.ts';
import { openDatabase } from '../db/database.ts';
import { corruptPages, filledStore } from '../test/corrupt.ts';
import { buildRepo } from '../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { captureLogger } from '../test/logs.ts';
import { buildServer, type HubServer } from './app.ts';
import { TEST_STORE } from '../test/db.ts';
import { sqliteOnly } from '../test/store.ts';

let database: TestDatabase;
let app: HubServer;

beforeEach(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ GITHUB_TOKENS: 'ghp_' + 'x'.repeat(36) }, { dotenvPath: null });
  app = await buildServer({ db: database.db, dialect: database.dialect, config, logger: captureLogger().logger });
});
afterEach(async () => {
  await app.close();
  await database.dispose();
});

describe('GET /api/health', () => {
  it('answers ok once the database is open, with mode and loop delay', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, mode: 'live', database: { dialect: TEST_STORE } });
    expect(body.event_loop_delay_ms).toEqual({ p50: expect.any(Number), p99: expect.any(Number), max: expect.any(Number) });
    expect(res.body).not.toContain('x'.repeat(36));
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe.skipIf(sqliteOnly('overwrites pages of the SQLite file'))('GET /api/health on a damaged store', () => {
  it('reports the store corrupt (503, ok false) once a request meets a damaged page, instead of ok beside 500s', async () => {
    const store = await filledStore();
    corruptPages(store.path);
    const damaged = openDatabase({ kind: 'sqlite', path: store.path });
    const config = loadConfig({ GITHUB_TOKENS: 'ghp_' + 'y'.repeat(36) }, { dotenvPath: null });
    const server = await buildServer({ db: damaged.db, dialect: damaged.dialect, config, logger: captureLogger().logger, webRoot: null, storeCheck: { state: 'ok', detail: null, checked_at: '2026-01-01T00:00:00Z', ms: 1 } });
    try {
      const repo = (await damaged.db.selectFrom('repos').select('full_name').executeTakeFirstOrThrow()).full_name;
      // Lists read item pages, some of which are now garbage.
      const answers = await Promise.all(['issues', 'pulls'].map(async (kind) => (await server.inject({ method: 'GET', url: `/api/repos/${repo}/${kind}?state=all&limit=100` })).statusCode));
      const search = await server.inject({ method: 'GET', url: '/api/search?q=the' });
      expect([...answers, search.statusCode]).toContain(500);
      const health = await server.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ ok: false, database: { state: 'corrupt', detail: expect.stringMatching(/malformed/) } });
    } finally {
      await server.close();
      await damaged.close();
      await store.dispose();
    }
  });
});

describe('GET /api/health staleness', () => {
  it('names the stalest tracked repository and how long ago it synced', async () => {
    const fresh = await buildRepo(database.db, { full_name: 'acme/fresh' });
    const stale = await buildRepo(database.db, { full_name: 'acme/stale' });
    const now = Date.now();
    await database.db.updateTable('sync_state').set({ last_success_at: toGithubTime(now - 30_000) }).where('repo_id', '=', fresh.id).execute();
    await database.db.updateTable('sync_state').set({ last_success_at: toGithubTime(now - 3_600_000) }).where('repo_id', '=', stale.id).execute();
    const body = (await app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(body.sync).toMatchObject({ tracked_repos: 2, never_synced: 0, stalest_repo: 'acme/stale', stalest_synced_at: toGithubTime(now - 3_600_000) });
    expect(Math.abs(body.sync.stalest_age_seconds - 3600)).toBeLessThanOrEqual(2);
    expect(body.database.state).toBe('unchecked');
  });
});

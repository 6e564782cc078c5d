import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { captureLogger } from '../test/logs.ts';
import { buildServer, type HubServer } from './app.ts';

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
    expect(body).toMatchObject({ ok: true, mode: 'live', database: { dialect: 'sqlite' } });
    expect(body.event_loop_delay_ms).toEqual({ p50: expect.any(Number), p99: expect.any(Number), max: expect.any(Number) });
    expect(res.body).not.toContain('x'.repeat(36));
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

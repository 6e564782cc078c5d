import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { GRAMMAR_VERSION } from '../core/closing-refs.ts';
import { openDatabase } from '../db/database.ts';
import { startSimulator, type Simulator } from '../sim/index.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { runSyncOnce } from './sync-once.command.ts';

let sim: Simulator | null = null;
let database: TestDatabase | null = null;
afterEach(async () => {
  await sim?.stop();
  await database?.dispose();
  sim = database = null;
});

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

async function syncOnce(env: Record<string, string>) {
  const out = capture();
  const err = capture();
  const config = loadConfig({ GITHUB_TOKENS: 'sync-once-token', LOG_LEVEL: 'silent', ...env }, { dotenvPath: null });
  const code = await runSyncOnce(config, {}, out.stream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('sync --once', () => {
  it('fails with the reason on a fresh store whose HUB_REPOS file is missing', async () => {
    sim = await startSimulator({ repos: 1, itemsPerRepo: 5 });
    database = await createTestDatabase();
    const r = await syncOnce({ GITHUB_API_URL: sim.url, DATABASE_URL: `sqlite:${database.path}`, HUB_REPOS: join(database.dir, 'missing.json') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing\.json refused: could not read the list: ENOENT/);
    expect(r.stderr).toMatch(/no repository is tracked/);
    expect(r.stdout).not.toMatch(/0 synced, 0 failed/);
  });

  it('fails with the reason on a fresh store whose HUB_REPOS file is malformed', async () => {
    sim = await startSimulator({ repos: 1, itemsPerRepo: 5 });
    database = await createTestDatabase();
    const file = join(database.dir, 'repos.json');
    writeFileSync(file, '{"acme/widgets": {"weight": 1},');
    const r = await syncOnce({ GITHUB_API_URL: sim.url, DATABASE_URL: `sqlite:${database.path}`, HUB_REPOS: file });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/repos\.json refused: .*JSON/i);
    expect(r.stderr).toMatch(/no repository is tracked/);
  });

  it('syncs then relinks every tracked repository and exits 0', async () => {
    sim = await startSimulator({ repos: 2, itemsPerRepo: 20 });
    database = await createTestDatabase();
    const r = await syncOnce({ GITHUB_API_URL: sim.url, DATABASE_URL: `sqlite:${database.path}`, HUB_REPOS_URL: sim.masterListUrl('current'), HUB_GRAPHQL_INTERVAL_MS: '0' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 synced, 0 failed/);
    const probe = openDatabase({ kind: 'sqlite', path: database.path });
    const states = await probe.db.selectFrom('sync_state').select(['last_success_at', 'relink_grammar']).execute();
    await probe.close();
    expect(states).toHaveLength(2);
    for (const s of states) expect(s).toMatchObject({ last_success_at: expect.any(String), relink_grammar: GRAMMAR_VERSION });
  });
});

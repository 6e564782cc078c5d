import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRepos, addOperatorRepo } from '../db/repos.queries.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { captureLogger } from '../test/logs.ts';
import { refreshRepoList } from './repo-list.ts';

let database: TestDatabase;
let server: Server | null = null;
let served = '';
let status = 200;
let url = '';

beforeEach(async () => {
  status = 200;
  database = await createTestDatabase();
  server = createServer((_req, res) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(served);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/master.json`;
});

async function stopServer() {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((r) => server!.close(r));
  server = null;
}

afterEach(async () => {
  await stopServer();
  await database.dispose();
});

const list = (names: string[]) => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, { emission_share: (i + 1) / 100 }])));
const fromUrl = () => refreshRepoList({ db: database.db, config: { reposFile: null, reposUrl: url }, logger: captureLogger().logger });

describe('refreshRepoList', () => {
  it('stores a fetched list and the repositories it names', async () => {
    served = list(['Alpha/One', 'beta/two']);
    const out = await fromUrl();
    expect(out).toMatchObject({ status: 'saved', count: 2, added: ['Alpha/One', 'beta/two'] });
    const repos = await listRepos(database.db);
    expect(repos.map((r) => [r.full_name, r.name_key, r.weight, r.active])).toEqual([
      ['beta/two', 'beta/two', 0.02, 1],
      ['Alpha/One', 'alpha/one', 0.01, 1],
    ]);
    const state = await database.db.selectFrom('sync_state').selectAll().execute();
    expect(state).toHaveLength(2);
  });

  it('keeps the last good list when the upstream breaks, shrinks or is unreachable', async () => {
    served = list(['a/one', 'a/two', 'a/three', 'a/four']);
    await fromUrl();

    served = '{"a/one": {"emission_share": 0.1}'; // truncated
    expect(await fromUrl()).toMatchObject({ status: 'kept', reason: expect.stringMatching(/not valid JSON/), count: 4 });

    served = list(['a/one']);
    expect(await fromUrl()).toMatchObject({ status: 'kept', reason: expect.stringMatching(/drops 3 of 4/) });

    served = '{}';
    expect(await fromUrl()).toMatchObject({ status: 'kept', reason: expect.stringMatching(/empty/) });

    status = 503;
    served = list(['a/one', 'a/two', 'a/three', 'a/four', 'a/five']);
    expect(await fromUrl()).toMatchObject({ status: 'kept', reason: expect.stringMatching(/HTTP 503/) });

    await stopServer();
    expect(await fromUrl()).toMatchObject({ status: 'kept', reason: expect.stringMatching(/could not read/) });

    const repos = await listRepos(database.db, { activeOnly: true });
    expect(repos.map((r) => r.name_key).sort()).toEqual(['a/four', 'a/one', 'a/three', 'a/two']);
    const stored = await database.db.selectFrom('master_list').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(stored.body)).toHaveProperty('a/four');
  });

  it('refuses a list with an out-of-range policy value, naming repository and field, and keeps the last good one', async () => {
    served = list(['a/one', 'a/two']);
    await fromUrl();
    served = JSON.stringify({ 'a/one': { emission_share: 0.1 }, 'a/two': { emission_share: 0.1, scoring: { pr_lookback_days: 200 } }, 'a/three': { emission_share: 0.1 } });
    expect(await fromUrl()).toMatchObject({ status: 'kept', count: 2, reason: 'a/two: scoring.pr_lookback_days must be within [1, 90], got 200' });
    expect((await listRepos(database.db, { activeOnly: true })).map((r) => r.name_key).sort()).toEqual(['a/one', 'a/two']);
  });

  it('saves a list with unknown policy keys and logs a warning for each', async () => {
    served = JSON.stringify({ 'a/one': { emission_share: 0.1, eligibility: { min_valid_prs: 1 } } });
    const log = captureLogger();
    const out = await refreshRepoList({ db: database.db, config: { reposFile: null, reposUrl: url }, logger: log.logger });
    expect(out).toMatchObject({ status: 'saved', count: 1 });
    expect(log.text()).toContain('a/one: eligibility has unknown keys min_valid_prs (ignored)');
  });

  it('deactivates repositories the list drops, but not operator-added ones, and keeps their data', async () => {
    served = list(['a/one', 'a/two', 'a/three']);
    await fromUrl();
    await addOperatorRepo(database.db, 'Ops/Extra');
    served = list(['a/one', 'a/two']);
    const out = await fromUrl();
    expect(out).toMatchObject({ status: 'saved', deactivated: ['a/three'] });
    const repos = await listRepos(database.db);
    const byKey = Object.fromEntries(repos.map((r) => [r.name_key, r]));
    expect(byKey['a/three']!.active).toBe(0);
    expect(byKey['ops/extra']!.active).toBe(1);
    expect(byKey['ops/extra']!.operator_added).toBe(1);
  });

  it('reads HUB_REPOS from a file, and matches names case-insensitively on update', async () => {
    const file = join(database.dir, 'repos.json');
    writeFileSync(file, list(['Owner/Repo']));
    await refreshRepoList({ db: database.db, config: { reposFile: file, reposUrl: url }, logger: captureLogger().logger });
    writeFileSync(file, JSON.stringify({ 'owner/repo': { weight: 3, tier: 'Gold' } }));
    const out = await refreshRepoList({ db: database.db, config: { reposFile: file, reposUrl: url }, logger: captureLogger().logger });
    expect(out).toMatchObject({ status: 'saved', added: [] });
    const repos = await listRepos(database.db);
    expect(repos).toHaveLength(1);
    expect(repos[0]).toMatchObject({ full_name: 'owner/repo', weight: 3 });
    expect(JSON.parse(repos[0]!.entry)).toEqual({ weight: 3, tier: 'Gold' });
  });
});

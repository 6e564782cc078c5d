import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './db/database.ts';
import { startSimulator, type Simulator } from './sim/index.ts';
import { subnetServiceEnv } from './sim/subnet/env.ts';
import { corruptPages, filledStore } from './test/corrupt.ts';
import { createTestDatabase, type TestDatabase } from './test/db.ts';
import { startHubProcess, waitFor } from './test/hub-process.ts';
import { sqliteOnly } from './test/store.ts';

let sim: Simulator | null = null;
let database: TestDatabase | null = null;
let child: ChildProcess | null = null;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await sim?.stop();
  await database?.dispose();
  sim = null;
  database = null;
  child = null;
});

const startHub = startHubProcess;

describe('npm start', () => {
  it('serves, syncs in a separate worker process, restarts a killed worker, and stops cleanly on SIGTERM', async () => {
    sim = await startSimulator({ seed: 61, repos: 2, itemsPerRepo: 60 });
    database = await createTestDatabase({ migrated: false });
    const hub = startHub({ GITHUB_API_URL: sim.url, GITHUB_TOKENS: 'start-test-token', HUB_REPOS_URL: sim.masterListUrl('current'), DATABASE_URL: `sqlite:${database.path}`, LOG_LEVEL: 'info', HUB_GRAPHQL_INTERVAL_MS: '0', ...subnetServiceEnv(sim.subnetUrls) });
    child = hub.c;
    const url = await waitFor('the listening line', async () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(hub.output())?.[1]);
    const health = await (await fetch(`${url}/api/health`)).json();
    expect(health).toMatchObject({ ok: true, mode: 'live' });

    const probe = openDatabase({ kind: 'sqlite', path: database.path });
    await waitFor('both repositories synced', async () => (await probe.db.selectFrom('sync_state').select('last_success_at').where('last_success_at', 'is not', null).execute()).length === 2);
    // Searches run on the server's thread pool: it answers, from the synced store.
    const search = await fetch(`${url}/api/search?q=the`);
    expect(search.status).toBe(200);
    expect(((await search.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const workerPids = [...hub.output().matchAll(/"pid":(\d+),"name":"worker"/g)].map((m) => Number(m[1]));
    expect(workerPids.length).toBeGreaterThan(0);
    expect(workerPids[0]).not.toBe(hub.c.pid);

    process.kill(workerPids[0]!, 'SIGKILL');
    await waitFor('the worker restart', async () => /sync worker exited; restarting/.test(hub.output()));
    await waitFor('a new worker', async () => [...hub.output().matchAll(/"pid":(\d+),"name":"worker"/g)].some((m) => Number(m[1]) !== workerPids[0]));

    hub.c.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    expect(hub.output()).toMatch(/sync worker stopped/);
    await probe.close();
  }, 90_000);

  it('runs in demo mode against the built-in simulator without tokens or API URL', async () => {
    database = await createTestDatabase({ migrated: false });
    const hub = startHub({ DATABASE_URL: `sqlite:${database.path}`, LOG_LEVEL: 'warn', HUB_GRAPHQL_INTERVAL_MS: '0' });
    child = hub.c;
    const url = await waitFor('the listening line', async () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(hub.output())?.[1]);
    expect(hub.output()).toMatch(/DEMO MODE/);
    const health = await (await fetch(`${url}/api/health`)).json();
    expect(health).toMatchObject({ ok: true, mode: 'demo' });
    const probe = openDatabase({ kind: 'sqlite', path: database.path });
    await waitFor('demo data', async () => (await probe.db.selectFrom('sync_state').select('last_success_at').where('last_success_at', 'is not', null).execute()).length >= 3, 60_000);
    await probe.close();
    hub.c.kill('SIGINT');
    expect(await hub.exited).toBe(0);
  }, 90_000);

  it('stops every hub process within 10 s of SIGTERM to the npm start process, open streams and keep-alive sockets included', async () => {
    sim = await startSimulator({ seed: 62, repos: 1, itemsPerRepo: 30 });
    database = await createTestDatabase({ migrated: false });
    const hub = startHub(
      { GITHUB_API_URL: sim.url, GITHUB_TOKENS: 'start-test-token', HUB_REPOS_URL: sim.masterListUrl('current'), DATABASE_URL: `sqlite:${database.path}`, LOG_LEVEL: 'info', HUB_GRAPHQL_INTERVAL_MS: '0' },
      ['npm', 'start', '--silent'],
    );
    child = hub.c;
    const url = await waitFor('the listening line', async () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(hub.output())?.[1], 60_000);
    const workerPid = await waitFor('the worker', async () => Number(/"pid":(\d+),"name":"worker"/.exec(hub.output())?.[1] ?? 0));
    const serverPid = Number(/"pid":(\d+),"name":"hub"/.exec(hub.output())![1]);
    expect(new Set([hub.c.pid, serverPid, workerPid]).size).toBe(3);

    // An open event stream and an idle keep-alive connection must not hold the server open.
    const agent = new (await import('node:http')).Agent({ keepAlive: true });
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    await new Promise<void>((resolve, reject) => httpRequest(`${url}/api/health`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject).end());
    const stream = httpRequest(`${url}/api/events`, { headers: { accept: 'text/event-stream' } });
    stream.on('error', () => {});
    await new Promise<void>((resolve) => stream.on('response', (res) => (res.on('error', () => {}), resolve())).end());

    const signalled = Date.now();
    process.kill(hub.c.pid!, 'SIGTERM');
    const alive = (pid: number) => {
      try {
        // A zombie awaiting its reaper has exited too.
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    await waitFor('every hub process to exit', async () => ![hub.c.pid!, serverPid, workerPid].some(alive), 10_000);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    agent.destroy();
  }, 120_000);

  it.skipIf(sqliteOnly('overwrites pages of the SQLite file'))('refuses to start on a store with corrupt pages, saying why', async () => {
    database = await filledStore();
    corruptPages(database.path);
    const hub = startHub({ GITHUB_API_URL: 'http://127.0.0.1:9', GITHUB_TOKENS: 'start-test-token', DATABASE_URL: `sqlite:${database.path}`, LOG_LEVEL: 'info' });
    child = hub.c;
    expect(await hub.exited).toBe(1);
    expect(hub.output()).toMatch(/is damaged/);
    expect(hub.output()).toMatch(/"state":"corrupt"/);
    expect(hub.output()).not.toMatch(/listening on/);
  }, 60_000);
});

import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './db/database.ts';
import { startSimulator, type Simulator } from './sim/index.ts';
import { subnetServiceEnv } from './sim/subnet/env.ts';
import { createTestDatabase, type TestDatabase } from './test/db.ts';
import { startHubProcess, waitFor } from './test/hub-process.ts';

let sim: Simulator | null = null;
let database: TestDatabase | null = null;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await sim?.stop();
  await database?.dispose();
  sim = null;
  database = null;
});

function startHub(args: string[], env: Record<string, string>) {
  const hub = startHubProcess({ LOG_LEVEL: 'info', HUB_GRAPHQL_INTERVAL_MS: '0', ...env }, [process.execPath, '--import', 'tsx', 'src/cli.ts', 'start', ...args]);
  children.push(hub.c);
  return hub;
}

/** The TCP ports a process listens on: its socket descriptors matched against the kernel's listening sockets (state 0A). */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed while we looked
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && inodes.has(f[9]!)) ports.push(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

describe('start --role', () => {
  it('server: serves the API and never syncs, not even a repository list', async () => {
    sim = await startSimulator({ seed: 63, repos: 2, itemsPerRepo: 20 });
    database = await createTestDatabase({ migrated: false, store: 'sqlite' });
    const hub = startHub(['--role', 'server'], { GITHUB_API_URL: sim.url, GITHUB_TOKENS: 'role-test-token', HUB_REPOS_URL: sim.masterListUrl('current'), DATABASE_URL: `sqlite:${database.path}`, ...subnetServiceEnv(sim.subnetUrls) });
    const url = await waitFor('the listening line', async () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(hub.output())?.[1]);
    expect(((await (await fetch(`${url}/api/health`)).json()) as { ok: boolean }).ok).toBe(true);
    expect((await fetch(`${url}/api/repos`)).status).toBe(200);
    // A worker would have fetched the master list and queued jobs within its first tick (5 s).
    await new Promise((r) => setTimeout(r, 6_000));
    expect(sim.log()).toEqual([]);
    const probe = openDatabase({ kind: 'sqlite', path: database.path });
    expect(await probe.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
    expect(await probe.db.selectFrom('repos').selectAll().execute()).toEqual([]);
    await probe.close();
    expect(hub.output()).not.toMatch(/"name":"worker"/);
    hub.c.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
  }, 60_000);

  it('worker: syncs every repository in its own process and listens on no port', async () => {
    sim = await startSimulator({ seed: 64, repos: 2, itemsPerRepo: 30 });
    database = await createTestDatabase({ migrated: false, store: 'sqlite' });
    const hub = startHub(['--role', 'worker'], { GITHUB_API_URL: sim.url, GITHUB_TOKENS: 'role-test-token', HUB_REPOS_URL: sim.masterListUrl('current'), DATABASE_URL: `sqlite:${database.path}`, ...subnetServiceEnv(sim.subnetUrls) });
    await waitFor('the worker line', async () => /sync worker started/.test(hub.output()));
    const probe = openDatabase({ kind: 'sqlite', path: database.path });
    await waitFor('both repositories synced', async () => (await probe.db.selectFrom('sync_state').select('last_success_at').where('last_success_at', 'is not', null).execute()).length === 2);
    // 30 items per repository, 2 repositories: all 60 mirrored.
    expect(Number((await probe.db.selectFrom('items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(60);
    await probe.close();
    expect(listeningPorts(hub.c.pid!)).toEqual([]);
    expect(hub.output()).not.toMatch(/listening on/);
    // The worker runs in the started process itself: no child process.
    const pids = new Set([...hub.output().matchAll(/"pid":(\d+)/g)].map((m) => Number(m[1])));
    expect([...pids]).toEqual([hub.c.pid]);
    hub.c.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    expect(hub.output()).toMatch(/sync worker stopped/);
  }, 60_000);

  it('refuses an unknown role', async () => {
    const hub = startHub(['--role', 'both'], { DATABASE_URL: 'sqlite::memory:' });
    expect(await hub.exited).toBe(2);
    expect(hub.output()).toMatch(/--role must be one of all, server, worker/);
  }, 30_000);
});

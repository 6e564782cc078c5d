import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { startSimulator, type Simulator } from './sim/index.ts';
import { subnetServiceEnv } from './sim/subnet/env.ts';
import { startHubProcess, waitFor, type HubProcess } from './test/hub-process.ts';
import { mirrorDifferences } from './test/mirror.ts';
import { postgresServer, type PostgresServer } from './test/pg-server.ts';

const procs: HubProcess[] = [];
let sim: Simulator | null = null;
let server: PostgresServer | string | null = null;
let drop: (() => Promise<void>) | null = null;
let probe: Database | null = null;
const streams: AbortController[] = [];
afterAll(async () => {
  for (const s of streams) s.abort();
  for (const p of procs) if (p.c.exitCode === null && p.c.signalCode === null) p.c.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  await probe?.close();
  await drop?.();
  await sim?.stop();
  if (server && typeof server !== 'string') server.stop();
});

/** Reads an event stream, keeping the ids of its `change` events. */
async function listen(url: string): Promise<Set<number>> {
  const ids = new Set<number>();
  const stop = new AbortController();
  streams.push(stop);
  const res = await fetch(`${url}/api/events`, { headers: { accept: 'text/event-stream' }, signal: stop.signal });
  expect(res.status).toBe(200);
  void (async () => {
    let buffer = '';
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: change$/m.test(block)) ids.add(Number(/^id: (\d+)$/m.exec(block)![1]));
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return ids;
}

/** Per repository, when each worker's sync attempts ran: [start, end] from the `job completed` lines (time minus ms). */
function syncIntervals(output: string): { repo: string; from: number; to: number }[] {
  return output
    .split('\n')
    .filter((l) => l.includes('"msg":"job completed"') && l.includes('"kind":"sync"'))
    .map((l) => JSON.parse(l) as { repo: string; time: number; ms: number })
    .map((e) => ({ repo: e.repo, from: e.time - e.ms, to: e.time }));
}

describe('two servers and two workers on one PostgreSQL database', () => {
  it('sync every repository once at a time, survive a worker killed mid-sync, and show every change on both servers', async (ctx) => {
    server = await postgresServer();
    if (typeof server === 'string') {
      console.warn(`skipped: ${server}`);
      return ctx.skip();
    }
    const target = await server.createDatabase();
    drop = target.drop;
    probe = openDatabase(target.config);
    await migrate(probe);
    sim = await startSimulator({ seed: 77, repos: 4, itemsPerRepo: 700, faults: { random: { seed: 3, rates: {}, latencyMs: 10 } } });
    const env = {
      GITHUB_API_URL: sim.url,
      GITHUB_TOKENS: 'multi-instance-token',
      HUB_REPOS_URL: sim.masterListUrl('current'),
      DATABASE_URL: target.url,
      HUB_GRAPHQL_INTERVAL_MS: '0',
      HUB_SYNC_CONCURRENCY: '2',
      HUB_JOB_LEASE_MS: '3000',
      LOG_LEVEL: 'debug',
      ...subnetServiceEnv(sim.subnetUrls),
    };
    const start = (role: string) => {
      const p = startHubProcess(env, [process.execPath, '--import', 'tsx', 'src/cli.ts', 'start', '--role', role]);
      procs.push(p);
      return p;
    };
    const [serverA, serverB] = [start('server'), start('server')];
    const urls = await Promise.all([serverA, serverB].map((s) => waitFor('a server', async () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(s.output())?.[1], 60_000)));
    const [seenA, seenB] = (await Promise.all(urls.map(listen))) as [Set<number>, Set<number>];
    const [workerA, workerB] = [start('worker'), start('worker')];

    // Kill worker A with SIGKILL while it holds a sync job.
    const heldByA = await waitFor(
      'worker A to hold a sync job',
      async () => (await probe!.db.selectFrom('jobs').select(['id', 'key']).where('state', '=', 'running').where('kind', '=', 'sync').where('locked_by', 'like', `worker-${workerA.c.pid}-%`).executeTakeFirst()) ?? null,
      60_000,
    );
    await waitFor('the job to write some items', async () => Number((await probe!.db.selectFrom('items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) > 100);
    workerA.c.kill('SIGKILL');
    await workerA.exited;
    // The listeners lose their connections too (a database restart, say): they must reconnect and miss nothing.
    const admin = new pg.Client({ connectionString: target.url });
    await admin.connect();
    const cut = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sn74-hub-listener'`);
    await admin.end();
    expect(cut.rowCount).toBe(2);

    const repos = sim.dataset.repos().length;
    await waitFor('every repository synced', async () => (await probe!.db.selectFrom('sync_state').select('repo_id').where('last_success_at', 'is not', null).execute()).length === repos, 120_000);
    // The killed worker's job: its lease expired (3 s) and worker B ran it again, to the end.
    // The job is marked done just after its pass records the repository's success: wait for it.
    const job = await waitFor(
      'the killed worker\'s job to finish on the other worker',
      async () => {
        const row = await probe!.db.selectFrom('jobs').selectAll().where('id', '=', heldByA.id).executeTakeFirstOrThrow();
        return row.state === 'done' || row.state === 'failed' ? row : null;
      },
      60_000,
    );
    expect(job.state).toBe('done');
    expect(job.attempts).toBe(2);

    // Nothing lost, nothing doubled.
    // A difference names the workers' warnings and errors too: what the passes reported about it.
    const warnings = [workerA, workerB].flatMap((w) => w.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l))).join('\n');
    expect(await mirrorDifferences(probe.db, sim), warnings).toEqual([]);
    const dupes = await probe.db.selectFrom('items').select(['repo_id', 'number']).groupBy(['repo_id', 'number']).having((eb) => eb.fn.countAll(), '>', 1).execute();
    expect(dupes).toEqual([]);

    // Never two workers on one repository at once (the killed attempt never completed, so B's runs are all there is to overlap).
    const runs = [...syncIntervals(workerA.output()), ...syncIntervals(workerB.output())];
    expect(new Set(runs.map((r) => r.repo)).size).toBe(repos);
    for (const a of runs) for (const b of runs) if (a !== b && a.repo === b.repo) expect(a.to <= b.from || b.to <= a.from, `${a.repo} synced twice at once`).toBe(true);
    expect(workerB.output()).not.toMatch(/lease lost/);

    // Both servers' clients saw every change the workers committed (neither server syncs).
    const last = Number((await probe.db.selectFrom('changes').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
    await waitFor('both streams to reach the newest change', async () => seenA.has(last) && seenB.has(last), 20_000);
    const committed = (await probe.db.selectFrom('changes').select('id').execute()).map((r) => r.id);
    expect(committed.length).toBeGreaterThan(1000);
    // Changes of one item within one read are announced once: both servers read the same rows, so both coalesce alike.
    expect([...seenB].sort((x, y) => x - y)).toEqual([...seenA].sort((x, y) => x - y));
    expect(serverA.output()).toMatch(/change listener reconnected/);
    for (const s of [serverA, serverB]) expect(s.output()).not.toMatch(/"name":"worker"/);
  }, 300_000);
});

import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { GRAMMAR_VERSION } from '../core/closing-refs.ts';
import { toGithubTime } from '../core/time.ts';
import { claimJob, enqueueJob } from '../db/jobs.queries.ts';
import { GithubGateway } from '../github/client.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { buildRepo } from '../test/factories.ts';
import { captureLogger } from '../test/logs.ts';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { createSubnetClients } from '../subnet/clients.ts';
import { insertPull, scoringRepo } from '../test/scoring-store.ts';
import { scoreRepository } from './scoring.job.ts';
import type { Task, TaskList } from './tasks.ts';
import type { TokenScoreOutcome } from './token-scores.job.ts';
import { ThreadTokenScorer } from './token-scorer.ts';
import { SyncWorker, type WorkerOptions } from './worker.ts';
import { sqliteOnly } from '../test/store.ts';

let database: TestDatabase;
let logs: ReturnType<typeof captureLogger>;
// The subnet's services are off: these tests are about the job queue.
const SERVICES_OFF = { GITTENSOR_API_URL: 'off', GITTENSOR_MIRROR_URL: 'off', HUB_TAO_PRICE_URL: 'off' };
const config = loadConfig({ GITHUB_API_URL: 'http://127.0.0.1:9', GITHUB_TOKENS: 'worker-test-token', HUB_SYNC_CONCURRENCY: '1', ...SERVICES_OFF }, { dotenvPath: null });

beforeEach(async () => {
  database = await createTestDatabase();
  logs = captureLogger('debug');
});
afterEach(async () => database.dispose());

function worker(options: Partial<WorkerOptions> = {}): SyncWorker {
  // Nothing here reaches GitHub: the gateway points at a closed port and the jobs are the test's own.
  const gateway = new GithubGateway({ baseUrl: 'http://127.0.0.1:9', tokens: ['worker-test-token'], logger: logs.logger, timeoutMs: 500 });
  return new SyncWorker({ db: database.db, gateway, config, logger: logs.logger, skipRepoList: true, tickMs: 60_000, idleMs: 10, ...options });
}

async function waitFor(what: string, fn: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; log: ${logs.text().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const job = (key: string, db = database.db) => db.selectFrom('jobs').selectAll().where('key', '=', key).orderBy('id', 'desc').executeTakeFirstOrThrow();

/** Runs the worker until `done` holds, then stops it; the worker must stop cleanly (never reject). */
async function runUntil(w: SyncWorker, what: string, done: () => Promise<boolean>): Promise<void> {
  const stop = new AbortController();
  const running = w.run(stop.signal);
  let crashed: unknown = null;
  running.catch((err: unknown) => (crashed = err));
  await waitFor(what, async () => {
    if (crashed) throw crashed instanceof Error ? crashed : new Error(String(crashed));
    return done();
  });
  stop.abort();
  await running;
}

describe('SyncWorker', () => {
  it('fails the attempt of a job that throws, with its message, and retries it later', async () => {
    const tasks: TaskList = { boom: { run: async () => Promise.reject(new Error('boom')) } };
    await enqueueJob(database.db, { kind: 'boom', key: 'boom:1', maxAttempts: 3 });
    await worker({ tasks }).drain();
    const row = await job('boom:1');
    expect(row).toMatchObject({ state: 'queued', attempts: 1, last_error: 'boom', locked_by: null });
    // The queue's back-off after a first failure is 2 × 5 s.
    expect(Date.parse(row.run_after) - Date.now()).toBeGreaterThan(5_000);
    expect(logs.text()).toMatch(/"job":\d+,"kind":"boom","attempt":1.*"verdict":"retry".*job attempt failed/);
  });

  it('wraps a non-Error throw, records it, and goes on with the next job', async () => {
    const ran: string[] = [];
    const tasks: TaskList = {
      odd: {
        run: async (_ctx, payload) => {
          ran.push(String(payload.n));
          if (payload.n === 1) throw { reason: 'not an Error' };
        },
      },
    };
    await enqueueJob(database.db, { kind: 'odd', key: 'odd:1', payload: { n: 1 }, priority: 9 });
    await enqueueJob(database.db, { kind: 'odd', key: 'odd:2', payload: { n: 2 } });
    await worker({ tasks }).drain();
    expect(ran).toEqual(['1', '2']);
    expect(await job('odd:1')).toMatchObject({ state: 'queued', last_error: '{"reason":"not an Error"}' });
    expect(await job('odd:2')).toMatchObject({ state: 'done', last_error: null });
  });

  it('fails a job whose payload is not JSON instead of crashing the worker', async () => {
    await enqueueJob(database.db, { kind: 'sync', key: 'sync:bad', maxAttempts: 1 });
    await sql`UPDATE jobs SET payload = '{not json' WHERE key = 'sync:bad'`.execute(database.db);
    await runUntil(worker(), 'the bad job to fail', async () => (await job('sync:bad')).state === 'failed');
    expect((await job('sync:bad')).last_error).toMatch(/job payload is not JSON/);
  });

  it.skipIf(sqliteOnly('makes recording fail with a SQLite trigger (RAISE); the multi-instance test covers leases on PostgreSQL'))('survives a failure to record an attempt: the lease runs out and the job is taken over', async () => {
    // The store refuses the failure record once (a full disk, say).
    await sql`CREATE TABLE refuse (n INTEGER)`.execute(database.db);
    await sql`INSERT INTO refuse VALUES (1)`.execute(database.db);
    await sql`CREATE TRIGGER refuse_failure BEFORE UPDATE OF state ON jobs WHEN NEW.state = 'queued' AND NEW.last_error IS NOT NULL AND (SELECT count(*) FROM refuse) > 0
      BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`.execute(database.db);
    let calls = 0;
    const tasks: TaskList = {
      flaky: {
        run: async () => {
          calls++;
          if (calls === 1) {
            // The next write of a failure is refused; later ones go through.
            setTimeout(() => void sql`DELETE FROM refuse`.execute(database.db), 50);
            throw new Error('first attempt fails');
          }
        },
        retryInMs: () => 0,
      },
    };
    await enqueueJob(database.db, { kind: 'flaky', key: 'flaky:1' });
    await runUntil(worker({ tasks, leaseMs: 200 }), 'the job to complete on a later attempt', async () => (await job('flaky:1')).state === 'done');
    expect(calls).toBe(2);
    expect((await job('flaky:1')).attempts).toBe(2);
    expect(logs.text()).toMatch(/recording the job outcome failed/);
  });

  it('takes over the job of a worker that crashed mid-attempt once its lease expires', async () => {
    let runs = 0;
    const tasks: TaskList = { work: { run: async () => void runs++ } };
    await enqueueJob(database.db, { kind: 'work', key: 'work:1' });
    // A worker claims the job and dies without a word.
    expect(await claimJob(database.db, 'crashed-worker', 50)).toBeDefined();
    await new Promise((r) => setTimeout(r, 60));
    await worker({ tasks }).drain();
    expect(runs).toBe(1);
    expect(await job('work:1')).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('never runs a job past max_attempts, even when each attempt crashed its worker', async () => {
    let runs = 0;
    const tasks: TaskList = { deadly: { run: async () => void runs++ } };
    await enqueueJob(database.db, { kind: 'deadly', key: 'deadly:1', maxAttempts: 2 });
    for (const w of ['crashed-1', 'crashed-2']) {
      expect(await claimJob(database.db, w, 10)).toBeDefined();
      await new Promise((r) => setTimeout(r, 20));
    }
    await worker({ tasks }).drain();
    expect(runs).toBe(0);
    const row = await job('deadly:1');
    expect(row).toMatchObject({ state: 'failed', attempts: 2, locked_by: null });
    expect(row.last_error).toMatch(/stopped without finishing/);
    // Its key is free again: the scheduler can queue a new one.
    expect(await enqueueJob(database.db, { kind: 'deadly', key: 'deadly:1' })).toBe(true);
  });

  it('stops a job whose lease another worker took over, and records nothing for it', async () => {
    let reason: unknown = null;
    const tasks: TaskList = {
      slow: {
        run: ({ signal }) =>
          new Promise<void>((_resolve, reject) => {
            signal.addEventListener('abort', () => {
              reason = signal.reason;
              reject(signal.reason as Error);
            });
          }),
      },
    };
    await enqueueJob(database.db, { kind: 'slow', key: 'slow:1' });
    const w = worker({ tasks, leaseMs: 90 });
    const stop = new AbortController();
    const running = w.run(stop.signal);
    await waitFor('the job to start', async () => (await job('slow:1')).state === 'running');
    await sql`UPDATE jobs SET locked_by = 'other-worker', locked_until = ${Date.now() + 60_000} WHERE key = 'slow:1'`.execute(database.db);
    await waitFor('the task to be stopped', () => reason !== null);
    expect((reason as Error).message).toBe('lease lost to another worker');
    stop.abort();
    await running;
    expect(await job('slow:1')).toMatchObject({ state: 'running', locked_by: 'other-worker', attempts: 1, last_error: null });
    expect(logs.text()).toMatch(/job lease lost/);
  });

  it('gives a running job back on shutdown without counting the attempt, and stops', async () => {
    let started = false;
    const hang: Task = {
      run: ({ signal }) =>
        new Promise<void>((_resolve, reject) => {
          started = true;
          signal.addEventListener('abort', () => reject(new Error('interrupted by shutdown')));
        }),
    };
    await enqueueJob(database.db, { kind: 'hang', key: 'hang:1' });
    const stop = new AbortController();
    const running = worker({ tasks: { hang } }).run(stop.signal);
    await waitFor('the job to start', () => started);
    stop.abort(new Error('SIGTERM'));
    await running;
    expect(await job('hang:1')).toMatchObject({ state: 'queued', attempts: 0, locked_by: null, last_error: null });
    expect(logs.text()).toMatch(/job given back on shutdown/);
    expect(logs.text()).toMatch(/sync worker stopped/);
  });
});

describe('SyncWorker scoring', () => {
  it('re-evaluates every repository on its own timer, with no sync job needed', async () => {
    const repo = await scoringRepo(database.db, 'acme/widgets');
    await insertPull(database.db, repo, { number: 1, mergedAt: Date.now() - 3600_000 });
    const stop = new AbortController();
    const running = worker({ tasks: {}, scoringEveryMs: 50 }).run(stop.signal);
    const count = async () => (await database.db.selectFrom('scoring_state').select('scored_at').execute()).length;
    await waitFor('the first evaluation', async () => (await count()) === 1);
    await waitFor('a later hourly run', () => logs.lines().filter((l) => l.includes('hourly scoring finished')).length >= 2);
    stop.abort();
    await running;
    const standing = await database.db.selectFrom('hub_standings').select(['author_key', 'total']).execute();
    expect(standing).toEqual([{ author_key: 'miner-one', total: 0 }]);
    expect(await database.db.selectFrom('hub_pull_scores').select('earned').execute()).toEqual([{ earned: 20.87 }]);
  });
});

describe('SyncWorker warnings', () => {
  it('warns that quota is short once while it lasts, not every tick, and says when it clears', async () => {
    for (let i = 0; i < 5; i++) {
      const repo = await buildRepo(database.db, { weight: 1 + i });
      await database.db.updateTable('sync_state').set({ steady_pass_quota: 5, last_attempt_at: toGithubTime(Date.now()), last_success_at: toGithubTime(Date.now()) }).where('repo_id', '=', repo.id).execute();
    }
    const gateway = new GithubGateway({ baseUrl: 'http://127.0.0.1:9', tokens: ['worker-test-token'], logger: logs.logger, timeoutMs: 500 });
    const quota = (remaining: number) =>
      gateway.pool.observe('token-1', new Headers({ 'x-ratelimit-resource': 'core', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(Math.round(Date.now() / 1000) + 3600) }));
    // 5 hot repositories × 5 points × 120 passes in the hour: 3,000 needed, 100 left.
    quota(100);
    const w = new SyncWorker({ db: database.db, gateway, config, logger: logs.logger, skipRepoList: true, tickMs: 20, idleMs: 10, tasks: {} });
    const stop = new AbortController();
    const running = w.run(stop.signal);
    const count = (re: RegExp) => logs.lines().filter((l) => re.test(l)).length;
    // About a dozen ticks.
    await new Promise((r) => setTimeout(r, 250));
    expect(count(/"msg":"quota left cannot meet the freshness targets/)).toBe(1);
    quota(4990);
    await waitFor('the warning to clear', () => count(/cleared: quota left cannot meet/) === 1);
    stop.abort();
    await running;
    expect(count(/"msg":"quota left cannot meet the freshness targets/)).toBe(1);
  });
});

describe('SyncWorker sync jobs', () => {
  let h: SyncHarness;
  afterEach(async () => h.dispose());

  it('sync then relink: a pass whose links predate the grammar leaves them re-derived', async () => {
    h = await createSyncHarness({ repos: 1, itemsPerRepo: 40 });
    const key = (await h.database.db.selectFrom('repos').select('name_key').executeTakeFirstOrThrow()).name_key;
    await sql`UPDATE sync_state SET relink_grammar = 0`.execute(h.database.db);
    await enqueueJob(h.database.db, { kind: 'sync', key: `sync:${key}`, payload: { repo: key } });
    const w = new SyncWorker({ db: h.database.db, gateway: h.gateway, config: h.config, logger: h.logs.logger, skipRepoList: true, idleMs: 10 });
    await w.drain();
    const state = await h.database.db.selectFrom('sync_state').select(['last_success_at', 'relink_grammar', 'steady_pass_quota', 'passes_total', 'failures_total']).executeTakeFirstOrThrow();
    expect(state.last_success_at).not.toBeNull();
    expect(state.relink_grammar).toBe(GRAMMAR_VERSION);
    // Counted for /metrics, which reads them from the store.
    expect(state).toMatchObject({ passes_total: 1, failures_total: 0 });
    // A first full walk is not what staying fresh costs.
    expect(state.steady_pass_quota).toBeNull();
  });

  it('a sync pass queues its repository\'s token scores, which the worker computes off the pass, once per head', async () => {
    // The worker's window ends at the real now, where the simulator starts.
    h = await createSyncHarness({ repos: 1, itemsPerRepo: 40, startTime: Date.now() });
    const key = (await h.database.db.selectFrom('repos').select('name_key').executeTakeFirstOrThrow()).name_key;
    // Fresh open pull requests: inside any lookback window.
    for (let k = 0; k < 2; k++) {
      h.sim.clock.advance(60_000);
      h.sim.mutate.createPull(key);
    }
    const scorer = new ThreadTokenScorer();
    const outcomes: TokenScoreOutcome[] = [];
    try {
      await enqueueJob(h.database.db, { kind: 'sync', key: `sync:${key}`, payload: { repo: key } });
      const w = new SyncWorker({ db: h.database.db, gateway: h.gateway, config: h.config, logger: h.logs.logger, skipRepoList: true, idleMs: 10, syncTask: { tokenScores: { scorer, mirror: null, onOutcome: (o) => outcomes.push(o) } } });
      await w.drain();
      expect((await h.database.db.selectFrom('jobs').select('state').where('key', '=', `token-scores:${key}`).executeTakeFirstOrThrow()).state).toBe('done');
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]!.scored).toBeGreaterThanOrEqual(2);
      const rows = await h.database.db.selectFrom('pull_token_scores').select('item_id').execute();
      expect(rows.length).toBe(outcomes[0]!.scored);
      // The next pass finds nothing new to score.
      await enqueueJob(h.database.db, { kind: 'sync', key: `sync:${key}`, payload: { repo: key } });
      await w.drain();
      expect(outcomes.map((o) => o.due)).toEqual([outcomes[0]!.due, 0]);
    } finally {
      await scorer.close();
    }
  });
});

describe('SyncWorker subnet jobs', () => {
  let h: SyncHarness;
  afterEach(async () => h.dispose());

  const subnetWorker = () =>
    new SyncWorker({
      db: h.database.db, gateway: h.gateway, config: h.config, logger: h.logs.logger, skipRepoList: true, idleMs: 10, tickMs: 50, subnetTickMs: 50,
      subnetClients: createSubnetClients(h.config.services, { retries: 0, backoffMs: 1 }),
    });
  const fetchState = (source: string) => h.database.db.selectFrom('subnet_fetch_state').selectAll().where('source', '=', source).executeTakeFirst();

  it("mirrors the subnet's miners, scores, maintainers and prices from the simulator on its own timer", async () => {
    h = await createSyncHarness({ repos: 2, itemsPerRepo: 30 });
    const repos = await h.database.db.selectFrom('repos').select('name_key').execute();
    await runUntil(subnetWorker(), 'every subnet source mirrored', async () => {
      const states = await h.database.db.selectFrom('subnet_fetch_state').select(['source', 'last_success_at']).where('last_success_at', 'is not', null).execute();
      return ['api:miners', 'api:prs', 'api:repos', 'prices:alpha', 'prices:tao', ...repos.map((r) => `mirror:maintainers:${r.name_key}`)].every((s) => states.some((x) => x.source === s));
    });
    const miners = await h.database.db.selectFrom('subnet_miners').select('uid').execute();
    expect(miners.map((m) => m.uid).sort((a, b) => a - b)).toEqual(h.sim.subnet.miners().map((m) => m.uid).sort((a, b) => a - b));
    expect(await h.database.db.selectFrom('subnet_pr_scores').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: h.sim.subnet.prScores().length });
    // Only the simulator was asked: its log holds the subnet requests.
    expect(h.sim.log().some((e) => e.path === '/subnet/api/miners')).toBe(true);
  });

  it('keeps syncing GitHub while every subnet service is down, and records their failures', async () => {
    h = await createSyncHarness({ repos: 1, itemsPerRepo: 30 });
    h.sim.faults.add({ match: { path: '/subnet/' }, action: { kind: 'status', status: 503 } });
    const key = (await h.database.db.selectFrom('repos').select('name_key').executeTakeFirstOrThrow()).name_key;
    await enqueueJob(h.database.db, { kind: 'sync', key: `sync:${key}`, payload: { repo: key } });
    await runUntil(subnetWorker(), 'the sync to finish and the subnet failures to be recorded', async () => {
      const synced = await h.database.db.selectFrom('sync_state').select('last_success_at').where('last_success_at', 'is not', null).executeTakeFirst();
      const miners = await fetchState('api:miners');
      return !!synced && !!miners?.last_error && !!(await fetchState('prices:tao'))?.last_error;
    });
    expect((await job(`sync:${key}`, h.database.db)).state).toBe('done');
    expect(await fetchState('api:miners')).toMatchObject({ last_success_at: null, last_error: 'subnet API GET /miners: HTTP 503' });
    expect((await fetchState('prices:tao'))?.last_error).toBe('TAO price GET /subnet/prices/tao: HTTP 503');
    expect(h.logs.text()).toMatch(/subnet data fetch failed; keeping the last good data/);
    expect(h.logs.text()).not.toMatch(/sync worker crashed/);
  });
});

describe('SyncWorker scoring', () => {
  let h: SyncHarness;
  afterEach(async () => h.dispose());

  it('a sync job stores the standings of every author its commit touched, and scoring again finds nothing changed', async () => {
    h = await createSyncHarness({ repos: 1, itemsPerRepo: 40 });
    const { db } = h.database;
    const key = (await db.selectFrom('repos').select('name_key').executeTakeFirstOrThrow()).name_key;
    await enqueueJob(db, { kind: 'sync', key: `sync:${key}`, payload: { repo: key } });
    await new SyncWorker({ db, gateway: h.gateway, config: h.config, logger: h.logs.logger, skipRepoList: true, idleMs: 10 }).drain();
    const authors = await db.selectFrom('items').select('author_key').distinct().where('author_key', 'is not', null).where('gone', 'is', null).execute();
    const standings = await db.selectFrom('hub_standings').select('author_key').execute();
    expect(authors.length).toBeGreaterThan(0);
    expect(standings.map((s) => s.author_key).sort()).toEqual(authors.map((a) => a.author_key).sort());
    const pulls = await db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).where('is_pull', '=', 1).where('gone', 'is', null).executeTakeFirstOrThrow();
    const scores = await db.selectFrom('hub_pull_scores').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(scores.n)).toBe(Number(pulls.n));
    expect(await scoreRepository({ db, logger: h.logs.logger }, key)).toMatchObject({ skipped: true });
  });
});

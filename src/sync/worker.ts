import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import { toError } from '../core/errors.ts';
import { nowIso, toGithubTime } from '../core/time.ts';
import { pruneChanges, reposChangedAfter, changeBounds } from '../db/changes.queries.ts';
import { claimJob, completeJob, enqueueJob, extendLease, failJob, pruneJobs, releaseJob } from '../db/jobs.queries.ts';
import { mergeSearchIndex } from '../db/maintenance.queries.ts';
import type { DB, JobRow } from '../db/schema.ts';
import { saveQuotaRows } from '../db/status.queries.ts';
import type { GithubGateway } from '../github/client.ts';
import type { Logger } from '../logger.ts';
import { refreshDashboard } from './dashboard.job.ts';
import { refreshMaintainers } from './maintainers.job.ts';
import { createSubnetClients, type SubnetClients } from '../subnet/clients.ts';
import { reposNeedingRelink } from './relink.job.ts';
import { refreshRepoList } from './repo-list.ts';
import { coreQuota, scheduleTick } from './scheduler.ts';
import { refreshScoreDrift } from './score-drift.job.ts';
import { runDueSubnetJobs } from './subnet-scheduler.ts';
import { scoreAllRepositories } from './scoring.job.ts';
import { hubTasks, type SyncTaskOptions, type TaskList } from './tasks.ts';

export interface WorkerOptions {
  db: Kysely<DB>;
  gateway: GithubGateway;
  config: Config;
  logger: Logger;
  tickMs?: number;
  leaseMs?: number;
  /** How long an idle runner waits before looking for a job again. */
  idleMs?: number;
  /** The jobs this worker runs, by kind (default: the hub's sync and relink). */
  tasks?: TaskList;
  /** Options of the default tasks. */
  syncTask?: Omit<SyncTaskOptions, 'gateway' | 'config'>;
  /** Skip fetching the repository list (tests, and `sync --once --repo`). */
  skipRepoList?: boolean;
  /** Refresh each repository's maintainers hourly (default true; maintainers.job.ts). */
  maintainers?: boolean;
  /** How long a repeated warning (quota, falling behind) stays quiet after it was logged. */
  warnEveryMs?: number;
  /** How often the subnet's mirror jobs are looked at (each runs on its own schedule; default 15 s). */
  subnetTickMs?: number;
  /** The subnet services' clients (default: from config.services). */
  subnetClients?: SubnetClients;
  /** How often every repository's standings are re-evaluated (default hourly; 0: never). */
  scoringEveryMs?: number;
  /** How often the dashboard's snapshot is looked at (default every minute; 0: never). */
  dashboardEveryMs?: number;
}

const DAY_MS = 24 * 3600_000;

/**
 * The sync worker: a scheduler tick that queues due repositories, and
 * `concurrency` runners that claim jobs under a lease, heartbeat it, and end
 * every attempt in exactly one of complete, fail or (on shutdown) release. It
 * runs in a process of its own (never in the server's), with its own database
 * connection. Modelled on graphile-worker: a job that throws (anything, Error or
 * not) fails its attempt; a job whose worker vanished is taken over when its
 * lease expires, and counts that attempt; no job runs more than max_attempts.
 */
export class SyncWorker {
  readonly id = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly o: WorkerOptions;
  private readonly tasks: TaskList;
  private lastChangeId = 0;
  private readonly recentlyActive = new Map<string, number>();
  private readonly warnedAt = new Map<string, number>();
  private readonly startedAt = Date.now();
  private busy = 0;
  private readonly subnetClients: SubnetClients;

  constructor(options: WorkerOptions) {
    this.o = options;
    this.subnetClients = options.subnetClients ?? createSubnetClients(options.config.services);
    this.tasks = options.tasks ?? hubTasks({ gateway: options.gateway, config: options.config, ...options.syncTask });
  }

  async run(signal: AbortSignal): Promise<void> {
    const { db, logger, config } = this.o;
    logger.info({ worker: this.id, concurrency: config.sync.concurrency }, 'sync worker started');
    if (!this.o.skipRepoList) await refreshRepoList({ db, config, logger }).catch((err) => logger.warn({ err }, 'repository list refresh failed'));
    for (const key of await reposNeedingRelink(db)) await enqueueJob(db, { kind: 'relink', key: `relink:${key}`, payload: { repo: key }, priority: 5 });
    this.lastChangeId = (await changeBounds(db)).last;

    const timers = [
      this.every(this.o.tickMs ?? 5000, signal, () => this.tick()),
      this.every(5000, signal, () => this.saveQuota()),
      this.every(3600_000, signal, () => this.housekeeping()),
      this.every(this.o.subnetTickMs ?? 15_000, signal, () => this.subnetTick(signal)),
    ];
    if (!this.o.skipRepoList) timers.push(this.every(3600_000, signal, () => refreshRepoList({ db, config, logger }).then(() => undefined)));
    // Maintainers per repository (subnet mirror, else collaborators, else associations), hourly.
    if (this.o.maintainers ?? true) timers.push(this.every(3600_000, signal, () => refreshMaintainers({ db, gateway: this.o.gateway, logger, signal })));
    // Decay and the window move with time: every standing is re-evaluated hourly (and once at start).
    const scoringEveryMs = this.o.scoringEveryMs ?? 3600_000;
    if (scoringEveryMs > 0) timers.push(this.every(scoringEveryMs, signal, () => scoreAllRepositories({ db, logger, signal })));
    // The dashboard's snapshot: looked at every minute, recomputed when the store moved (dashboard.job.ts).
    const dashboardEveryMs = this.o.dashboardEveryMs ?? 60_000;
    if (dashboardEveryMs > 0) timers.push(this.every(dashboardEveryMs, signal, () => refreshDashboard({ db, logger })));
    await Promise.all([...Array.from({ length: config.sync.concurrency }, () => this.runner(signal, false)), ...timers]);
    await this.saveQuota().catch((err) => logger.warn({ err }, 'saving the quota failed'));
    logger.info({ worker: this.id }, 'sync worker stopped');
  }

  /**
   * Runs queued jobs that are due until none is left (no scheduler, no timers),
   * with the same runners, leases and outcomes as `run`: how the benchmark
   * drives the worker.
   */
  async drain(signal: AbortSignal = new AbortController().signal): Promise<void> {
    await Promise.all(Array.from({ length: this.o.config.sync.concurrency }, () => this.runner(signal, true)));
  }

  private async every(ms: number, signal: AbortSignal, fn: () => Promise<unknown>): Promise<void> {
    while (!signal.aborted) {
      try {
        await fn();
      } catch (err) {
        this.o.logger.error({ err: toError(err) }, 'worker housekeeping failed');
      }
      await sleep(ms, signal);
    }
  }

  private async tick(): Promise<void> {
    const { db, config } = this.o;
    // Repositories with fresh changes are refreshed as if hot for ten minutes.
    const now = Date.now();
    for (const r of await reposChangedAfter(db, this.lastChangeId)) {
      this.recentlyActive.set(r.name_key, now);
      this.lastChangeId = Math.max(this.lastChangeId, r.last);
    }
    for (const [key, at] of this.recentlyActive) if (now - at > 600_000) this.recentlyActive.delete(key);
    const result = await scheduleTick(db, config.sync, new Set(this.recentlyActive.keys()), coreQuota(this.o.gateway.pool.snapshot()), { since: this.startedAt });
    this.warnWhile('quota', result.stretch > 1.05, { stretch: Number(result.stretch.toFixed(2)) }, 'quota left cannot meet the freshness targets; intervals stretched');
    this.warnWhile('behind', result.behind.length > 0, { behind: result.behind.length, repos: result.behind.slice(0, 10) }, 'repositories are falling behind their freshness target');
  }

  /**
   * Logs a condition's warning when it starts and then at most once per
   * `warnEveryMs` while it lasts, and says when it clears: a log that repeats
   * every tick hides everything else.
   */
  private warnWhile(key: string, active: boolean, fields: Record<string, unknown>, message: string): void {
    const at = this.warnedAt.get(key);
    const now = Date.now();
    if (!active) {
      if (at !== undefined) {
        this.warnedAt.delete(key);
        this.o.logger.info({ condition: key }, 'cleared: ' + message);
      }
      return;
    }
    if (at !== undefined && now - at < (this.o.warnEveryMs ?? 600_000)) return;
    this.warnedAt.set(key, now);
    this.o.logger.warn(fields, message);
  }

  private async runner(signal: AbortSignal, untilIdle: boolean): Promise<void> {
    while (!signal.aborted) {
      let job: JobRow | undefined;
      try {
        job = await claimJob(this.o.db, this.id, this.o.leaseMs ?? 60_000, Object.keys(this.tasks));
      } catch (err) {
        this.o.logger.error({ err: toError(err) }, 'claiming a job failed');
      }
      if (!job) {
        // Draining: done once nobody else is still working (a running job may queue another).
        if (untilIdle && this.busy === 0) return;
        await sleep(this.o.idleMs ?? 500, signal);
        continue;
      }
      this.busy++;
      try {
        await this.execute(job, signal);
      } finally {
        this.busy--;
      }
    }
  }

  /** One attempt of one job. Never throws: whatever happens, the attempt ends in exactly one recorded outcome. */
  private async execute(job: JobRow, stop: AbortSignal): Promise<void> {
    const { db } = this.o;
    const leaseMs = this.o.leaseMs ?? 60_000;
    const lost = new AbortController();
    const started = performance.now();
    let log = this.o.logger.child({ job: job.id, kind: job.kind, attempt: job.attempts });
    let heartbeat: NodeJS.Timeout | undefined;
    let failure: Error | null = null;
    try {
      heartbeat = setInterval(() => {
        extendLease(db, job.id, this.id, leaseMs).then(
          (held) => {
            if (!held) lost.abort(new Error('lease lost to another worker'));
          },
          (err: unknown) => log.warn({ err: toError(err) }, 'extending the job lease failed'),
        );
      }, leaseMs / 3);
      const task = this.tasks[job.kind];
      if (!task) throw new Error(`no task runs jobs of kind "${job.kind}"`);
      const payload = parsePayload(job.payload);
      if (typeof payload.repo === 'string') log = log.child({ repo: payload.repo });
      await task.run({ db, logger: log, signal: AbortSignal.any([stop, lost.signal]), job }, payload);
    } catch (err) {
      failure = toError(err);
    } finally {
      clearInterval(heartbeat);
    }
    const ms = Math.round(performance.now() - started);
    try {
      if (lost.signal.aborted) {
        // Another worker owns the job now: this attempt records nothing.
        log.warn({ ms }, 'job lease lost; another worker took the job over');
      } else if (!failure) {
        await completeJob(db, job.id, this.id);
        log.debug({ ms }, 'job completed');
      } else if (stop.aborted) {
        await releaseJob(db, job.id, this.id);
        log.info({ ms }, 'job given back on shutdown');
      } else {
        const verdict = await failJob(db, job, this.id, failure.message, this.tasks[job.kind]?.retryInMs?.(job.attempts));
        log.warn({ err: failure, verdict, ms }, 'job attempt failed');
      }
    } catch (err) {
      // The outcome could not be written (database busy or broken): the lease
      // expires and the job is taken over, with this attempt counted.
      log.error({ err: toError(err), failure: failure?.message, ms }, 'recording the job outcome failed; the job is retried when its lease expires');
    }
  }

  /**
   * The subnet's mirror jobs (miners and scores, prices, maintainers), each when
   * due. Its own timer: a slow service delays only this loop, never the runners,
   * and shutdown aborts its requests. A job's failure is logged and recorded on
   * its source by the jobs themselves. Then the official-versus-ours report, when
   * either side changed.
   */
  private async subnetTick(signal: AbortSignal): Promise<void> {
    const { db, config, logger } = this.o;
    try {
      await runDueSubnetJobs({ db, clients: this.subnetClients, services: config.services, logger, signal });
      if (!signal.aborted) await refreshScoreDrift({ db, logger });
    } catch (err) {
      if (!signal.aborted) throw err;
    }
  }

  private async saveQuota(): Promise<void> {
    await saveQuotaRows(this.o.db, this.o.gateway.pool.snapshot(), nowIso());
  }

  private async housekeeping(): Promise<void> {
    const { db } = this.o;
    await pruneJobs(db, new Date(Date.now() - DAY_MS));
    // Change events are for live updates: a day of them is plenty.
    await pruneChanges(db, toGithubTime(Date.now() - DAY_MS));
    await mergeSearchIndex(db);
  }
}

function parsePayload(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`job payload is not JSON: ${text.slice(0, 100)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('job payload is not a JSON object');
  return value as Record<string, unknown>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import { toError } from '../core/errors.ts';
import { nowIso, toGithubTime } from '../core/time.ts';
import { claimJob, completeJob, enqueueJob, extendLease, failJob, pruneJobs, releaseJob } from '../db/jobs.queries.ts';
import type { DB, JobRow } from '../db/schema.ts';
import type { GithubGateway } from '../github/client.ts';
import type { Logger } from '../logger.ts';
import { relinkRepository, reposNeedingRelink } from './relink.job.ts';
import { refreshRepoList } from './repo-list.ts';
import { coreQuota, scheduleTick } from './scheduler.ts';
import { syncRepository } from './sync-repo.job.ts';

export interface WorkerOptions {
  db: Kysely<DB>;
  gateway: GithubGateway;
  config: Config;
  logger: Logger;
  tickMs?: number;
  leaseMs?: number;
  /** Skip fetching the repository list (tests, and `sync --once --repo`). */
  skipRepoList?: boolean;
}

const JOB_KINDS = ['sync', 'relink'] as const;

/**
 * The sync worker: a scheduler tick that queues due repositories, and
 * `concurrency` runners that claim jobs under a lease, heartbeat it, and end
 * every attempt in exactly one of complete or fail. It runs in a process of its
 * own (never in the server's), with its own database connection.
 */
export class SyncWorker {
  readonly id = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly o: WorkerOptions;
  private readonly graphqlState = { unavailableUntil: 0 };
  private lastChangeId = 0;
  private readonly recentlyActive = new Map<string, number>();

  constructor(options: WorkerOptions) {
    this.o = options;
  }

  async run(signal: AbortSignal): Promise<void> {
    const { db, logger, config } = this.o;
    logger.info({ worker: this.id, concurrency: config.sync.concurrency }, 'sync worker started');
    if (!this.o.skipRepoList) await refreshRepoList({ db, config, logger }).catch((err) => logger.warn({ err }, 'repository list refresh failed'));
    for (const key of await reposNeedingRelink(db)) await enqueueJob(db, { kind: 'relink', key: `relink:${key}`, payload: { repo: key }, priority: 5 });
    this.lastChangeId = Number((await sql<{ id: number | null }>`SELECT max(id) AS id FROM changes`.execute(db)).rows[0]?.id ?? 0);

    const timers = [
      this.every(this.o.tickMs ?? 5000, signal, () => this.tick()),
      this.every(5000, signal, () => this.saveQuota()),
      this.every(3600_000, signal, () => this.housekeeping()),
    ];
    if (!this.o.skipRepoList) timers.push(this.every(3600_000, signal, () => refreshRepoList({ db, config, logger }).then(() => undefined)));
    await Promise.all([...Array.from({ length: config.sync.concurrency }, () => this.runner(signal)), ...timers]);
    await this.saveQuota();
    logger.info({ worker: this.id }, 'sync worker stopped');
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
    const { db, config, logger } = this.o;
    // Repositories with fresh changes are refreshed as if hot for ten minutes.
    const rows = await sql<{ name_key: string; last: number }>`
      SELECT r.name_key, max(c.id) AS last FROM changes c JOIN repos r ON r.id = c.repo_id WHERE c.id > ${this.lastChangeId} GROUP BY r.name_key`.execute(db);
    const now = Date.now();
    for (const r of rows.rows) {
      this.recentlyActive.set(r.name_key, now);
      this.lastChangeId = Math.max(this.lastChangeId, r.last);
    }
    for (const [key, at] of this.recentlyActive) if (now - at > 600_000) this.recentlyActive.delete(key);
    const result = await scheduleTick(db, config.sync, new Set(this.recentlyActive.keys()), coreQuota(this.o.gateway.pool.snapshot()));
    if (result.stretch > 1.05) logger.warn({ stretch: Number(result.stretch.toFixed(2)) }, 'quota left cannot meet the freshness targets; intervals stretched');
    if (result.behind.length) logger.warn({ behind: result.behind.length, repos: result.behind.slice(0, 10) }, 'repositories are falling behind their freshness target');
  }

  private async runner(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const job = await claimJob(this.o.db, this.id, this.o.leaseMs ?? 60_000, JOB_KINDS).catch((err) => {
        this.o.logger.error({ err }, 'claiming a job failed');
        return undefined;
      });
      if (!job) {
        await sleep(500, signal).catch(() => {});
        continue;
      }
      await this.execute(job, signal);
    }
  }

  private async execute(job: JobRow, stop: AbortSignal): Promise<void> {
    const { db, logger } = this.o;
    const leaseMs = this.o.leaseMs ?? 60_000;
    const lost = new AbortController();
    const signal = AbortSignal.any([stop, lost.signal]);
    const heartbeat = setInterval(() => {
      extendLease(db, job.id, this.id, leaseMs)
        .then((held) => {
          if (!held) lost.abort(new Error('lease lost to another worker'));
        })
        .catch(() => {});
    }, leaseMs / 3);
    const started = performance.now();
    const payload = JSON.parse(job.payload) as { repo?: string };
    const log = logger.child({ job: job.id, kind: job.kind, repo: payload.repo, attempt: job.attempts });
    try {
      if (!payload.repo) throw new Error('job payload names no repository');
      if (job.kind === 'sync') {
        const outcome = await syncRepository({ db, gateway: this.o.gateway, logger: log, signal, reconcileHours: this.o.config.sync.reconcileHours, graphqlState: this.graphqlState }, payload.repo);
        if (!outcome.ok) throw new Error(outcome.error ?? 'sync failed');
      } else {
        const outcome = await relinkRepository({ db, logger: log, signal }, payload.repo);
        log.info({ processed: outcome.processed, changed: outcome.changed }, 'relink finished');
      }
      await completeJob(db, job.id, this.id);
    } catch (err) {
      if (stop.aborted) {
        await releaseJob(db, job.id, this.id);
      } else if (!lost.signal.aborted) {
        const verdict = await failJob(db, job, this.id, toError(err).message, job.kind === 'sync' ? 15_000 * 2 ** (job.attempts - 1) : undefined);
        log.warn({ err: toError(err), verdict, ms: Math.round(performance.now() - started) }, 'job attempt failed');
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async saveQuota(): Promise<void> {
    const snapshot = this.o.gateway.pool.snapshot();
    if (snapshot.length === 0) return;
    const now = nowIso();
    await this.o.db.transaction().execute(async (trx) => {
      for (const q of snapshot) {
        await trx
          .insertInto('github_quota')
          .values({ ...q, updated_at: now })
          .onConflict((oc) => oc.columns(['token_label', 'resource']).doUpdateSet({ limit: q.limit, remaining: q.remaining, reset_at: q.reset_at, updated_at: now }))
          .execute();
      }
    });
  }

  private async housekeeping(): Promise<void> {
    const { db } = this.o;
    await pruneJobs(db, new Date(Date.now() - 24 * 3600_000));
    // Change events are for live updates: a day of them is plenty. Ids grow with
    // time, so each batch looks only at the oldest rows (bounded, no scan).
    const cutoff = toGithubTime(Date.now() - 24 * 3600_000);
    for (;;) {
      const res = await sql`DELETE FROM changes WHERE id IN (SELECT id FROM changes ORDER BY id LIMIT 5000) AND at < ${cutoff}`.execute(db);
      if (Number(res.numAffectedRows ?? 0) < 5000) break;
    }
    // Merge full-text index segments a bounded amount at a time: searches and
    // per-row text checks get faster, and no single step holds the write lock long.
    await sql`INSERT INTO items_fts(items_fts, rank) VALUES ('merge', 200)`.execute(db);
  }
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

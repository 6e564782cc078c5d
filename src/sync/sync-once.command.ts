import type { Config } from '../config/config.ts';
import { isValidRepoName } from '../core/master-list.ts';
import { connectDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { getRepo, listRepos } from '../db/repos.queries.ts';
import { createLogger } from '../logger.ts';
import { createGateway, prepareRuntime } from '../runtime.ts';
import { refreshRepoList } from './repo-list.ts';
import { scoreAfterSync } from './scoring.job.ts';
import { syncThenRelink } from './sync-pass.ts';
import type { SyncOutcome } from './sync-repo.job.ts';

/**
 * `hub sync --once [--repo owner/name]`: one incremental pass over every tracked
 * repository (or one), then exit: 0 when every repository synced, 1 with a
 * one-line reason per failed repository (or when no repository is tracked,
 * with why: a missing or malformed list on a fresh store), 2 for a repository
 * that is not tracked.
 */
export async function runSyncOnce(baseConfig: Config, flags: { repo?: string }, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const logger = createLogger({ level: baseConfig.logLevel === 'info' ? 'warn' : baseConfig.logLevel, name: 'sync' });
  if (flags.repo !== undefined && !isValidRepoName(flags.repo)) {
    err.write(`--repo must be owner/name, got "${flags.repo}"\n`);
    return 2;
  }
  const runtime = await prepareRuntime(baseConfig, logger);
  const { config } = runtime;
  const database = await connectDatabase(config.database, { log: (message) => logger.warn(message) });
  try {
    await migrate(database);
    const { db } = database;
    const list = !flags.repo || runtime.sim ? await refreshRepoList({ db, config, logger }) : null;
    if (list?.status === 'kept') err.write(`repository list from ${list.source} refused: ${list.reason}\n`);
    const repos = flags.repo ? [await getRepo(db, flags.repo)].filter((r) => r !== undefined) : await listRepos(db, { activeOnly: true });
    if (!flags.repo && repos.length === 0) {
      err.write(`no repository is tracked${list?.status === 'kept' ? ' (the list was refused, and the store holds no earlier good list)' : ''}: nothing synced\n`);
      return 1;
    }
    if (flags.repo && repos.length === 0) {
      err.write(`${flags.repo} is not a tracked repository\n`);
      return 2;
    }
    const gateway = createGateway(config, logger);
    const queue = repos.map((r) => r.name_key);
    const outcomes: SyncOutcome[] = [];
    await Promise.all(
      Array.from({ length: Math.min(config.sync.concurrency, queue.length) }, async () => {
        for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
          const outcome = await syncThenRelink({ db, gateway, logger, reconcileHours: config.sync.reconcileHours, graphqlPerPass: Number.MAX_SAFE_INTEGER }, key);
          if (outcome.ok) await scoreAfterSync({ db, logger }, key);
          outcomes.push(outcome);
        }
      }),
    );
    outcomes.sort((a, b) => a.repo.localeCompare(b.repo));
    for (const o of outcomes) {
      if (o.ok) out.write(`ok    ${o.repo}: ${o.created} new, ${o.updated} updated, ${o.requests} requests, ${o.quota} quota, ${o.ms} ms\n`);
      else err.write(`FAIL  ${o.repo}: ${o.error}\n`);
    }
    const failed = outcomes.filter((o) => !o.ok).length;
    out.write(`${outcomes.length - failed} synced, ${failed} failed\n`);
    return failed > 0 ? 1 : 0;
  } finally {
    await database.close();
    await runtime.stop();
  }
}

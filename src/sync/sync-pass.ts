import { countPass, hasWatermark, recordSteadyPassQuota } from '../db/schedule.queries.ts';
import type { GithubGateway } from '../github/client.ts';
import { relinkRepository, type RelinkOutcome } from './relink.job.ts';
import { syncRepository, type SyncDeps, type SyncOutcome } from './sync-repo.job.ts';

export interface SyncPassOutcome extends SyncOutcome {
  /** The relink that followed a successful pass (null when the pass failed). */
  relink: RelinkOutcome | null;
}

export type SyncPassDeps = SyncDeps & { gateway: GithubGateway };

/**
 * The one sync flow of the hub: an incremental pass over a repository, then,
 * when it succeeded, the relink its links need (a grammar change, or a default
 * branch the pass just saw change; a no-op otherwise). The worker's sync jobs,
 * `sync --once` and the benchmark all run this, so what is measured and tested
 * is what production does.
 */
export async function syncThenRelink(deps: SyncPassDeps, repoKey: string): Promise<SyncPassOutcome> {
  const incremental = await hasWatermark(deps.db, repoKey);
  const outcome = await syncRepository(deps, repoKey);
  await countPass(deps.db, repoKey, outcome.ok, outcome.ms);
  if (!outcome.ok) return { ...outcome, relink: null };
  // A first full walk costs once; the scheduler budgets with what staying fresh costs.
  if (incremental) await recordSteadyPassQuota(deps.db, repoKey, outcome.quota);
  const relink = await relinkRepository({ db: deps.db, logger: deps.logger, signal: deps.signal }, repoKey);
  if (relink.processed > 0) deps.logger.info({ repo: outcome.repo, processed: relink.processed, changed: relink.changed }, 'relink finished');
  return { ...outcome, relink };
}

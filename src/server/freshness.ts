import type { Config } from '../config/config.ts';
import { repoStatuses, type RepoStatusRow } from '../db/status.queries.ts';
import { readSubnetDataFreshness } from '../subnet/freshness.ts';
import type { ServerContext } from './context.ts';
import { presentRepoSync, presentSubnetFreshness } from './presenters.ts';

/**
 * How fresh each repository should be: the `hotRepos` most heavily weighted
 * tracked repositories every `hotIntervalSeconds`, the rest within
 * `freshnessSeconds`. Rows come ordered tracked-first, heaviest first.
 */
export function freshnessTargets(rows: readonly RepoStatusRow[], config: Config): Map<number, { hot: boolean; target: number }> {
  const out = new Map<number, { hot: boolean; target: number }>();
  let rank = 0;
  for (const r of rows) {
    const hot = r.active === 1 && rank < config.sync.hotRepos;
    if (r.active === 1) rank++;
    out.set(r.id, { hot, target: hot ? config.sync.hotIntervalSeconds : config.sync.freshnessSeconds });
  }
  return out;
}

/** Every repository's sync freshness and the subnet data's, as GET /api/sync (and the dashboard) present them. */
export async function readFreshness(ctx: ServerContext, now: number, includeInactive: boolean) {
  const rows = await repoStatuses(ctx.db, { includeInactive });
  const targets = freshnessTargets(rows, ctx.config);
  const subnet = await readSubnetDataFreshness(ctx.db, ctx.config.services, now);
  return {
    repos: rows.map((r) => {
      const t = targets.get(r.id)!;
      return presentRepoSync(r, now, t.hot, t.target);
    }),
    subnet: subnet.map((f) => presentSubnetFreshness(f, ctx.config.services)),
  };
}

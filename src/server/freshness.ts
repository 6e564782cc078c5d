import type { Config } from '../config/config.ts';
import type { RepoStatusRow } from '../db/status.queries.ts';

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

import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  // SQLite's real is an 8-byte float; PostgreSQL's `real` is 4 bytes, so it gets double precision.
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  // `hub_standings.issue_total` (0012) lets the emission split add the issue-discovery
  // totals up per repository without reading every standing's JSON.
  // What each repository pays (docs/scoring.md, "What a repository pays"): the emission
  // split of the last scoring run, as fractions of the miners' pool.
  await db.schema
    .createTable('hub_repo_pay')
    .addColumn('repo_id', 'integer', (c) => c.primaryKey())
    .addColumn('emission_share', real, (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('slice', real, (c) => c.notNull())
    .addColumn('maintainer_cut', real, (c) => c.notNull())
    .addColumn('maintainer_cut_applies', 'integer', (c) => c.notNull())
    .addColumn('maintainer_carve', real, (c) => c.notNull())
    .addColumn('maintainer_miners', 'integer', (c) => c.notNull())
    .addColumn('pr_pool', real, (c) => c.notNull())
    .addColumn('issue_pool', real, (c) => c.notNull())
    .addColumn('recycled', real, (c) => c.notNull())
    .addColumn('pr_score_total', real, (c) => c.notNull())
    .addColumn('issue_score_total', real, (c) => c.notNull())
    .addColumn('pr_scorers', 'integer', (c) => c.notNull())
    .addColumn('issue_scorers', 'integer', (c) => c.notNull())
    // 'registered' (registered miners' standings) | 'all_authors' (the hub knows no registration).
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();

  // Competition and maintainer responsiveness per repository (src/sync/repo-stats.job.ts).
  await db.schema
    .createTable('hub_repo_stats')
    .addColumn('repo_id', 'integer', (c) => c.primaryKey())
    .addColumn('window_days', 'integer', (c) => c.notNull())
    .addColumn('active_authors', 'integer', (c) => c.notNull())
    .addColumn('active_miners', 'integer')
    .addColumn('open_pulls', 'integer', (c) => c.notNull())
    .addColumn('unclaimed_issues', 'integer', (c) => c.notNull())
    .addColumn('reviewed', 'integer', (c) => c.notNull())
    .addColumn('first_review_median_s', 'integer')
    .addColumn('merged', 'integer', (c) => c.notNull())
    .addColumn('closed_unmerged', 'integer', (c) => c.notNull())
    .addColumn('merge_median_s', 'integer')
    .addColumn('merge_rate', real)
    .addColumn('queue', 'integer', (c) => c.notNull())
    .addColumn('queue_median_age_s', 'integer')
    .addColumn('queue_oldest_age_s', 'integer')
    .addColumn('stale', 'integer', (c) => c.notNull())
    .addColumn('maintainer_pulls', 'integer', (c) => c.notNull())
    // JSON array of per-author figures (src/core/subnet/responsiveness.ts, AuthorStats).
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
}

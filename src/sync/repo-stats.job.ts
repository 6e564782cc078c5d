import type { Kysely } from 'kysely';
import { policyOfRepo } from '../core/scoring/repo-policy.ts';
import { repoResponsiveness, type PullActivity } from '../core/scoring/responsiveness.ts';
import { isMaintainer } from '../core/subnet/facts.ts';
import { windowStart } from '../core/subnet/window.ts';
import { toGithubTime } from '../core/time.ts';
import { deleteRepoStatsExcept, maintainerKeys, pullActivity, registeredIds, saveRepoStats, unclaimedIssues } from '../db/repo-stats.queries.ts';
import { registrationKnown } from '../db/repo-pay.queries.ts';
import { getRepo, listRepos } from '../db/repos.queries.ts';
import type { DB, RepoRow } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

/**
 * Competition and maintainer responsiveness per repository (docs/scoring.md,
 * "Responsiveness and competition"), computed from the mirror and stored, so the
 * repositories view and the maintainers view only read. Runs after a repository's
 * scoring and hourly after every repository's (time moves the window and the ages).
 */
export interface RepoStatsDeps {
  db: Kysely<DB>;
  logger: Logger;
  signal?: AbortSignal;
  now?: () => number;
}

/** An open pull request waiting this long for its first review counts as stale. */
export const STALE_DAYS = 7;

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

async function statsOfRepo(deps: RepoStatsDeps, repo: RepoRow, registered: Set<string>, known: boolean, now: number): Promise<void> {
  const { db } = deps;
  const { policy } = policyOfRepo(repo);
  const days = policy.scoring.prLookbackDays;
  const rows = await pullActivity(db, repo.id, toGithubTime(windowStart(now, days)));
  const maintainers = await maintainerKeys(db, repo.name_key);
  const pulls: PullActivity[] = rows.map((r) => ({
    authorKey: r.author_key,
    login: r.author,
    // The maintainer list where the hub has one; the author's association as well, as the rules drop those pull requests too.
    maintainer: isMaintainer(r.author_association) || (r.author_key !== null && maintainers.logins.has(r.author_key)) || (r.author_id !== null && maintainers.ids.has(r.author_id)),
    registered: r.author_id !== null && registered.has(r.author_id),
    draft: r.draft === 1,
    state: r.state,
    createdAt: Date.parse(r.created_at),
    mergedAt: ms(r.merged_at),
    closedAt: ms(r.closed_at),
    firstReviewAt: ms(r.first_review_at),
  }));
  const s = repoResponsiveness(pulls, { now, windowDays: days, staleDays: STALE_DAYS, registrationKnown: known });
  const unclaimed = await unclaimedIssues(db, repo.id, repo.name_key);
  await db.transaction().execute((trx) =>
    saveRepoStats(trx, {
      repo_id: repo.id,
      window_days: days,
      active_authors: s.activeAuthors,
      active_miners: s.activeMiners,
      open_pulls: s.openPulls,
      unclaimed_issues: unclaimed,
      reviewed: s.reviewed,
      first_review_median_s: s.firstReviewMedianS,
      merged: s.merged,
      closed_unmerged: s.closedUnmerged,
      merge_median_s: s.mergeMedianS,
      merge_rate: s.mergeRate,
      queue: s.queue,
      queue_median_age_s: s.queueMedianAgeS,
      queue_oldest_age_s: s.queueOldestAgeS,
      stale: s.stale,
      maintainer_pulls: s.maintainerPulls,
      authors: JSON.stringify(s.authors),
      computed_at: toGithubTime(now),
    }),
  );
}

/** One repository's figures (after its scoring). A failure is logged; the previous figures stay. */
export async function refreshRepoStats(deps: RepoStatsDeps, repoKey: string): Promise<boolean> {
  try {
    const repo = await getRepo(deps.db, repoKey);
    if (!repo) return false;
    const known = await registrationKnown(deps.db);
    await statsOfRepo(deps, repo, known ? await registeredIds(deps.db) : new Set(), known, (deps.now ?? Date.now)());
    return true;
  } catch (err) {
    if (deps.signal?.aborted) return false;
    deps.logger.error({ err, repo: repoKey }, 'repository statistics failed; the previous figures stay');
    return false;
  }
}

/** Every active repository's figures; rows of repositories no longer tracked go. */
export async function refreshAllRepoStats(deps: RepoStatsDeps): Promise<number> {
  const repos = await listRepos(deps.db, { activeOnly: true });
  const known = await registrationKnown(deps.db);
  const registered = known ? await registeredIds(deps.db) : new Set<string>();
  const started = performance.now();
  let done = 0;
  for (const repo of repos) {
    deps.signal?.throwIfAborted();
    try {
      await statsOfRepo(deps, repo, registered, known, (deps.now ?? Date.now)());
      done++;
    } catch (err) {
      if (deps.signal?.aborted) throw err;
      deps.logger.error({ err, repo: repo.full_name }, 'repository statistics failed; the previous figures stay');
    }
  }
  await deleteRepoStatsExcept(deps.db, repos.map((r) => r.id));
  deps.logger.info({ repos: done, ms: Math.round(performance.now() - started) }, 'repository statistics refreshed');
  return done;
}

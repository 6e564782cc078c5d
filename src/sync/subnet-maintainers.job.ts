/**
 * Mirrors each tracked repository's maintainers from the subnet mirror. Every
 * repository is a source of its own, refreshed once per interval, oldest first:
 * a run cut short (crash, shutdown, the mirror going down) resumes with the
 * repositories it did not reach, and the mirror's rate limit is the client's.
 */
import { sourceFreshness } from '../core/subnet-freshness.ts';
import { listRepos } from '../db/repos.queries.ts';
import { listFetchStates, replaceMaintainers } from '../db/subnet-state.queries.ts';
import { mirrorSource, type SubnetJobContext, type SourceOutcome } from './subnet-context.ts';

export const MAINTAINERS_PREFIX = 'mirror:maintainers:';

export async function run(ctx: SubnetJobContext): Promise<SourceOutcome[]> {
  if (!ctx.clients.mirror.http.configured) return [];
  const nowMs = (ctx.now ?? Date.now)();
  const interval = ctx.services.maintainersIntervalSeconds;
  const states = new Map((await listFetchStates(ctx.db, MAINTAINERS_PREFIX)).map((s) => [s.source, s]));
  const due = (await listRepos(ctx.db, { activeOnly: true }))
    .map((repo) => ({ repo, state: states.get(MAINTAINERS_PREFIX + repo.name_key) }))
    .filter(({ state }) => {
      if (!state) return true;
      const age = sourceFreshness(state, interval, nowMs).ageSeconds;
      // A failed repository is tried again after a fifth of the interval, not at once.
      const sinceAttempt = state.last_attempt_at ? (nowMs - Date.parse(state.last_attempt_at)) / 1000 : Infinity;
      return (age === null || age >= interval) && (state.consecutive_failures === 0 || sinceAttempt >= interval / 5);
    })
    .sort((a, b) => (a.state?.last_success_at ?? '').localeCompare(b.state?.last_success_at ?? ''));
  const out: SourceOutcome[] = [];
  for (const { repo } of due) {
    if (ctx.signal?.aborted) break;
    const fullName = repo.github_full_name ?? repo.full_name;
    out.push(
      await mirrorSource(ctx, MAINTAINERS_PREFIX + repo.name_key, (o) => ctx.clients.mirror.maintainers(fullName, o), async (tx, rows, now) => {
        await replaceMaintainers(tx, repo.name_key, rows.map((m) => ({ github_id: m.githubId, login: m.login, association: m.association.toUpperCase() })), { source: 'subnet-mirror', now });
        return rows.length;
      }),
    );
  }
  return out;
}

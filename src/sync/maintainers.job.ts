/**
 * Who maintains each tracked repository, for the rules that read it (maintainer
 * reviews, labels and issues). Three sources, best first, recorded in
 * subnet_maintainers.source:
 *
 * - `subnet-mirror`: the subnet mirror's maintainers endpoint
 *   (subnet-maintainers.job.ts). While the mirror answers for a repository, this
 *   job leaves it alone.
 * - `collaborators`: GitHub's `GET /repos/{o}/{r}/collaborators`, those with push
 *   access, where the token can read it (it needs push access itself). Asked with
 *   the stored ETag, so an unchanged list costs one conditional request an hour.
 * - `associations`: where the list answers 403 or 404, the authors whose latest
 *   association on the repository's own items is OWNER, MEMBER or COLLABORATOR.
 *
 * Runs hourly from the worker; each repository commits on its own, with what
 * its requests cost added to the repository's per-kind totals.
 */
import type { Kysely } from 'kysely';
import { toError } from '../core/errors.ts';
import { nowIso } from '../core/time.ts';
import { maintainersSeenInItems } from '../db/facts.write.ts';
import { listRepos } from '../db/repos.queries.ts';
import type { DB } from '../db/schema.ts';
import { getFetchState, recordFailure, recordSuccess, replaceMaintainers } from '../db/subnet-state.queries.ts';
import { addKindCosts } from '../db/sync-state.write.ts';
import { Meter, type GithubGateway } from '../github/client.ts';
import type { Logger } from '../logger.ts';
import { isNotModified, storedEtag } from './pass-context.ts';
import { MAINTAINERS_PREFIX } from './subnet-maintainers.job.ts';

export const COLLABORATORS_PREFIX = 'github:collaborators:';

export interface MaintainersDeps {
  db: Kysely<DB>;
  gateway: GithubGateway;
  logger: Logger;
  /** A mirror answer older than this no longer counts as the source (default two hours). */
  mirrorFreshSeconds?: number;
  now?: () => number;
  signal?: AbortSignal;
}

export type MaintainersOutcome =
  | { repo: string; source: 'subnet-mirror' }
  | { repo: string; source: 'collaborators' | 'associations'; count: number | null }
  | { repo: string; source: 'failed'; error: string };

interface Collaborator {
  login: string;
  id: number | string;
  permissions?: { push?: boolean; admin?: boolean; maintain?: boolean };
}

export async function refreshMaintainers(deps: MaintainersDeps): Promise<MaintainersOutcome[]> {
  const out: MaintainersOutcome[] = [];
  const nowMs = (deps.now ?? Date.now)();
  const fresh = (deps.mirrorFreshSeconds ?? 7200) * 1000;
  for (const repo of await listRepos(deps.db, { activeOnly: true })) {
    if (deps.signal?.aborted) break;
    const mirror = await getFetchState(deps.db, MAINTAINERS_PREFIX + repo.name_key);
    if (mirror?.last_success_at && nowMs - Date.parse(mirror.last_success_at) < fresh) {
      out.push({ repo: repo.full_name, source: 'subnet-mirror' });
      continue;
    }
    const meter = new Meter();
    try {
      out.push(await refreshOne(deps, repo, meter));
    } catch (err) {
      if (deps.signal?.aborted) throw err;
      const e = toError(err);
      await recordFailure(deps.db, COLLABORATORS_PREFIX + repo.name_key, { now: nowIso(), error: e.message });
      deps.logger.warn({ repo: repo.full_name, err: e.message }, 'maintainers refresh failed; keeping the last list');
      out.push({ repo: repo.full_name, source: 'failed', error: e.message });
    } finally {
      await addKindCosts(deps.db, repo.id, meter.kinds);
    }
  }
  return out;
}

async function refreshOne(deps: MaintainersDeps, repo: { id: number; name_key: string; full_name: string; github_full_name: string | null }, meter: Meter): Promise<MaintainersOutcome> {
  const source = COLLABORATORS_PREFIX + repo.name_key;
  const [owner, name] = (repo.github_full_name ?? repo.full_name).split('/') as [string, string];
  const { octokit } = deps.gateway.session(meter, deps.signal);
  const state = await getFetchState(deps.db, source);
  let res;
  try {
    res = await octokit.request('GET /repos/{owner}/{repo}/collaborators', { owner, repo: name, per_page: 100, headers: state?.etag ? { 'if-none-match': state.etag } : {} });
  } catch (err) {
    const now = nowIso();
    if (isNotModified(err)) {
      await recordSuccess(deps.db, source, { now, etag: state?.etag ?? null, changed: false });
      return { repo: repo.full_name, source: 'collaborators', count: null };
    }
    const status = (err as { status?: number }).status;
    if (status !== 403 && status !== 404) throw err;
    // The token cannot read the list: the associations GitHub shows on the repository's items.
    const seen = await maintainersSeenInItems(deps.db, repo.id);
    await deps.db.transaction().execute(async (tx) => {
      await replaceMaintainers(tx, repo.name_key, seen, { source: 'associations', now });
      await recordFailure(tx, source, { now, error: `GitHub answered ${status} to the collaborators list; maintainers come from the associations on the repository's items` });
    });
    return { repo: repo.full_name, source: 'associations', count: seen.length };
  }
  let list = res.data as Collaborator[];
  if (/rel="next"/.test(String(res.headers.link ?? ''))) {
    list = (await octokit.paginate('GET /repos/{owner}/{repo}/collaborators', { owner, repo: name, per_page: 100 })) as Collaborator[];
  }
  const seen = new Map((await maintainersSeenInItems(deps.db, repo.id)).map((m) => [m.login.toLowerCase(), m.association]));
  const rows = list
    .filter((c) => c.permissions?.push || c.permissions?.maintain || c.permissions?.admin)
    .map((c) => ({
      github_id: String(c.id),
      login: c.login,
      association: c.login.toLowerCase() === owner.toLowerCase() ? 'OWNER' : (seen.get(c.login.toLowerCase()) ?? 'COLLABORATOR'),
    }));
  const now = nowIso();
  await deps.db.transaction().execute(async (tx) => {
    await replaceMaintainers(tx, repo.name_key, rows, { source: 'collaborators', now });
    await recordSuccess(tx, source, { now, etag: storedEtag(res.headers as Record<string, string>), changed: true, itemCount: rows.length });
  });
  return { repo: repo.full_name, source: 'collaborators', count: rows.length };
}

import { HubError } from '../core/errors.ts';
import { getItem } from '../db/issues.queries.ts';
import type { ItemRow } from '../db/schema.ts';
import { findRepo, findRepos, type RepoWithState } from '../db/status.queries.ts';
import type { ServerContext } from './context.ts';

const notTracked = (name: string) => new HubError(404, 'repo_not_tracked', `${name} is not a repository the hub tracks`);

/** A tracked repository by owner and name in any case; 404 `repo_not_tracked` otherwise (never a call to GitHub). */
export async function trackedRepo(ctx: ServerContext, params: { owner: string; name: string }): Promise<RepoWithState> {
  const full = `${params.owner}/${params.name}`;
  const repo = await findRepo(ctx.db, full.toLowerCase());
  if (!repo || repo.active !== 1) throw notTracked(full);
  return repo;
}

/** Tracked repositories named in a `repo=` filter; one unknown name answers 404. */
export async function trackedRepos(ctx: ServerContext, names: readonly string[]): Promise<RepoWithState[]> {
  const keys = [...new Set(names.map((n) => n.toLowerCase()))];
  const repos = (await findRepos(ctx.db, keys)).filter((r) => r.active === 1);
  const found = new Set(repos.map((r) => r.name_key));
  const missing = names.find((n) => !found.has(n.toLowerCase()));
  if (missing) throw notTracked(missing);
  return repos;
}

/** A pull request of a tracked repository by number; 404 `pull_not_found` for none, or for an issue. */
export async function pullOf(ctx: ServerContext, repo: RepoWithState, number: number): Promise<ItemRow> {
  const row = await getItem(ctx.db, repo.id, number);
  if (!row || row.is_pull !== 1) {
    const why = row ? `${repo.full_name}#${number} is an issue` : `${repo.full_name} has no pull request #${number} (yet)`;
    throw new HubError(404, 'pull_not_found', why);
  }
  return row;
}

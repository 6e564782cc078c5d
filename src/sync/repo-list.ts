import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import { checkReplacement, parseMasterList } from '../core/master-list.ts';
import { getStoredMasterList, listRepos, saveMasterList } from '../db/repos.queries.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

export type RepoListOutcome =
  | { status: 'saved'; source: string; count: number; added: string[]; deactivated: string[] }
  | { status: 'kept'; source: string; reason: string; count: number };

export interface RepoListDeps {
  db: Kysely<DB>;
  config: Pick<Config, 'reposFile' | 'reposUrl'>;
  logger: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Refreshes the tracked-repository list from HUB_REPOS (a file) or HUB_REPOS_URL.
 * A list is validated before it replaces the stored one; anything wrong (unreachable,
 * malformed, empty, shrinking by more than half) keeps the last good list, which
 * lives in the database so the hub starts and serves with no network at all.
 */
export async function refreshRepoList(deps: RepoListDeps): Promise<RepoListOutcome> {
  const { db, config, logger } = deps;
  const source = config.reposFile ? `file:${config.reposFile}` : config.reposUrl;
  const stored = await getStoredMasterList(db);
  const keep = (reason: string): RepoListOutcome => {
    logger.warn({ source, reason, kept: stored?.repo_count ?? 0 }, 'repository list refused; keeping the last good list');
    return { status: 'kept', source, reason, count: stored?.repo_count ?? 0 };
  };

  let body: string;
  try {
    body = config.reposFile ? await readFile(config.reposFile, 'utf8') : await fetchText(deps.fetch ?? fetch, config.reposUrl, deps.timeoutMs ?? 30_000);
  } catch (err) {
    return keep(`could not read the list: ${(err as Error).message}`);
  }

  const parsed = parseMasterList(body);
  if (!parsed.ok) return keep(parsed.problems.slice(0, 5).join('; ') + (parsed.problems.length > 5 ? `; and ${parsed.problems.length - 5} more` : ''));
  // Kept but worth a look: unknown policy keys (the validator would refuse them), a capped maintainer cut.
  for (const warning of parsed.warnings) logger.warn({ source, warning }, 'repository list entry');

  // An operator's own file is authoritative; the shrink guard protects against a broken upstream.
  if (!config.reposFile) {
    const previous = (await listRepos(db)).filter((r) => r.operator_added === 0 && r.active === 1).map((r) => r.name_key);
    const check = checkReplacement(previous, parsed.repos);
    if (!check.ok) return keep(check.reason);
  }

  const { added, deactivated } = await saveMasterList(db, { body, source, repos: parsed.repos });
  logger.info({ source, count: parsed.repos.length, added: added.length, deactivated: deactivated.length }, 'repository list saved');
  return { status: 'saved', source, count: parsed.repos.length, added, deactivated };
}

async function fetchText(fetchImpl: typeof fetch, url: string, timeoutMs: number): Promise<string> {
  const res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${new URL(url).host}`);
  return res.text();
}

import { writeTransaction } from '../db/transaction.ts';
import { nowIso } from '../core/time.ts';
import { enqueueJob } from '../db/jobs.queries.ts';
import { updateRepoMeta, updateSyncState } from '../db/sync-state.write.ts';
import { parseOne, repositorySchema } from '../github/schemas.ts';
import { isNotModified, storedEtag, type PassContext } from './pass-context.ts';

/**
 * Repository metadata (default branch, archived, GitHub's current name) with an
 * ETag, so an unchanged repository costs a 304. A new default branch changes
 * which pull requests' keywords count, so it queues a relink of the repository.
 */
export async function syncRepoMeta(p: PassContext, etag: string | null): Promise<void> {
  let res;
  try {
    res = await p.octokit.request('GET /repos/{owner}/{repo}', { owner: p.owner, repo: p.name, headers: etag ? { 'if-none-match': etag } : {} });
  } catch (err) {
    if (isNotModified(err)) return;
    throw err;
  }
  const meta = parseOne(repositorySchema, res.data, 'the repository');
  const previous = p.repo.default_branch;
  const githubName = meta.full_name.toLowerCase() === p.repo.name_key && meta.full_name === p.repo.full_name ? null : meta.full_name;
  await writeTransaction(p.db, async (trx) => {
    await updateRepoMeta(trx, p.repo.id, { default_branch: meta.default_branch, archived: meta.archived ? 1 : 0, github_id: Number(meta.id), github_full_name: githubName, updated_at: nowIso() });
    await updateSyncState(trx, p.repo.id, { repo_etag: storedEtag(res.headers as Record<string, string>) });
    if (previous !== null && previous !== meta.default_branch) {
      p.logger.info({ repo: p.repo.full_name, from: previous, to: meta.default_branch }, 'default branch changed; relinking');
      await updateSyncState(trx, p.repo.id, { relink_grammar: null, relink_cursor: null, relink_done_at: null });
      await enqueueJob(trx, { kind: 'relink', key: `relink:${p.repo.name_key}`, payload: { repo: p.repo.name_key } });
    }
  });
  p.repo = { ...p.repo, default_branch: meta.default_branch, archived: meta.archived ? 1 : 0, github_full_name: githubName };
  p.ingest = { ...p.ingest, defaultBranch: meta.default_branch };
}

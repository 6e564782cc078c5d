import { writeTransaction } from '../db/transaction.ts';
import { nowIso } from '../core/time.ts';
import { markGone, refreshRepoCounts } from '../db/items.write.ts';
import { openIssueNumbers, updateSyncState } from '../db/sync-state.write.ts';
import { issueSchema, parseList, parseOne } from '../github/schemas.ts';
import { ingestIssues } from './ingest.ts';
import type { PassContext } from './pass-context.ts';

export interface ReconcileResult {
  checked: number;
  deleted: number;
  transferred: number;
}

/**
 * Deleted (410) and transferred (301) issues vanish from list answers, so an
 * incremental mirror never hears of them and would show them open forever. This
 * walks the repository's open items, and asks GitHub about each issue the mirror
 * holds open that the walk did not return. Bounded per pass; runs every few hours.
 */
export async function reconcileRepo(p: PassContext, maxChecks = 200): Promise<ReconcileResult> {
  const result: ReconcileResult = { checked: 0, deleted: 0, transferred: 0 };
  const open = new Set<number>();
  const params = { owner: p.owner, repo: p.name, state: 'open', per_page: 100 } as const;
  for await (const page of p.octokit.paginate.iterator('GET /repos/{owner}/{repo}/issues', params)) {
    p.signal?.throwIfAborted();
    for (const i of parseList(issueSchema, page.data, 'the open issues list')) open.add(i.number);
  }
  const stored = await openIssueNumbers(p.db, p.repo.id);
  const suspects = stored.filter((n) => !open.has(n)).slice(0, maxChecks);

  for (const number of suspects) {
    p.signal?.throwIfAborted();
    const res = await p.octokit
      .request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner: p.owner, repo: p.name, issue_number: number, request: { redirect: 'manual' } })
      .catch((err: { status?: number; response?: { headers?: Record<string, string> } }) => ({ status: err.status ?? 0, headers: err.response?.headers ?? {}, data: null }));
    result.checked += 1;
    const now = nowIso();
    if (res.status === 410 || res.status === 404) {
      await writeTransaction(p.db, (trx) => markGone(trx, p.ingest, number, 'deleted', null, now));
      result.deleted += 1;
    } else if (res.status === 301 || res.status === 302) {
      const location = (res.headers as Record<string, string | undefined>).location ?? null;
      await writeTransaction(p.db, (trx) => markGone(trx, p.ingest, number, 'transferred', location, now));
      result.transferred += 1;
    } else if (res.status === 200 && res.data) {
      // Closed (or changed) after the issues walk ran: an ordinary update.
      const issue = parseOne(issueSchema, res.data, 'an issue');
      await writeTransaction(p.db, (trx) => ingestIssues(trx, p.ingest, [issue], now));
    }
  }
  await writeTransaction(p.db, async (trx) => {
    await refreshRepoCounts(trx, p.repo.id);
    await updateSyncState(trx, p.repo.id, { reconciled_at: nowIso() });
  });
  return result;
}

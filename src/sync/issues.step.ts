import { nowIso } from '../core/time.ts';
import { refreshRepoCounts } from '../db/items.write.ts';
import { updateSyncState } from '../db/sync-state.write.ts';
import { issueSchema, parseList } from '../github/schemas.ts';
import { ingestIssues } from './ingest.ts';
import { isNotModified, storedEtag, type PassContext } from './pass-context.ts';

export interface StepResult {
  pages: number;
  created: number;
  updated: number;
}

/**
 * Issues and pull requests changed since the watermark, oldest change first,
 * following GitHub's Link headers verbatim. Each page's rows and the advanced
 * watermark commit in one transaction: an interruption (a 502 on page 390, a
 * SIGKILL) resumes from the last committed page. Items GitHub repeats at the
 * `since` boundary are absorbed by idempotent upserts.
 *
 * The first page's ETag is kept together with the `since` it answered, so a pass
 * over an unchanged repository costs one 304.
 */
export async function syncIssues(p: PassContext, watermark: string | null, etagRecord: string | null): Promise<StepResult> {
  const result: StepResult = { pages: 0, created: 0, updated: 0 };
  const previous = parseEtagRecord(etagRecord);
  const since = watermark ?? undefined;
  const headers = previous && previous.since === (since ?? null) ? { 'if-none-match': previous.etag } : {};
  let high = watermark;

  // Octokit merges `headers` into the request; its route types just do not list it.
  const params = { owner: p.owner, repo: p.name, state: 'all', sort: 'updated', direction: 'asc', per_page: 100, ...(since ? { since } : {}), headers } as const;
  const pages = p.octokit.paginate.iterator('GET /repos/{owner}/{repo}/issues', params);
  try {
    for await (const page of pages) {
      p.signal?.throwIfAborted();
      const issues = parseList(issueSchema, page.data, 'the issues list');
      const first = result.pages === 0;
      result.pages += 1;
      for (const i of issues) {
        const t = new Date(i.updated_at).toISOString().replace(/\.\d{3}Z$/, 'Z');
        if (high === null || t > high) high = t;
      }
      const now = nowIso();
      await p.db.transaction().execute(async (trx) => {
        const r = await ingestIssues(trx, p.ingest, issues, now);
        result.created += r.created;
        result.updated += r.updated;
        await updateSyncState(trx, p.repo.id, {
          issues_watermark: high,
          ...(first ? { issues_etag: JSON.stringify({ since: since ?? null, etag: storedEtag(page.headers as Record<string, string>) }) } : {}),
        });
        if (r.created + r.updated > 0) await refreshRepoCounts(trx, p.repo.id);
      });
    }
  } catch (err) {
    if (isNotModified(err) && result.pages === 0) return result;
    throw err;
  }
  return result;
}

function parseEtagRecord(value: string | null): { since: string | null; etag: string } | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as { since?: string | null; etag?: string | null };
    return v.etag ? { since: v.since ?? null, etag: v.etag } : null;
  } catch {
    return null;
  }
}


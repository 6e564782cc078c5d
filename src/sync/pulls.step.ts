import { nowIso } from '../core/time.ts';
import { parseList, pullSchema } from '../github/schemas.ts';
import { CommitBatch } from './commit-batch.ts';
import { ingestPulls } from './ingest.ts';
import { isNotModified, nextLink, storedEtag, type PassContext } from './pass-context.ts';
import type { StepResult } from './issues.step.ts';

interface Resume {
  next: string;
  high: string | null;
}

const toTime = (v: string) => new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The fields only `/pulls` has (base and head refs, draft, merged). `/pulls` has
 * no `since`, so it is walked newest change first and stops at the first pull
 * request older than the watermark. The walk's position (the next Link URL and
 * the high-water mark it will set) commits with the pages it follows, in
 * batches of about a thousand rows (CommitBatch), so an interrupted first walk
 * of a large repository resumes instead of starting over.
 */
export async function syncPulls(p: PassContext, watermark: string | null, etag: string | null, resumeJson: string | null): Promise<StepResult> {
  const result: StepResult = { pages: 0, created: 0, updated: 0 };
  const resume = parseResume(resumeJson);
  let high = resume?.high ?? null;

  const pages = (resume
    ? p.octokit.paginate.iterator(`GET ${resume.next}`)
    : p.octokit.paginate.iterator('GET /repos/{owner}/{repo}/pulls', pullsParams(p, etag)))[Symbol.asyncIterator]();
  const batch = new CommitBatch(p.db, p.repo.id, p.logger);
  try {
    await batch.run(() => walk());
  } catch (err) {
    if (isNotModified(err) && result.pages === 0) return result;
    throw err;
  }
  return result;

  async function walk(): Promise<void> {
    let step = pages.next();
    for (;;) {
      const { value: page, done } = await step;
      if (done) break;
      p.signal?.throwIfAborted();
      const pulls = parseList(pullSchema, page.data, 'the pull request list');
      const first = result.pages === 0 && !resume;
      result.pages += 1;
      if (first && pulls[0]) high = toTime(pulls[0].updated_at);
      const fresh = watermark ? pulls.filter((pr) => toTime(pr.updated_at) >= watermark) : pulls;
      const reachedWatermark = fresh.length < pulls.length;
      const next = reachedWatermark ? null : nextLink(page.headers.link);
      // The next page is asked for while this one commits (fetch and write overlap);
      // never past the watermark, so no request is sent that the walk would not send.
      if (next) {
        step = pages.next();
        step.catch(() => {});
      }
      await batch.add(
        fresh.length,
        async (trx, pending) => {
          const r = await ingestPulls(trx, p.ingest, fresh, nowIso(), pending);
          return () => {
            result.created += r.created;
            result.updated += r.updated;
          };
        },
        {
          ...(first ? { pulls_etag: storedEtag(page.headers as Record<string, string>) } : {}),
          ...(next ? { pulls_resume: JSON.stringify({ next, high } satisfies Resume) } : { pulls_resume: null, pulls_watermark: high ?? watermark }),
        },
      );
      if (!next) break;
    }
  }
}

function pullsParams(p: PassContext, etag: string | null) {
  // Octokit merges `headers` into the request; its route types just do not list it.
  const params = { owner: p.owner, repo: p.name, state: 'all', sort: 'updated', direction: 'desc', per_page: 100, headers: etag ? { 'if-none-match': etag } : {} } as const;
  return params;
}

function parseResume(value: string | null): Resume | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as Partial<Resume>;
    return typeof v.next === 'string' ? { next: v.next, high: v.high ?? null } : null;
  } catch {
    return null;
  }
}

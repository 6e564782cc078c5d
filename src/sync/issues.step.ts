import { toGithubTime, nowIso } from '../core/time.ts';
import { issueSchema, parseList } from '../github/schemas.ts';
import { CommitBatch } from './commit-batch.ts';
import { ingestIssues } from './ingest.ts';
import { isNotModified, nextLink, storedEtag, type PassContext } from './pass-context.ts';

export interface StepResult {
  pages: number;
  created: number;
  updated: number;
}

const PER_PAGE = 100;
// Walks of one same-second group repeated in one pass when items left it mid-walk.
const MAX_REWALKS = 2;

/**
 * The proof that a `since` answer has not changed: the ETag of every page of its
 * last complete walk, the last page not full. A new or edited item lands at the
 * end of an ascending walk, so it changes the last page (it has room); a removed
 * one shifts the pages it leaves. Every page answering 304 therefore proves
 * nothing changed. A full last page proves nothing (an item added after it
 * changes only the Link header, which the ETag does not cover).
 */
interface Proof {
  v: 2;
  since: string | null;
  /** url null: the `since` request itself; then the Link URLs the walk followed. */
  pages: { url: string | null; etag: string }[];
}

type Page = { data: unknown; headers: Record<string, string | number | undefined> };

/**
 * Issues and pull requests changed since the watermark, oldest change first.
 * Every page is a fresh `since=<last committed updated_at>` request rather than
 * the previous answer's next link: an item edited during the walk moves to the
 * end, and with page-number links (GitHub Enterprise Server) every item after it
 * would move up one place and one would be skipped below the watermark. A new
 * `since` cannot skip anything: every item updated before the newest one of the
 * previous page was on it.
 *
 * When a whole page shares the `since` second (100 or more items touched in one
 * second: a bulk relabel), `since` cannot move, so the walk follows next links
 * through that second. With page-number links the watermark is then held at that
 * second until the walk is proven whole: if an item seen in the group shows up
 * again later (it was edited mid-walk, shifting the pages), the group is walked
 * again.
 *
 * Pages commit in batches of about a thousand rows (CommitBatch), each with the
 * watermark its last page reached, in one transaction: an interruption resumes
 * from the last committed batch, and a failed request commits the pages fetched
 * before it first. The next page is already on its way while one commits. The repository's counts are
 * refreshed once, when the pass's outcome is recorded (five counts over the
 * repository's rows per page would cost more than the page).
 */
export async function syncIssues(p: PassContext, watermark: string | null, etagRecord: string | null): Promise<StepResult> {
  const batch = new CommitBatch(p.db, p.repo.id, p.logger);
  return batch.run(() => walkIssues(p, batch, watermark, etagRecord));
}

async function walkIssues(p: PassContext, batch: CommitBatch, watermark: string | null, etagRecord: string | null): Promise<StepResult> {
  const result: StepResult = { pages: 0, created: 0, updated: 0 };
  const proof = parseProof(etagRecord);
  let since = watermark;
  let high = watermark;
  // The second a page-number group walk started at, while it is not proven whole.
  let holdAt: string | null = null;
  let group = new Set<number>();
  let departed = false;
  let rewalks = 0;
  // ETags of the pages of the current `since` walk (null: one had none).
  let chain: Proof['pages'] | null = [];
  // Position in the stored proof while its pages answer 304; -1 once one does not.
  let proofAt = proof && proof.since === since ? 0 : -1;
  let url: string | null = null;
  // The next page's request, sent while the current page commits.
  let prefetched: Promise<Page | null> | null = null;

  for (;;) {
    p.signal?.throwIfAborted();
    const conditional = proofAt >= 0 ? proof!.pages[proofAt]!.etag : null;
    const page = await (prefetched ?? fetchPage(p, since, url, conditional));
    prefetched = null;
    if (page === null) {
      const next = proof!.pages[proofAt + 1];
      if (!next) return result; // every page unchanged: nothing to do
      proofAt += 1;
      url = next.url;
      continue;
    }
    if (proofAt > 0) {
      // A later page changed after earlier ones answered 304: their items were not
      // read, so a shift could not be seen. Walk this `since` again from its start.
      proofAt = -1;
      url = null;
      continue;
    }
    proofAt = -1;

    const issues = parseList(issueSchema, page.data, 'the issues list');
    result.pages += 1;
    let pageMax: string | null = null;
    for (const i of issues) {
      const t = toGithubTime(Date.parse(i.updated_at));
      if (pageMax === null || t > pageMax) pageMax = t;
      if (holdAt !== null) {
        if (t === holdAt) group.add(i.number);
        else if (group.has(i.number)) departed = true;
      }
    }
    if (pageMax !== null && (high === null || pageMax > high)) high = pageMax;
    const next = nextLink(page.headers.link as string | undefined);
    const etag = storedEtag(page.headers);
    // A page without an ETag breaks the proof of its whole walk.
    chain = etag && chain ? [...chain, { url, etag }] : null;
    const last = next === null || issues.length === 0;
    const stuck = !last && (pageMax === null || (since !== null && pageMax <= since));
    if (stuck && holdAt === null && isOffsetLink(next!)) {
      holdAt = since;
      for (const i of issues) group.add(i.number);
    }
    const rewalk = last && holdAt !== null && departed && rewalks < MAX_REWALKS;
    // The watermark may not pass an unproven group; the proof stands only for a
    // complete walk of the `since` the next pass will ask for.
    const committed = holdAt !== null && (departed || !last) ? holdAt : high;
    const record: string | null =
      last && !(holdAt !== null && departed) && chain !== null && issues.length < PER_PAGE && committed === since
        ? JSON.stringify({ v: 2, since, pages: chain } satisfies Proof)
        : null;

    // Where the walk goes next depends only on this page's answer, not on its rows
    // being stored, so the next request is sent before this page commits: the fetch
    // and the write overlap. It is the request the next turn would send anyway, so
    // no quota is spent that the walk would not spend (but when the commit fails).
    let done = false;
    if (rewalk) {
      rewalks += 1;
      since = holdAt;
      group = new Set();
      departed = false;
      holdAt = null;
      chain = [];
      url = null;
    } else if (last) {
      done = true;
    } else if (stuck) {
      url = next;
    } else {
      since = high;
      chain = [];
      url = null;
    }
    if (!done) {
      prefetched = fetchPage(p, since, url, null);
      // Awaited on the next turn; a failure while this page commits must not go unhandled.
      prefetched.catch(() => {});
    }

    await batch.add(
      issues.length,
      async (trx, pending) => {
        const r = await ingestIssues(trx, p.ingest, issues, nowIso(), pending);
        return () => {
          result.created += r.created;
          result.updated += r.updated;
        };
      },
      { issues_watermark: committed, ...(last ? { issues_etag: record } : {}) },
    );
    if (done) return result;
  }
}

async function fetchPage(p: PassContext, since: string | null, url: string | null, etag: string | null): Promise<Page | null> {
  const headers = etag ? { 'if-none-match': etag } : {};
  try {
    if (url) return (await p.octokit.request(`GET ${url}`, { headers })) as Page;
    // Octokit merges `headers` into the request; its route types just do not list it.
    const params = { owner: p.owner, repo: p.name, state: 'all', sort: 'updated', direction: 'asc', per_page: PER_PAGE, ...(since ? { since } : {}), headers } as const;
    return (await p.octokit.request('GET /repos/{owner}/{repo}/issues', params)) as Page;
  } catch (err) {
    if (etag && isNotModified(err)) return null;
    throw err;
  }
}

/** A next link by page number (GitHub Enterprise Server), not by cursor. */
function isOffsetLink(link: string): boolean {
  const q = new URL(link, 'http://x').searchParams;
  return q.has('page') && !q.has('after');
}

function parseProof(value: string | null): Proof | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as Partial<Proof>;
    return v.v === 2 && Array.isArray(v.pages) && v.pages.length > 0 ? { v: 2, since: v.since ?? null, pages: v.pages } : null;
  } catch {
    return null;
  }
}

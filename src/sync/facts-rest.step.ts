import { writeTransaction } from '../db/transaction.ts';
import { toGithubTime, nowIso } from '../core/time.ts';
import { issuesDueForFacts, knownAssociations, pullsDueForFacts, writeIssueFacts, writePullFacts } from '../db/facts.write.ts';
import { carriedLabels, labelActors } from './graphql.step.ts';
import type { PassContext } from './pass-context.ts';

interface RestUser {
  login?: string;
  id?: number | string;
}
interface RestEvent {
  event?: string;
  actor?: RestUser | null;
  created_at?: string;
  label?: { name?: string };
}
interface RestReview {
  id: number | string;
  user?: RestUser | null;
  author_association?: string;
  state: string;
  submitted_at?: string | null;
}

const idOf = (u: RestUser | null | undefined): string | null => (u?.id == null ? null : String(u.id));
const timeOf = (v: string | null | undefined): string | null => (v ? toGithubTime(Date.parse(v)) : null);

export interface RestFactsResult {
  pulls: number;
  issues: number;
}

/**
 * The scoring facts where GitHub does not serve GraphQL: per pull request
 * `GET /pulls/{n}` (merged-by, size), `/pulls/{n}/reviews` and
 * `/issues/{n}/timeline` (labeled events with their actors), every page; per
 * closed issue its timeline's latest `closed` event. REST does not tell when a
 * description was last edited, nor which pull request closed an issue: those
 * stay null (docs/sync.md). Bounded per pass, each item committed on its own.
 */
export async function syncRestFacts(p: PassContext, maxItems: number): Promise<RestFactsResult> {
  const result: RestFactsResult = { pulls: 0, issues: 0 };
  const repo = { owner: p.owner, repo: p.name, per_page: 100 } as const;
  const pulls = await pullsDueForFacts(p.db, p.repo.id, maxItems, { linksDue: false });
  const associations = pulls.length ? await knownAssociations(p.db, p.repo.id, p.repo.name_key) : new Map<string, string>();
  for (const b of pulls) {
    p.signal?.throwIfAborted();
    const pull = (await p.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: b.number })).data as { user?: RestUser | null; merged_at?: string | null; merged_by?: RestUser | null; additions?: number; deletions?: number; changed_files?: number };
    const reviews = (await p.octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { ...repo, pull_number: b.number })) as RestReview[];
    const events = (await p.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/timeline', { ...repo, issue_number: b.number })) as RestEvent[];
    const labeled = events
      .filter((e) => e.event === 'labeled' && e.label?.name && e.created_at)
      .map((e) => ({ at: timeOf(e.created_at)!, label: e.label!.name!, actor: e.actor?.login ?? null, actorId: idOf(e.actor) }));
    const now = nowIso();
    await writeTransaction(p.db, (trx) =>
      writePullFacts(
        trx,
        {
          itemId: b.id,
          itemUpdatedAt: b.updated_at,
          source: 'rest',
          authorId: idOf(pull.user),
          mergedBy: pull.merged_by?.login ?? null,
          mergedById: idOf(pull.merged_by),
          additions: pull.additions ?? null,
          deletions: pull.deletions ?? null,
          changedFiles: pull.changed_files ?? null,
          lastEditedAt: null,
          editedAfterMerge: false,
          reviews: reviews.map((r) => ({ review_id: String(r.id), author: r.user?.login ?? null, author_id: idOf(r.user), author_association: r.author_association ?? null, state: r.state, submitted_at: timeOf(r.submitted_at) })),
          labels: labelActors(carriedLabels(b.labels), labeled, associations),
        },
        now,
      ),
    );
    result.pulls += 1;
  }

  const issues = await issuesDueForFacts(p.db, p.repo.id, Math.max(0, maxItems - pulls.length));
  for (const b of issues) {
    p.signal?.throwIfAborted();
    let events: RestEvent[] = [];
    try {
      events = (await p.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/timeline', { ...repo, issue_number: b.number })) as RestEvent[];
    } catch (err) {
      // Deleted or transferred since the walk: empty facts, reconciliation marks it gone.
      const status = (err as { status?: number }).status;
      if (status !== 404 && status !== 410 && status !== 301) throw err;
    }
    const closed = events.filter((e) => e.event === 'closed').pop();
    const now = nowIso();
    await writeTransaction(p.db, (trx) =>
      writeIssueFacts(trx, { itemId: b.id, itemUpdatedAt: b.updated_at, source: 'rest', authorId: null, closedBy: closed?.actor?.login ?? null, closedById: idOf(closed?.actor), closerRepo: null, closerNumber: null, lastEditedAt: null }, now),
    );
    result.issues += 1;
  }
  return result;
}

import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { CommitBatch } from './commit-batch.ts';
import { prefetchEach } from './prefetch.ts';
import { toGithubTime, nowIso } from '../core/time.ts';
import { pullStatus } from '../core/states.ts';
import { storedItems, updatePulls, type ChangeKind, type ItemWrite } from '../db/items.write.ts';
import { applyLinkUpdate, clearGraphqlDue } from '../db/links.write.ts';
import { issuesDueForFacts, knownAssociations, pullsDueForFacts, writeIssueFactsMany, writePullFactsMany, type DueItem } from '../db/facts.write.ts';
import { fetchIssueAnswers, fetchPullAnswers, GraphqlUnavailableError, type GqlActor, type PullAnswer } from '../github/closing-refs.graphql.ts';
import { pullChange } from './ingest.ts';
import type { PassContext } from './pass-context.ts';

// Pull requests per query: 50 × (10 references + 100 reviews + 100 label events) first-page nodes.
export const PULLS_PER_QUERY = 50;
// Closed issues per query: one closing event each.
export const ISSUES_PER_QUERY = 100;
// Queries on their way while a batch is stored: with one, the answering side idles while the
// hub parses and holds an answer (measured: 1,900 items/s; two ahead 2,260, three 2,360 on
// 20 × 1,000). Two per repository keeps a pass of HUB_SYNC_CONCURRENCY repositories at twice
// that many queries in flight, far below GitHub's 100 concurrent requests.
export const GRAPHQL_AHEAD = 2;

export interface GraphqlStepResult {
  checked: number;
  changed: number;
  /** Closed issues whose facts were stored. */
  issues: number;
  unavailable: boolean;
  error: string | null;
}

const idOf = (a: GqlActor | null | undefined): string | null => (a?.databaseId == null ? null : String(a.databaseId));
const timeOf = (v: string | null | undefined): string | null => (v ? toGithubTime(Date.parse(v)) : null);

/** The names of the labels an item carries, by lower-case key (items.labels JSON). */
export function carriedLabels(labelsJson: string): Map<string, string> {
  const out = new Map<string, string>();
  try {
    for (const l of JSON.parse(labelsJson) as { name?: unknown }[]) if (typeof l.name === 'string') out.set(l.name.toLowerCase(), l.name);
  } catch {
    // An unreadable label list carries nothing.
  }
  return out;
}

/**
 * A pull request's label actors: the latest `labeled` event of each label it
 * carries now. GitHub's events carry no association; it comes from what the
 * mirror knows of the actor in this repository (its maintainers, else the
 * association the actor holds on the repository's items), else null.
 */
export function labelActors(carried: Map<string, string>, events: readonly { at: string; label: string; actor: string | null; actorId: string | null }[], associations: ReadonlyMap<string, string>) {
  const latest = new Map<string, (typeof events)[number]>();
  for (const e of events) {
    const key = e.label.toLowerCase();
    if (!carried.has(key)) continue;
    const had = latest.get(key);
    if (!had || had.at <= e.at) latest.set(key, e);
  }
  return [...latest.entries()].map(([key, e]) => ({
    label_key: key,
    label: carried.get(key)!,
    actor: e.actor,
    actor_id: e.actorId,
    actor_association: e.actor ? (associations.get(e.actor.toLowerCase()) ?? null) : null,
    at: e.at,
  }));
}

const UNKNOWN_PULL: PullAnswer = { fields: null, refs: [], author: null, mergedAt: null, mergedBy: null, lastEditedAt: null, additions: null, deletions: null, changedFiles: null, reviews: [], labeled: [] };

function pullFactsOf(b: DueItem, a: PullAnswer, associations: ReadonlyMap<string, string>) {
  const mergedAt = timeOf(a.mergedAt) ?? b.merged_at;
  const lastEditedAt = timeOf(a.lastEditedAt);
  return {
    itemId: b.id,
    itemUpdatedAt: b.updated_at,
    source: 'graphql' as const,
    authorId: idOf(a.author),
    mergedBy: a.mergedBy?.login ?? null,
    mergedById: idOf(a.mergedBy),
    additions: a.additions,
    deletions: a.deletions,
    changedFiles: a.changedFiles,
    lastEditedAt,
    editedAfterMerge: mergedAt !== null && lastEditedAt !== null && lastEditedAt > mergedAt,
    reviews: a.reviews.map((r, k) => ({
      review_id: r.fullDatabaseId === null ? `${b.id}:${k}` : String(r.fullDatabaseId),
      author: r.author?.login ?? null,
      author_id: idOf(r.author),
      author_association: r.authorAssociation,
      state: r.state,
      submitted_at: timeOf(r.submittedAt),
    })),
    labels: labelActors(
      carriedLabels(b.labels),
      a.labeled.filter((e) => e.label).map((e) => ({ at: timeOf(e.createdAt)!, label: e.label!.name, actor: e.actor?.login ?? null, actorId: idOf(e.actor) })),
      associations,
    ),
  };
}

/**
 * The own fields of the batch's pull requests whose fields are older than the
 * item (`/issues` stored it or saw it change, and `/pulls` was not walked for
 * it): what `ingestPulls` takes from a `/pulls` page, from the same answer that
 * brings the links and facts. A pull request GitHub does not know keeps its
 * fields and is marked fetched, so it is not asked again until it changes.
 */
async function applyPullFields(trx: Transaction<DB>, p: PassContext, batch: readonly DueItem[], answers: ReadonlyMap<number, PullAnswer | null>, now: string) {
  const stored = await storedItems(trx, p.repo.id, batch.map((b) => b.number));
  const updates: { id: number; number: number; kind: ChangeKind | null; set: Partial<ItemWrite> }[] = [];
  const statusMoved: number[] = [];
  let written = 0;
  for (const b of batch) {
    const old = stored.get(b.number);
    if (!old || (old.pull_fetched_at !== null && old.pull_fetched_at >= old.updated_at)) continue;
    const a = answers.get(b.number);
    const f = a?.fields;
    if (!a || !f) {
      updates.push({ id: old.id, number: old.number, kind: null, set: { pull_fetched_at: old.updated_at } });
      continue;
    }
    const merged = f.merged;
    const set: Partial<ItemWrite> = {
      draft: f.isDraft ? 1 : 0,
      merged: merged ? 1 : 0,
      merged_at: merged ? (timeOf(a.mergedAt) ?? b.merged_at) : null,
      base_ref: f.baseRefName,
      head_ref: f.headRefName,
      head_repo: f.headRepository?.nameWithOwner ?? null,
      head_sha: f.headRefOid,
      base_sha: f.baseRefOid,
      pull_fetched_at: old.updated_at,
      status: pullStatus(f.state === 'OPEN' ? 'open' : 'closed', merged, f.isDraft),
    };
    updates.push({ id: old.id, number: old.number, kind: pullChange(old, set), set });
    if (old.status !== set.status) statusMoved.push(old.id);
    written += 1;
  }
  await updatePulls(trx, p.repo.id, updates, now);
  return { written, statusMoved };
}

/**
 * GitHub's own answers for pull requests that changed, in one GraphQL round
 * trip per batch: the closing references (`closingIssuesReferences`, which bring
 * sidebar links the text cannot show and overrule the text) and the scoring
 * facts (reviews, label actors, merged-by, last edit, size). Then the facts of
 * closed issues that changed (closer, closing actor, last edit). Open pull
 * requests go first. The answers commit in transactions of about a thousand
 * pull requests or issues (CommitBatch), each with the progress that records
 * them (the due marker cleared, the item's updated_at stored with its facts),
 * so a crash loses at most the held batches and never repeats a committed one;
 * a failed request first commits the batches held before it. The next
 * GRAPHQL_AHEAD batches are asked for while one is held. When GraphQL is not served the step reports it (the REST step takes
 * over); when GitHub's answer fails, the due markers stay for the next pass. When storing an answer
 * fails, the failure is the pass's: it is not recorded as a success.
 */
export async function syncGraphqlLinks(p: PassContext, maxPulls: number): Promise<GraphqlStepResult> {
  const result: GraphqlStepResult = { checked: 0, changed: 0, issues: 0, unavailable: false, error: null };
  const due = await pullsDueForFacts(p.db, p.repo.id, maxPulls);
  const points = (n: number) => p.meter.addPoints('graphql', n);
  // What GitHub's side failed with (a request, its answer): only that leaves the text links
  // standing. A failure to store an answer is the store's and fails the pass, which then runs
  // again, instead of recording a success over links that are not GitHub's.
  const answerErrors = new Set<unknown>();
  const asked = <A>(answer: Promise<A>): Promise<A> =>
    answer.catch((err: unknown) => {
      answerErrors.add(err);
      throw err;
    });
  const associations = due.length ? await knownAssociations(p.db, p.repo.id, p.repo.name_key) : new Map<string, string>();

  // The answers of about twenty batches of pull requests (or ten of issues) commit together; a batch
  // stores no sync bookkeeping of its own, its progress (due markers cleared, facts at the item's
  // updated_at) is in its rows, so the held batches' state is empty.
  const commits = new CommitBatch(p.db, p.repo.id, p.logger);
  try {
    await commits.run(async () => {
      for await (const [batch, answers] of prefetchEach(due, PULLS_PER_QUERY, (b) => asked(fetchPullAnswers(p.octokit, p.owner, p.name, b.map((x) => x.number), points)), GRAPHQL_AHEAD)) {
        p.signal?.throwIfAborted();
        const now = nowIso();
        await commits.add(
          batch.length,
          async (trx, pending) => {
            // The pull requests' own fields first (where `/pulls` has not brought them for
            // the item's updated_at): the link answer below then stands on the right base.
            const fields = await applyPullFields(trx, p, batch, answers, now);
            const known = batch.filter((b) => answers.get(b.number));
            const sets = known.map((b) => ({ pullId: b.id, refs: answers.get(b.number)!.refs, source: 'graphql' as const }));
            const changed = await applyLinkUpdate(
              trx,
              { repoKey: p.repo.name_key, sets, statusMoved: fields.statusMoved, pullIds: batch.map((b) => b.id), dataChanged: fields.written > 0, trackedNames: p.ingest.trackedNames, now },
              pending,
            );
            // A pull request GitHub does not know gets empty facts, so it is not asked again until it changes.
            await writePullFactsMany(trx, batch.map((b) => pullFactsOf(b, answers.get(b.number) ?? UNKNOWN_PULL, associations)), now);
            // A pull request GitHub does not know (deleted) has nothing to overrule the text with.
            await clearGraphqlDue(trx, batch.map((b) => b.id));
            return () => {
              result.changed += changed;
              result.checked += batch.length;
            };
          },
          {},
        );
      }
      // The pull requests' answers commit before the issues are chosen, as when each batch committed alone.
      await commits.flush();

      const issues = await issuesDueForFacts(p.db, p.repo.id, maxPulls);
      for await (const [batch, answers] of prefetchEach(issues, ISSUES_PER_QUERY, (b) => asked(fetchIssueAnswers(p.octokit, p.owner, p.name, b.map((x) => x.number), points)), GRAPHQL_AHEAD)) {
        p.signal?.throwIfAborted();
        const now = nowIso();
        const facts = batch.map((b) => {
          // An issue GitHub no longer has here (deleted, transferred) gets empty facts, so it is
          // not asked again until it changes; reconciliation marks it gone.
          const a = answers.get(b.number) ?? { author: null, stateReason: null, lastEditedAt: null, closedBy: null, closer: null };
          return { itemId: b.id, itemUpdatedAt: b.updated_at, source: 'graphql' as const, authorId: idOf(a.author), closedBy: a.closedBy?.login ?? null, closedById: idOf(a.closedBy), closerRepo: a.closer?.repo ?? null, closerNumber: a.closer?.number ?? null, lastEditedAt: timeOf(a.lastEditedAt) };
        });
        await commits.add(
          facts.length,
          async (trx) => {
            await writeIssueFactsMany(trx, facts, now);
            return () => {
              result.issues += facts.length;
            };
          },
          {},
        );
      }
    });
  } catch (err) {
    if (err instanceof GraphqlUnavailableError) {
      result.unavailable = true;
      return result;
    }
    if (p.signal?.aborted || !answerErrors.has(err)) throw err;
    result.error = (err as Error).message;
    p.logger.warn({ repo: p.repo.full_name, err }, 'GitHub link and facts answer failed; text links stand and the facts wait for the next pass');
  }
  return result;
}

import { nowIso } from '../core/time.ts';
import { applyLinkUpdate, clearGraphqlDue, pullsDueForGraphql } from '../db/links.write.ts';
import { fetchClosingRefs, GraphqlUnavailableError } from '../github/closing-refs.graphql.ts';
import type { PassContext } from './pass-context.ts';

// Pull requests per query: 50 × 10 first-page nodes keeps each query small.
const BATCH = 50;

export interface GraphqlStepResult {
  checked: number;
  changed: number;
  unavailable: boolean;
  error: string | null;
}

/**
 * Applies GitHub's own answer (`closingIssuesReferences`) to pull requests that
 * changed: it brings sidebar links the text cannot show and overrules the text.
 * Open pull requests go first. When GraphQL is not served or fails, the text
 * links stand and the sync goes on; the due marker stays for the next pass.
 */
export async function syncGraphqlLinks(p: PassContext, maxPulls: number): Promise<GraphqlStepResult> {
  const result: GraphqlStepResult = { checked: 0, changed: 0, unavailable: false, error: null };
  const due = await pullsDueForGraphql(p.db, p.repo.id, maxPulls);

  for (let i = 0; i < due.length; i += BATCH) {
    p.signal?.throwIfAborted();
    const batch = due.slice(i, i + BATCH);
    let answers;
    try {
      answers = await fetchClosingRefs(p.octokit, p.owner, p.name, batch.map((b) => b.number));
    } catch (err) {
      if (err instanceof GraphqlUnavailableError) {
        result.unavailable = true;
        return result;
      }
      result.error = (err as Error).message;
      p.logger.warn({ repo: p.repo.full_name, err }, 'GitHub link answer failed; text links stand');
      return result;
    }
    const now = nowIso();
    await p.db.transaction().execute(async (trx) => {
      const known = batch.filter((b) => answers.get(b.number));
      const sets = known.map((b) => ({ pullId: b.id, refs: answers.get(b.number)!, source: 'graphql' as const }));
      result.changed += await applyLinkUpdate(trx, { repoKey: p.repo.name_key, sets, pullIds: batch.map((b) => b.id), dataChanged: false, trackedNames: p.ingest.trackedNames, now });
      // A pull request GitHub does not know (deleted) has nothing to overrule the text with.
      await clearGraphqlDue(trx, batch.map((b) => b.id));
      result.checked += batch.length;
    });
  }
  return result;
}

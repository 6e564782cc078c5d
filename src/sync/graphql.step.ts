import { sql } from 'kysely';
import { nowIso } from '../core/time.ts';
import { bumpVersions, refreshLinkCounts, replaceLinks } from '../db/links.write.ts';
import { fetchClosingRefs, GraphqlUnavailableError } from '../github/closing-refs.graphql.ts';
import type { PassContext } from './pass-context.ts';

const BATCH = 20;

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
  const due = await p.db
    .selectFrom('items')
    .select(['id', 'number'])
    .where('repo_id', '=', p.repo.id)
    .where('graphql_due', '=', 1)
    .orderBy(sql`CASE WHEN status IN ('open', 'draft') THEN 0 ELSE 1 END`)
    .orderBy('updated_at', 'desc')
    .limit(maxPulls)
    .execute();

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
      const targets = [];
      for (const { id, number } of batch) {
        const refs = answers.get(number);
        if (refs) {
          const moved = await replaceLinks(trx, id, refs, 'graphql', p.ingest.trackedNames, now);
          if (moved.length) result.changed += 1;
          targets.push(...moved);
          await trx.updateTable('items').set({ links_source: 'graphql', graphql_due: 0 }).where('id', '=', id).execute();
        } else {
          // GitHub does not know it (deleted): nothing to overrule the text with.
          await trx.updateTable('items').set({ graphql_due: 0 }).where('id', '=', id).execute();
        }
        result.checked += 1;
      }
      await refreshLinkCounts(trx, targets, batch.map((b) => b.id));
      if (targets.length) await bumpVersions(trx, [p.repo.name_key, ...targets.map((t) => t.repoKey)]);
    });
  }
  return result;
}

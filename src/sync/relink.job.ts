import { writeTransaction } from '../db/transaction.ts';
import type { Kysely } from 'kysely';
import { GRAMMAR_VERSION } from '../core/closing-refs.ts';
import { nowIso } from '../core/time.ts';
import { refreshRepoCounts } from '../db/items.write.ts';
import { applyLinkUpdate, pullsForRelink } from '../db/links.write.ts';
import { getRepo, listRepos } from '../db/repos.queries.ts';
import { relinkState, reposWithGrammarBefore, updateSyncState } from '../db/sync-state.write.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { textLinksFor, type RepoContext } from './ingest.ts';

export interface RelinkDeps {
  db: Kysely<DB>;
  logger: Logger;
  signal?: AbortSignal;
  batchSize?: number;
  /** The GitHub web URL (`config.githubWebUrl`); without it, each pull request's own page host still counts. */
  webUrl?: string;
}

export interface RelinkOutcome {
  repo: string;
  processed: number;
  changed: number;
  done: boolean;
}

/**
 * Re-derives one repository's text links with the current grammar (after a
 * parser change, or a new default branch). Batches are key ranges over the
 * repository's pull requests (an index seek each, so the job is linear in the
 * repository's size), and each batch commits its links together with the
 * cursor: readers keep seeing the old links of a pull request until its new set
 * commits, and a restart resumes at the cursor. Pull requests whose links are
 * GitHub's own answer keep them: the grammar does not change GitHub's mind.
 */
export async function relinkRepository(deps: RelinkDeps, repoKey: string): Promise<RelinkOutcome> {
  const { db } = deps;
  const batchSize = deps.batchSize ?? 500;
  const repo = await getRepo(db, repoKey);
  if (!repo) return { repo: repoKey, processed: 0, changed: 0, done: true };
  const out: RelinkOutcome = { repo: repo.full_name, processed: 0, changed: 0, done: false };
  const state = await relinkState(db, repo.id);
  if (state.relink_grammar === GRAMMAR_VERSION) return { ...out, done: true };

  const tracked = await listRepos(db);
  const ctx: RepoContext = { id: repo.id, fullName: repo.full_name, key: repo.name_key, defaultBranch: repo.default_branch, trackedNames: new Map(tracked.map((r) => [r.name_key, r.full_name])), webUrl: deps.webUrl };
  let cursor = state.relink_cursor ?? 0;

  for (;;) {
    deps.signal?.throwIfAborted();
    const rows = await pullsForRelink(db, repo.id, cursor, batchSize);
    const now = nowIso();
    if (rows.length === 0) {
      await writeTransaction(db, async (trx) => {
        await updateSyncState(trx, repo.id, { relink_grammar: GRAMMAR_VERSION, relink_cursor: null, relink_done_at: now });
        await refreshRepoCounts(trx, repo.id);
      });
      out.done = true;
      return out;
    }
    // Run again whole if PostgreSQL breaks a deadlock with a sync's commit (writeTransaction).
    const next = rows[rows.length - 1]!.id;
    out.changed += await writeTransaction(db, async (trx) => {
      const text = rows.filter((r) => r.links_source !== 'graphql');
      const sets = text.map((r) => ({ pullId: r.id, refs: textLinksFor(ctx, r), source: 'text' as const }));
      const changed = await applyLinkUpdate(trx, { repoKey: repo.name_key, sets, pullIds: text.map((r) => r.id), dataChanged: false, trackedNames: ctx.trackedNames, now });
      await updateSyncState(trx, repo.id, { relink_cursor: next });
      return changed;
    });
    cursor = next;
    out.processed += rows.length;
    // Let shutdown signals and lease heartbeats in.
    await new Promise((r) => setImmediate(r));
  }
}

/** Repositories whose stored links predate the current grammar. */
export async function reposNeedingRelink(db: Kysely<DB>): Promise<string[]> {
  return reposWithGrammarBefore(db, GRAMMAR_VERSION);
}

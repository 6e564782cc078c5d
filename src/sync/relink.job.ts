import type { Kysely } from 'kysely';
import { GRAMMAR_VERSION } from '../core/closing-refs.ts';
import { nowIso } from '../core/time.ts';
import { refreshRepoCounts, textLinksFor, type RepoContext } from '../db/items.write.ts';
import { bumpVersions, refreshLinkCounts, replaceLinksMany } from '../db/links.write.ts';
import { getRepo, listRepos } from '../db/repos.queries.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

export interface RelinkDeps {
  db: Kysely<DB>;
  logger: Logger;
  signal?: AbortSignal;
  batchSize?: number;
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
  const state = await db.selectFrom('sync_state').select(['relink_grammar', 'relink_cursor']).where('repo_id', '=', repo.id).executeTakeFirstOrThrow();
  if (state.relink_grammar === GRAMMAR_VERSION) return { ...out, done: true };

  const tracked = await listRepos(db);
  const ctx: RepoContext = { id: repo.id, fullName: repo.full_name, key: repo.name_key, defaultBranch: repo.default_branch, trackedNames: new Map(tracked.map((r) => [r.name_key, r.full_name])) };
  let cursor = state.relink_cursor ?? 0;

  for (;;) {
    deps.signal?.throwIfAborted();
    const rows = await db
      .selectFrom('items')
      .select(['id', 'body', 'base_ref', 'links_source'])
      .where('repo_id', '=', repo.id)
      .where('is_pull', '=', 1)
      .where('id', '>', cursor)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    const now = nowIso();
    if (rows.length === 0) {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('sync_state').set({ relink_grammar: GRAMMAR_VERSION, relink_cursor: null, relink_done_at: now }).where('repo_id', '=', repo.id).execute();
        await refreshRepoCounts(trx, repo.id);
      });
      out.done = true;
      return out;
    }
    await db.transaction().execute(async (trx) => {
      const text = rows.filter((r) => r.links_source !== 'graphql');
      const targets = await replaceLinksMany(trx, text.map((r) => ({ pullId: r.id, refs: textLinksFor(ctx, r), source: 'text' as const })), ctx.trackedNames, now);
      out.changed += targets.length;
      const textIds = text.map((r) => r.id);
      if (textIds.length) await trx.updateTable('items').set({ links_grammar: GRAMMAR_VERSION, links_source: 'text' }).where('id', 'in', textIds).execute();
      await refreshLinkCounts(trx, targets, textIds);
      if (targets.length) await bumpVersions(trx, [repo.name_key, ...targets.map((t) => t.repoKey)]);
      cursor = rows[rows.length - 1]!.id;
      await trx.updateTable('sync_state').set({ relink_cursor: cursor }).where('repo_id', '=', repo.id).execute();
    });
    out.processed += rows.length;
    // Let shutdown signals and lease heartbeats in.
    await new Promise((r) => setImmediate(r));
  }
}

/** Repositories whose stored links predate the current grammar. */
export async function reposNeedingRelink(db: Kysely<DB>): Promise<string[]> {
  const rows = await db
    .selectFrom('sync_state')
    .innerJoin('repos', 'repos.id', 'sync_state.repo_id')
    .select('repos.name_key')
    .where((eb) => eb.or([eb('sync_state.relink_grammar', 'is', null), eb('sync_state.relink_grammar', '!=', GRAMMAR_VERSION)]))
    .execute();
  return rows.map((r) => r.name_key);
}

import type { Kysely } from 'kysely';
import { parseMasterList } from '../core/master-list.ts';
import { nowIso } from '../core/time.ts';
import { refreshRepoCounts } from '../db/items.write.ts';
import { listRepos, saveMasterList } from '../db/repos.queries.ts';
import { forgetChanges, updateRepoMeta, updateSyncState } from '../db/sync-state.write.ts';
import type { DB } from '../db/schema.ts';
import { issueSchema, pullSchema } from '../github/schemas.ts';
import { ingestIssues, ingestPulls, type RepoContext } from '../sync/ingest.ts';
import type { Dataset } from './dataset.ts';
import { masterList } from './master-list.ts';

export interface LoadReport {
  repos: number;
  items: number;
  ms: number;
}

/**
 * Writes a generated data set straight into a store, without HTTP, for
 * benchmarks that need a million items quickly. It goes through the same write
 * path as sync (so links and counts are derived exactly as in production), in
 * large transactions, and leaves the repositories looking freshly synced.
 */
export async function loadDataset(db: Kysely<DB>, dataset: Dataset, options: { onProgress?: (items: number) => void; batch?: number } = {}): Promise<LoadReport> {
  const started = performance.now();
  const batch = options.batch ?? 2000;
  const list = JSON.stringify(masterList(dataset.world, 'current', { caseNoise: false }));
  const parsed = parseMasterList(list);
  if (!parsed.ok) throw new Error(`generated master list is invalid: ${parsed.problems.join('; ')}`);
  await saveMasterList(db, { body: list, source: 'simulator', repos: parsed.repos });
  const tracked = await listRepos(db);
  const names = new Map(tracked.map((r) => [r.name_key, r.full_name]));
  let items = 0;

  for (const summary of dataset.repos()) {
    const row = tracked.find((r) => r.name_key === summary.fullName.toLowerCase());
    if (!row) continue;
    await updateRepoMeta(db, row.id, { default_branch: summary.defaultBranch, github_id: summary.id });
    const ctx: RepoContext = { id: row.id, fullName: row.full_name, key: row.name_key, defaultBranch: summary.defaultBranch, trackedNames: names };
    let watermark = '';
    const flush = async (issues: unknown[], pulls: unknown[]) => {
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < issues.length; i += 100) await ingestIssues(trx, ctx, issues.slice(i, i + 100).map((x) => issueSchema.parse(x)), now);
        for (let i = 0; i < pulls.length; i += 100) await ingestPulls(trx, ctx, pulls.slice(i, i + 100).map((x) => pullSchema.parse(x)), now);
      });
    };
    let buffer: unknown[] = [];
    for (const issue of dataset.items(summary.fullName)) {
      buffer.push(issue);
      if (issue.updated_at > watermark) watermark = issue.updated_at;
      if (buffer.length >= batch) {
        await flush(buffer, []);
        items += buffer.length;
        options.onProgress?.(items);
        buffer = [];
      }
    }
    await flush(buffer, []);
    items += buffer.length;
    buffer = [];
    for (const pull of dataset.pulls(summary.fullName)) {
      buffer.push(pull);
      if (buffer.length >= batch) {
        await flush([], buffer);
        buffer = [];
      }
    }
    await flush([], buffer);
    const now = nowIso();
    await db.transaction().execute(async (trx) => {
      await updateSyncState(trx, row.id, { issues_watermark: watermark || null, pulls_watermark: watermark || null, last_success_at: now, last_attempt_at: now, reconciled_at: now });
      await refreshRepoCounts(trx, row.id);
    });
    options.onProgress?.(items);
  }
  // Change events feed live updates; a bulk load is not news.
  await forgetChanges(db);
  return { repos: dataset.repos().length, items, ms: Math.round(performance.now() - started) };
}

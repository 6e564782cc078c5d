import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { ISSUE_STATUSES, PULL_STATUSES } from '../core/states.ts';
import { authorCounts } from './authors.queries.ts';
import { changesAfter } from './changes.queries.ts';
import { listItems, type ItemListResult, type ItemListSpec } from './item-list.queries.ts';
import { getItem, linkedPulls } from './issues.queries.ts';
import { closingIssues } from './pulls.queries.ts';
import type { DB } from './schema.ts';
import { loginSeen, pullScoreOf, standingsOfLogin } from './scoring.queries.ts';
import { searchItems, searchTextVersion } from './search.queries.ts';
import { findRepo, globalVersion, repoStatuses } from './status.queries.ts';

/**
 * Every query shape the API runs, executed against a real store while the SQL
 * is captured, then explained with EXPLAIN QUERY PLAN. Used by a test (no shape
 * may scan a whole table of items, labels, links or changes) and to produce the
 * plans and timings in docs/api.md from a large store.
 */

export interface PlanStep {
  sql: string;
  plan: string[];
}

export interface ShapeReport {
  name: string;
  steps: PlanStep[];
  /** What the list engine reported, for list shapes. */
  work?: { mode: string; examined: number; rows: number };
  ms?: { p50: number; p99: number; max: number };
}

export interface StoreFacts {
  bigRepoId: number;
  bigRepoKey: string;
  otherRepoId: number;
  issueNumber: number;
  pullNumber: number;
  pullId: number;
  author: string;
  label: string;
  commonWord: string;
  rareWord: string;
}

type Shape = { name: string; run: (db: Kysely<DB>) => Promise<unknown> };

const list = (spec: Omit<ItemListSpec, 'after' | 'limit'> & { limit?: number }) => (db: Kysely<DB>) => listItems(db, { after: null, limit: 30, ...spec });

export function shapes(f: StoreFacts): Shape[] {
  const repo = { repoIds: [f.bigRepoId] };
  const global = { repoIds: null, excludeRepoIds: [] };
  const desc = { direction: 'desc' as const };
  return [
    { name: 'repo issues: open, updated desc (default)', run: list({ ...repo, ...desc, isPull: false, statuses: ['open'], sort: 'updated' }) },
    { name: 'repo issues: state=all, created asc', run: list({ ...repo, isPull: false, statuses: [...ISSUE_STATUSES], sort: 'created', direction: 'asc' }) },
    { name: 'repo issues: open, number asc', run: list({ ...repo, isPull: false, statuses: ['open'], sort: 'number', direction: 'asc' }) },
    { name: 'repo pulls: open,draft (default), comments desc', run: list({ ...repo, ...desc, isPull: true, statuses: ['open', 'draft'], sort: 'comments' }) },
    { name: 'repo issues: author, updated desc', run: list({ ...repo, ...desc, isPull: false, statuses: ['open'], sort: 'updated', author: f.author }) },
    { name: 'repo issues: author, created desc (author as a filter)', run: list({ ...repo, ...desc, isPull: false, statuses: ['open'], sort: 'created', author: f.author }) },
    { name: 'repo issues: linked=false, updated desc', run: list({ ...repo, ...desc, isPull: false, statuses: ['open'], sort: 'updated', linked: false }) },
    { name: 'repo issues: linked=true, updated desc', run: list({ ...repo, ...desc, isPull: false, statuses: ['open'], sort: 'updated', linked: true }) },
    { name: 'repo issues: label, updated desc', run: list({ ...repo, ...desc, isPull: false, statuses: ['open'], sort: 'updated', labels: [f.label] }) },
    { name: 'repo issues: q=<common word>, updated desc', run: list({ ...repo, ...desc, isPull: false, statuses: ['open'], sort: 'updated', q: f.commonWord }) },
    { name: 'repo issues: label + linked=true, state=all, comments desc (sparse: reads whole windows)', run: list({ ...repo, ...desc, isPull: false, statuses: [...ISSUE_STATUSES], sort: 'comments', labels: [f.label], linked: true }) },
    { name: 'repo issues: q=<common word> + label (sparse, full-text checks)', run: list({ ...repo, ...desc, isPull: false, statuses: ['open'], sort: 'updated', q: f.commonWord, labels: [f.label], linked: true }) },
    { name: 'repo issues: q=<rare word>, updated desc', run: list({ ...repo, ...desc, isPull: false, statuses: [...ISSUE_STATUSES], sort: 'updated', q: f.rareWord }) },
    { name: 'global issues: open, updated desc', run: list({ ...global, ...desc, isPull: false, statuses: ['open'], sort: 'updated' }) },
    { name: 'global pulls: state=all, number desc', run: list({ ...global, ...desc, isPull: true, statuses: [...PULL_STATUSES], sort: 'number' }) },
    { name: 'repo pulls: merged, merged desc (sort=merged)', run: list({ ...repo, ...desc, isPull: true, statuses: ['merged'], sort: 'merged' }) },
    { name: 'global pulls: merged, merged desc (sort=merged)', run: list({ ...global, ...desc, isPull: true, statuses: ['merged'], sort: 'merged' }) },
    { name: 'global pulls: open, comments desc', run: list({ ...global, ...desc, isPull: true, statuses: ['open'], sort: 'comments' }) },
    { name: 'global issues: author, updated desc', run: list({ ...global, ...desc, isPull: false, statuses: [...ISSUE_STATUSES], sort: 'updated', author: f.author }) },
    { name: 'global issues: repo=a,b, created desc', run: list({ ...desc, repoIds: [f.bigRepoId, f.otherRepoId], isPull: false, statuses: ['open'], sort: 'created' }) },
    { name: 'global issues: a retired repository excluded', run: list({ ...desc, repoIds: null, excludeRepoIds: [f.otherRepoId], isPull: false, statuses: ['open'], sort: 'updated' }) },
    { name: 'search: <common word>', run: (db) => searchItems(db, { q: f.commonWord, repoIds: null, limit: 20, after: null }) },
    { name: 'search: <rare word>, type=issue, repo', run: (db) => searchItems(db, { q: f.rareWord, isPull: false, repoIds: [f.bigRepoId], limit: 20, after: null }) },
    { name: 'issue detail (item + linked pulls)', run: async (db) => [await getItem(db, f.bigRepoId, f.issueNumber), await linkedPulls(db, f.bigRepoKey, f.issueNumber)] },
    { name: 'pull detail (item + closing issues)', run: async (db) => [await getItem(db, f.bigRepoId, f.pullNumber), await closingIssues(db, f.pullId)] },
    { name: 'author counts', run: (db) => authorCounts(db, f.bigRepoId, f.author) },
    { name: 'repository lookup (every repository route)', run: (db) => findRepo(db, f.bigRepoKey) },
    { name: 'global version (ETag of global lists)', run: (db) => globalVersion(db) },
    { name: 'search text version (key of kept ranked windows)', run: (db) => searchTextVersion(db) },
    { name: 'repository list with sync state', run: (db) => repoStatuses(db, { includeInactive: true }) },
    { name: 'change feed poll', run: (db) => changesAfter(db, 0, 500) },
    { name: 'miner standing (stored standings, or whether the login was seen)', run: async (db) => [await standingsOfLogin(db, f.author), await loginSeen(db, f.author)] },
    { name: 'pull score (stored entry)', run: (db) => pullScoreOf(db, f.pullId) },
  ];
}

/** Runs every shape on the store at `path`, capturing and explaining its SQL; with `repeat`, times it too. */
export async function explainShapes(path: string, facts: StoreFacts, options: { repeat?: number } = {}): Promise<ShapeReport[]> {
  const raw = new SQLite(path, { readonly: true });
  let captured: CompiledQuery[] = [];
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: raw }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  const reports: ShapeReport[] = [];
  try {
    for (const shape of shapes(facts)) {
      captured = [];
      const result = await shape.run(db);
      const steps = captured.map((q) => ({
        sql: q.sql.replace(/\s+/g, ' ').trim(),
        plan: formatPlan(raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as { id: number; parent: number; detail: string }[]),
      }));
      const report: ShapeReport = { name: shape.name, steps };
      const listResult = result as Partial<ItemListResult>;
      if (listResult && typeof listResult === 'object' && 'mode' in listResult) {
        report.work = { mode: listResult.mode!, examined: listResult.examined!, rows: listResult.rows!.length };
      }
      if (options.repeat) {
        const times: number[] = [];
        for (let i = 0; i < options.repeat; i++) {
          const started = performance.now();
          await shape.run(db);
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        const at = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 100) / 100;
        report.ms = { p50: at(0.5), p99: at(0.99), max: at(1) };
      }
      reports.push(report);
    }
  } finally {
    await db.destroy();
  }
  return reports;
}

function formatPlan(rows: { id: number; parent: number; detail: string }[]): string[] {
  const depth = new Map<number, number>([[0, 0]]);
  return rows.map((r) => {
    const d = (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d - 1)}${r.detail}`;
  });
}

/** Plan lines that read a whole large table (or a whole index of one): never allowed on the request path. */
export function fullScans(report: ShapeReport): string[] {
  return report.steps.flatMap((s) => s.plan.filter((line) => /\bSCAN (items|item_labels|links|changes)\b(?! VIRTUAL)/.test(line.trim())));
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCopyStore } from '../commands/copy-store.command.ts';
import { loadConfig } from '../config/config.ts';
import { buildServer, type HubServer } from '../server/app.ts';
import { scoreAllRepositories } from '../sync/scoring.job.ts';
import { sink } from '../test/command-io.ts';
import { captureLogger } from '../test/logs.ts';
import { postgresServer, type PostgresServer } from '../test/pg-server.ts';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { openDatabase, type Database } from './database.ts';

let server: PostgresServer | string;
let harness: SyncHarness;
let target: Awaited<ReturnType<PostgresServer['createDatabase']>>;
let copy: Database;
let apps: HubServer[] = [];
// Both apps answer as of the same moment: ages and decay read this clock.
const NOW = Date.parse('2026-06-01T00:00:00Z');

beforeAll(async () => {
  server = await postgresServer();
  if (typeof server === 'string') return;
  harness = await createSyncHarness({ seed: 93, repos: 2, itemsPerRepo: 150 }, {}, { store: 'sqlite' });
  const outcomes = await harness.syncAll();
  expect(outcomes.every((o) => o.ok)).toBe(true);
  await scoreAllRepositories({ db: harness.database.db, logger: harness.logs.logger });
  target = await server.createDatabase();
}, 120_000);

afterAll(async () => {
  for (const a of apps) await a.close();
  await copy?.close();
  await target?.drop();
  await harness?.dispose();
  if (typeof server !== 'string') server?.stop();
});

const logs = captureLogger('error');
function app(database: Database): Promise<HubServer> {
  const config = loadConfig({ GITHUB_TOKENS: 'ghp_' + 'x'.repeat(36) }, { dotenvPath: null });
  return buildServer({ db: database.db, dialect: database.dialect, config, logger: logs.logger, webRoot: null, now: () => NOW });
}

describe('a SQLite hub copied into PostgreSQL', () => {
  it('copies every table, row counts checked, and refuses to copy over it again without --force', async (ctx) => {
    if (typeof server === 'string') {
      console.warn(`skipped: ${server}`);
      return ctx.skip();
    }
    const out = sink();
    const err = sink();
    const code = await runCopyStore({ from: `sqlite:${harness.database.path}`, to: target.url, force: false }, out.stream, err.stream);
    expect(err.text()).toBe('');
    expect(code).toBe(0);
    expect(out.text()).toMatch(/every table's row count matches; \d+ sequences moved past the copied ids/);
    // The password-free target is named; the copy refuses to run onto a filled store.
    expect(await runCopyStore({ from: `sqlite:${harness.database.path}`, to: target.url, force: false }, sink().stream, err.stream)).toBe(1);
    expect(err.text()).toMatch(/already holds data/);
  }, 120_000);

  it('answers every API route identically', async (ctx) => {
    if (typeof server === 'string') return ctx.skip();
    copy = openDatabase(target.config);
    apps = [await app(harness.database), await app(copy)];
    const [sqliteApp, pgApp] = apps as [HubServer, HubServer];
    const spec = (await sqliteApp.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const db = harness.database.db;
    const repo = (await db.selectFrom('repos').select('name_key').orderBy('id').executeTakeFirstOrThrow()).name_key;
    const [owner, name] = repo.split('/') as [string, string];
    const issue = await db.selectFrom('items').select('number').where('is_pull', '=', 0).where('gone', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    const pull = await db.selectFrom('items').select(['number', 'author']).where('is_pull', '=', 1).where('gone', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    const word = (await db.selectFrom('items').select('title').orderBy('id').executeTakeFirstOrThrow()).title.split(/\s+/).find((w) => /^[a-z]{4,}$/i.test(w))!;

    // Streams and process counters are not answers of the store.
    const skipped = new Set(['/api/events', '/metrics']);
    const urls: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths)) {
      if (!('get' in ops) || skipped.has(path)) continue;
      const filled = path
        .replace('{owner}', owner)
        .replace('{name}', name)
        .replace('{login}', pull.author ?? 'nobody')
        .replace('{number}', String(/\/issues\//.test(path) ? issue.number : pull.number));
      urls.push(filled);
      if (/\/(issues|pulls|miners)$/.test(filled)) urls.push(`${filled}?limit=5`, `${filled}?limit=5&sort=updated&direction=asc`);
    }
    urls.push(`/api/search?q=${encodeURIComponent(word)}`, `/api/issues?q=${encodeURIComponent(word)}`, `/api/repos/${repo}/pulls?state=all&limit=3`);
    // Every GET route of the OpenAPI document was asked, bar the two set aside.
    expect(urls.length).toBeGreaterThanOrEqual(Object.values(spec.paths).filter((o) => 'get' in o).length - skipped.size);

    const differences: string[] = [];
    const seen = new Set<string>();
    const ask = async (url: string, depth: number) => {
      if (seen.has(url)) return;
      seen.add(url);
      const [a, b] = await Promise.all([sqliteApp.inject(url), pgApp.inject(url)]);
      if (a.statusCode !== b.statusCode) differences.push(`${url}: status ${a.statusCode} on SQLite, ${b.statusCode} on PostgreSQL`);
      // A download (the leaderboard's CSV) is compared as text, byte for byte.
      const parse = (r: typeof a) => (!r.body ? null : String(r.headers['content-type'] ?? '').includes('json') ? JSON.parse(r.body) : r.body);
      const [ja, jb] = [parse(a), parse(b)] as [unknown, unknown];
      // Health names the store it runs on, and reports this process's uptime and event loop: not the data.
      for (const j of [ja, jb] as Record<string, unknown>[]) {
        if (url !== '/api/health' || !j) continue;
        delete j.uptime_seconds;
        delete j.event_loop_delay_ms;
        delete (j.database as Record<string, unknown>).dialect;
      }
      // Relevance and snippet windows are each engine's own (SQLite's bm25 and snippet(),
      // PostgreSQL's ts_rank and ts_headline; docs/store.md): search answers must hold the
      // same matches, with the same title highlights and the same words marked in the body.
      if (url.startsWith('/api/search')) for (const j of [ja, jb] as SearchAnswer[]) if (j?.items) j.items = byItem(j.items);
      try {
        expect(jb).toEqual(ja);
      } catch {
        differences.push(`${url}:\n  sqlite   ${a.body.slice(0, 600)}\n  postgres ${b.body.slice(0, 600)}`);
      }
      // Keyset cursors: the next page must match too, twice over.
      const next = (ja as { next_cursor?: string | null } | null)?.next_cursor;
      if (next && depth < 2) await ask(`${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(next)}`, depth + 1);
    };
    for (const url of urls) await ask(url, 0);
    expect(differences, logs.text().slice(0, 3000)).toEqual([]);
    expect(seen.size).toBeGreaterThan(urls.length);
  }, 120_000);
});

type SearchHit = { type: string; item: { repo: string; number: number }; score?: number; body_snippet?: { text: string; match: boolean }[] };
type SearchAnswer = { items?: SearchHit[] } | null;

/** Search hits in item order: the score left out, of the body snippet only its marked words. */
function byItem(items: SearchHit[]): SearchHit[] {
  const key = (h: SearchHit) => `${h.type}:${h.item.repo.toLowerCase()}#${String(h.item.number).padStart(10, '0')}`;
  return items
    .map(({ score: _score, body_snippet, ...rest }) => ({ ...rest, body_marked: (body_snippet ?? []).filter((p) => p.match).map((p) => p.text.toLowerCase()) }))
    .sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

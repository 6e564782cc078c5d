import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchItems } from '../db/search.queries.ts';
import { buildIssue, buildPull, buildRepo, type BuiltRepo } from '../test/factories.ts';
import { startTestApp, type TestApp } from './test-app.ts';
import { sqliteOnly } from '../test/store.ts';

let t: TestApp;
let repo: BuiltRepo;

beforeEach(async () => {
  t = await startTestApp();
  repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
});
afterEach(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
type Hit = { type: string; item: { repo: string; number: number }; score: number; title_highlight: { text: string; match: boolean }[]; body_snippet: { text: string; match: boolean }[] };
const hits = (res: { json: () => { items: Hit[] } }) => res.json().items.map((h) => `${h.type}:${h.item.number}`);

describe('GET /api/search', () => {
  it('ranks title matches above body matches, with plain-text highlights', async () => {
    const inBody = await buildIssue(t.db, repo, { title: 'Slow start', body: 'The tokenizer is slow on <script>alert(1)</script> input' });
    const inTitle = await buildIssue(t.db, repo, { title: 'Tokenizer drops the last word', body: 'Nothing else' });
    const res = await get('/api/search?q=tokenizer');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(hits(res)).toEqual([`issue:${inTitle.number}`, `issue:${inBody.number}`]);
    expect(body.truncated).toBe(false);
    expect(body.items[0].score).toBeGreaterThan(body.items[1].score);
    expect(body.items[0].title_highlight).toEqual([
      { text: 'Tokenizer', match: true },
      { text: ' drops the last word', match: false },
    ]);
    const snippet = body.items[1].body_snippet as Hit['body_snippet'];
    expect(snippet.find((s) => s.match)?.text).toBe('tokenizer');
    // Markup in a body stays text: the page renders segments as text nodes.
    expect(snippet.map((s) => s.text).join('')).toContain('<script>');
    expect(body.items[1].item).toMatchObject({ repo: 'acme/widgets', number: inBody.number, status: 'open', linked_pulls_count: 0 });
  });

  it('filters by type, repository and state', async () => {
    const other = await buildRepo(t.db, { full_name: 'acme/other' });
    const issue = await buildIssue(t.db, repo, { title: 'cache eviction' });
    const pull = await buildPull(t.db, repo, { title: 'cache eviction fix', merged: true });
    const elsewhere = await buildIssue(t.db, other, { title: 'cache in other repo', state: 'closed', state_reason: 'completed' });
    expect(hits(await get('/api/search?q=cache&type=pull'))).toEqual([`pull:${pull.number}`]);
    expect(hits(await get('/api/search?q=cache&type=issue&repo=acme/widgets'))).toEqual([`issue:${issue.number}`]);
    expect(hits(await get('/api/search?q=cache&state=completed'))).toEqual([`issue:${elsewhere.number}`]);
    expect((await get('/api/search?q=cache')).json().items).toHaveLength(3);
    expect((await get('/api/search?q=cache&type=commit')).statusCode).toBe(400);
    expect((await get('/api/search?q=cache&repo=acme/nope')).json().error.code).toBe('repo_not_tracked');
  });

  it('reads operators and SQL-looking text as words, and answers nothing for punctuation', async () => {
    await buildIssue(t.db, repo, { title: 'Parser fails on NOT keyword' });
    for (const q of ['NOT', 'parser OR', '"parser', 'parser*', "'; DROP TABLE items; --", 'title:parser', 'NEAR(parser fails)', 'a AND (b', '^parser']) {
      const res = await get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
    }
    expect((await get('/api/search?q=NOT')).json().items).toHaveLength(1);
    expect((await get('/api/search?q=%2A%2A%2A')).json()).toEqual({ items: [], next_cursor: null, truncated: false });
    expect((await get('/api/search?q=')).statusCode).toBe(400);
    expect((await get('/api/search')).statusCode).toBe(400);
    const tooMany = await get(`/api/search?q=${encodeURIComponent('a b c d e f g h i')}`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.code).toBe('query_too_long');
    expect((await get(`/api/search?q=${'x'.repeat(300)}`)).statusCode).toBe(400);
  });

  it('pages by cursor within a snapshot: items stored meanwhile neither shift nor repeat results', async () => {
    for (let i = 0; i < 5; i++) await buildIssue(t.db, repo, { title: `widget problem ${i}` });
    const first = (await get('/api/search?q=widget&limit=2')).json();
    expect(first.items).toHaveLength(2);
    await buildIssue(t.db, repo, { title: 'widget widget widget: the best match, stored after the first page' });
    const seen = first.items.map((h: Hit) => h.item.number);
    let cursor = first.next_cursor;
    while (cursor) {
      const page = (await get(`/api/search?q=widget&limit=2&cursor=${cursor}`)).json();
      seen.push(...page.items.map((h: Hit) => h.item.number));
      cursor = page.next_cursor;
    }
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
    expect((await get('/api/search?q=widget&cursor=bogus')).json().error.code).toBe('invalid_cursor');
    expect((await get(`/api/search?q=widget&cursor=${Buffer.from('["s",1,999999]').toString('base64url')}`)).json().error.code).toBe('invalid_cursor');
  });

  it('ranks only a window of the newest matches and says so', async () => {
    for (let i = 0; i < 6; i++) await buildIssue(t.db, repo, { title: `common word ${i}` });
    const res = await searchItems(t.db, { q: 'common', repoIds: null, limit: 10, after: null, window: 4 });
    expect(res.truncated).toBe(true);
    expect(res.rows.map((r) => r.number).sort()).toEqual([3, 4, 5, 6]);
    const all = await searchItems(t.db, { q: 'common', repoIds: null, limit: 10, after: null, window: 6 });
    expect(all.truncated).toBe(true);
    const roomy = await searchItems(t.db, { q: 'common', repoIds: null, limit: 10, after: null, window: 7 });
    expect(roomy.truncated).toBe(false);
    const none = await searchItems(t.db, { q: 'common', repoIds: null, isPull: true, limit: 10, after: null, window: 4 });
    expect(none).toMatchObject({ rows: [], truncated: true });
  });

  it('finds an item by #number and by owner/name#number, first, then the text that mentions it, never twice', async () => {
    const heavy = await buildRepo(t.db, { full_name: 'acme/heavy', weight: 0.5 });
    const retired = await buildRepo(t.db, { full_name: 'acme/retired', active: false });
    await buildIssue(t.db, repo, { number: 189, title: 'Widget crash', body: 'Seen since 189 builds' });
    await buildPull(t.db, heavy, { number: 189, title: 'Heavy refactor', body: 'unrelated' });
    await buildIssue(t.db, heavy, { number: 7, title: 'Follow-up', body: 'As said in #189, the widget crashes' });
    await buildIssue(t.db, retired, { number: 189, title: 'Retired item' });
    const items = (url: string) => get(url).then((r) => r.json().items.map((h: Hit & { matched: string }) => `${h.item.repo}#${h.item.number}:${h.matched}`));

    // Heaviest repository first; then the item whose text says 189; the retired repository is not tracked.
    expect(await items('/api/search?q=%23189')).toEqual(['acme/heavy#189:number', 'acme/widgets#189:number', 'acme/heavy#7:text']);
    // Text hits need every word (acme, widgets, 189): the follow-up does not name the repository.
    expect(await items(`/api/search?q=${encodeURIComponent('acme/widgets#189')}`)).toEqual(['acme/widgets#189:number']);
    expect(await items(`/api/search?q=${encodeURIComponent('ACME/Heavy#189')}`)).toEqual(['acme/heavy#189:number']);
    expect(await items('/api/search?q=%23189&type=issue')).toEqual(['acme/widgets#189:number', 'acme/heavy#7:text']);
    expect(await items('/api/search?q=%23189&repo=acme/widgets')).toEqual(['acme/widgets#189:number']);
    expect(await items(`/api/search?q=${encodeURIComponent('acme/retired#189')}`)).toEqual([]);
    expect(await items('/api/search?q=%23190')).toEqual([]);

    // Paged one at a time: each item once, the named ones first.
    const seen: string[] = [];
    let url = '/api/search?q=%23189&limit=1';
    for (let page = 0; page < 10; page++) {
      const body = (await get(url)).json();
      seen.push(...body.items.map((h: Hit) => `${h.item.repo}#${h.item.number}`));
      if (!body.next_cursor) break;
      url = `/api/search?q=%23189&limit=1&cursor=${body.next_cursor}`;
    }
    expect(seen).toEqual(['acme/heavy#189', 'acme/widgets#189', 'acme/heavy#7']);
    const first = (await get('/api/search?q=%23189')).json().items;
    expect(first[0].score).toBeGreaterThan(first[2].score);
  });

  it('answers 304 to a current ETag', async () => {
    await buildIssue(t.db, repo, { title: 'etag me' });
    const first = await get('/api/search?q=etag');
    expect((await get('/api/search?q=etag', { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
  });
});

describe.skipIf(sqliteOnly('the search thread pool opens the SQLite file; PostgreSQL searches run on the main pool'))('GET /api/search on the thread pool (as under npm start)', () => {
  let pooled: TestApp;
  beforeEach(async () => {
    pooled = await startTestApp({ searchPool: true });
  });
  afterEach(async () => pooled.close());

  it('answers errors raised in a search thread with their status and code: nine words are 400 query_too_long, as on the lists', async () => {
    const widgets = await buildRepo(pooled.db, { full_name: 'acme/widgets' });
    await buildIssue(pooled.db, widgets, { title: 'pooled search works' });
    const found = await pooled.app.inject({ method: 'GET', url: '/api/search?q=pooled' });
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((h: Hit) => h.item.number)).toEqual([1]);
    const nine = encodeURIComponent('one two three four five six seven eight nine');
    for (const url of [`/api/search?q=${nine}`, `/api/issues?q=${nine}`, `/api/repos/acme/widgets/pulls?q=${nine}`]) {
      const res = await pooled.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('query_too_long');
    }
    expect(pooled.logs()).not.toContain('request failed');
  });
});

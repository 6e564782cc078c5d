import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDashboard } from '../sync/dashboard.job.ts';
import { scoreRepository } from '../sync/scoring.job.ts';
import { buildIssue, buildPull, buildRepo } from '../test/factories.ts';
import { captureLogger } from '../test/logs.ts';
import { encodeListCursor } from './cursor.ts';
import { startTestApp, type TestApp } from './test-app.ts';

// Whatever a client sends in the path or the query string, the answer is a
// 2xx/3xx/4xx with the error shape, never a 5xx.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  const repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
  const issue = await buildIssue(t.db, repo, { labels: ['bug'], title: 'Parser crash' });
  await buildPull(t.db, repo, { body: `Fixes #${issue.number}` });
  for (let i = 0; i < 5; i++) await buildIssue(t.db, repo, { author: `user${i}` });
  // Stored evaluations, so the subnet routes answer with data too.
  await scoreRepository({ db: t.db, logger: captureLogger('silent').logger }, 'acme/widgets');
  // A stored dashboard snapshot, so /api/dashboard answers with one.
  await refreshDashboard({ db: t.db, logger: captureLogger('silent').logger });
});
afterAll(async () => t.close());

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    '', 'all', 'open', 'open,draft', 'merged', 'true', 'false', 'updated', 'asc', '-1', '0', '101', '99999999999999999999', 'NaN',
    "'; DROP TABLE items; --", '" OR 1=1 --', 'NEAR(a b)', 'a OR b', '*', '^', 'title:x', '%00', '\u0000', '../..', 'acme/widgets', 'ACME/WIDGETS',
    'a/b,c/d', ',', '#1', '#2147483648', 'acme/widgets#1', 'ACME/nope#2', '#0', 'x'.repeat(3000), encodeListCursor('updated', 'desc', { key: '2024-01-01T00:00:00Z', id: 1 }), 'bnVsbA', 'W10', 'WyJsIl0',
  ),
);
const keys = fc.constantFrom('registered', 'state', 'author', 'assignee', 'label', 'linked', 'q', 'sort', 'direction', 'limit', 'cursor', 'repo', 'type', 'include_inactive', '__proto__', 'constructor', 'x');
const query = fc.array(fc.tuple(keys, nasty), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
const segment = fc.oneof(fc.constantFrom('acme', 'widgets', 'ACME', '1', '2', '7', 'alice', 'user1', 'dependabot[bot]'), nasty).map((s) => encodeURIComponent(s).slice(0, 300) || 'x');

const routes = fc.oneof(
  fc.constant('/api/repos'),
  fc.constant('/api/issues'),
  fc.constant('/api/pulls'),
  fc.constant('/api/search'),
  fc.constant('/api/sync'),
  fc.constant('/api/miners'),
  fc.tuple(segment, segment).map(([o, n]) => `/api/repos/${o}/${n}`),
  fc.tuple(segment, segment).map(([o, n]) => `/api/repos/${o}/${n}/issues`),
  fc.tuple(segment, segment).map(([o, n]) => `/api/repos/${o}/${n}/pulls`),
  fc.tuple(segment, segment, segment).map(([o, n, x]) => `/api/repos/${o}/${n}/issues/${x}`),
  fc.tuple(segment, segment, segment).map(([o, n, x]) => `/api/repos/${o}/${n}/pulls/${x}`),
  fc.tuple(segment, segment, segment).map(([o, n, x]) => `/api/repos/${o}/${n}/authors/${x}`),
  fc.tuple(segment).map(([n]) => `/api/repos/acme/widgets/issues/${n}`),
  fc.constant('/api/repos/acme/widgets/issues'),
  fc.constant('/api/repos/acme/widgets/pulls'),
  fc.tuple(segment).map(([l]) => `/api/miners/${l}/standing`),
  fc.tuple(segment).map(([l]) => `/api/miners/${l}/projection`),
  fc.constant('/api/miners/user1/projection'),
  fc.tuple(segment, segment, segment).map(([o, n, x]) => `/api/repos/${o}/${n}/pulls/${x}/score`),
  fc.tuple(segment).map(([x]) => `/api/repos/acme/widgets/pulls/${x}/score`),
  fc.tuple(segment, segment).map(([o, n]) => `/api/repos/${o}/${n}/policy`),
  fc.constant('/api/dashboard'),
  fc.constant('/api/miners.csv'),
  fc.tuple(segment, segment).map(([o, n]) => `/api/repos/${o}/${n}/collisions`),
  fc.constant('/api/repos/acme/widgets/collisions'),
  fc.constant('/api/subnet'),
  fc.tuple(segment, segment).map(([o, n]) => `/api/repos/${o}/${n}/responsiveness`),
  fc.constant('/api/repos/acme/widgets/responsiveness'),
);

describe('query and path fuzzing', () => {
  it('never answers 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(routes, query, fc.option(nasty, { nil: undefined }), async (route, qs, etag) => {
        const res = await t.app.inject({ method: 'GET', url: qs ? `${route}?${qs}` : route, headers: etag === undefined ? {} : { 'if-none-match': etag.replace(/[^\x20-\x7e]/g, '') } });
        expect(res.statusCode, `${route}?${qs} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.json().error.code).toMatch(/^[a-z_]+$/);
      }),
      { numRuns: 600 },
    );
    expect(t.logs()).not.toContain('request failed');
  }, 120_000);

  it('never answers 5xx to the event stream with bad input', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (v) => {
        const res = await t.app.inject({ method: 'GET', url: `/api/events?repo=${encodeURIComponent(v)}x/`, headers: { 'last-event-id': 'nope' } });
        expect(res.statusCode).toBe(400);
      }),
      { numRuns: 50 },
    );
  });
});

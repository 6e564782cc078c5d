import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIssue, buildPull, buildRepo } from '../test/factories.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  const repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
  await buildIssue(t.db, repo, { title: 'One' });
  await buildPull(t.db, repo, { title: 'Two' });
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('validation errors', () => {
  it('name an unknown query parameter instead of ignoring it, on every route that reads the store', async () => {
    for (const url of [
      '/api/issues?milestone=bob',
      '/api/pulls?milestone=bob',
      '/api/repos/acme/widgets/issues?milestone=bob',
      '/api/repos/acme/widgets/pulls?milestone=bob',
      '/api/repos/acme/widgets/issues/1?milestone=bob',
      '/api/repos/acme/widgets/pulls/2?milestone=bob',
      '/api/repos/acme/widgets/authors/alice?milestone=bob',
      '/api/repos/acme/widgets?milestone=bob',
      '/api/repos?milestone=bob',
      '/api/search?q=one&milestone=bob',
      '/api/sync?milestone=bob',
      '/api/health?milestone=bob',
      '/metrics?milestone=bob',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      const error = res.json().error;
      expect(error.code, url).toBe('invalid_parameter');
      expect(error.message, url).toMatch(/^milestone: is not a parameter of this route/);
      expect(error.details, url).toEqual([{ parameter: 'milestone', in: 'query', message: error.message.slice('milestone: '.length) }]);
    }
    // The message says what the route does take.
    expect((await get('/api/repos?sort=name')).json().error.message).toBe('sort: is not a parameter of this route (it takes include_inactive)');
  });

  it('word every problem one way, "name: must …", with no library or framework wording', async () => {
    const cases: [string, string][] = [
      ['/api/issues?sort=bogus', 'sort: must be one of: updated, created, comments, number'],
      ['/api/issues?direction=up', 'direction: must be one of: asc, desc'],
      ['/api/issues?limit=0', 'limit: must be at least 1'],
      ['/api/issues?limit=101', 'limit: must be at most 100'],
      ['/api/issues?state=open&state=closed', 'state: must be given once'],
      ['/api/search', 'q: is required'],
      [`/api/issues?q=${'x'.repeat(300)}`, 'q: must be at most 256 characters'],
      ['/api/repos?include_inactive=maybe', 'include_inactive: must be one of: true, false'],
      ['/api/repos/-acme/widgets/issues', 'owner: must be a GitHub owner name'],
      ['/api/repos/acme/widgets/issues/0', 'number: must be a positive whole number'],
    ];
    for (const [url, message] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.message, url).toBe(message);
    }
    const several = (await get('/api/issues?sort=bogus&limit=0')).json().error;
    expect(several.message.split('; ').sort()).toEqual(['limit: must be at least 1', 'sort: must be one of: updated, created, comments, number']);
    for (const d of several.details) expect(Object.keys(d).sort()).toEqual(['in', 'message', 'parameter']);
  });

  it('words body problems the same way', async () => {
    const admin = await startTestApp({ env: { ADMIN_TOKEN: 'a'.repeat(32) } });
    try {
      const post = (payload: unknown) =>
        admin.app.inject({ method: 'POST', url: '/api/repos', payload: payload as object, headers: { authorization: `Bearer ${'a'.repeat(32)}` } });
      expect((await post({ full_name: 3 })).json().error.message).toBe('full_name: must be a string');
      expect((await post({})).json().error.message).toBe('full_name: is required');
      const extra = (await post({ full_name: 'acme/widgets', weight: 2 })).json().error;
      expect(extra.details).toEqual([{ parameter: 'weight', in: 'body', message: 'is not a parameter of this route (it takes full_name)' }]);
    } finally {
      await admin.close();
    }
  });
});

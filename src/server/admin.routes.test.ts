import { afterEach, describe, expect, it } from 'vitest';
import { saveMasterList } from '../db/repos.queries.ts';
import { buildRepo } from '../test/factories.ts';
import { startTestApp, type TestApp } from './test-app.ts';

const TOKEN = 'admin-token-0123456789abcdef';
let t: TestApp;
afterEach(async () => t.close());

const auth = (token = TOKEN) => ({ authorization: `Bearer ${token}` });

describe('write routes without ADMIN_TOKEN configured', () => {
  it('answer 403 admin_disabled, whatever the request carries', async () => {
    t = await startTestApp();
    await buildRepo(t.db, { full_name: 'acme/widgets' });
    for (const [method, url] of [['POST', '/api/repos'], ['DELETE', '/api/repos/acme/widgets'], ['POST', '/api/repos/acme/widgets/sync']] as const) {
      const res = await t.app.inject({ method, url, headers: auth(), payload: method === 'POST' && url === '/api/repos' ? { full_name: 'a/b' } : undefined });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('admin_disabled');
    }
    expect(await t.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
  });
});

describe('write routes with ADMIN_TOKEN', () => {
  it('answer 401 to a missing or wrong token, before reading the body', async () => {
    t = await startTestApp({ env: { ADMIN_TOKEN: TOKEN } });
    await buildRepo(t.db, { full_name: 'acme/widgets' });
    for (const headers of [{}, auth('wrong-token-0123456789abcdef'), auth(TOKEN + 'x'), { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/repos/acme/widgets/sync', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="hub"');
      expect(res.body).not.toContain(TOKEN);
    }
    const garbage = await t.app.inject({ method: 'POST', url: '/api/repos', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expect(garbage.statusCode).toBe(401);
  });

  it('track a repository, queue its sync, and stop tracking it', async () => {
    t = await startTestApp({ env: { ADMIN_TOKEN: TOKEN } });
    const added = await t.app.inject({ method: 'POST', url: '/api/repos', headers: auth(), payload: { full_name: 'New-Org/New.Repo' } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ repo: 'New-Org/New.Repo', queued: true });
    const jobs = await t.db.selectFrom('jobs').select(['kind', 'key', 'payload', 'priority', 'state']).execute();
    expect(jobs).toEqual([{ kind: 'sync', key: 'sync:new-org/new.repo', payload: '{"repo":"new-org/new.repo"}', priority: 100, state: 'queued' }]);
    expect((await t.app.inject({ method: 'GET', url: '/api/repos/new-org/new.repo/issues' })).statusCode).toBe(200);

    const again = await t.app.inject({ method: 'POST', url: '/api/repos', headers: auth(), payload: { full_name: 'new-org/new.repo' } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ repo: 'New-Org/New.Repo', queued: false });

    const sync = await t.app.inject({ method: 'POST', url: '/api/repos/NEW-ORG/new.repo/sync', headers: auth() });
    expect(sync.statusCode).toBe(202);
    expect(sync.json()).toEqual({ repo: 'New-Org/New.Repo', queued: false });

    const removed = await t.app.inject({ method: 'DELETE', url: '/api/repos/new-org/new.repo', headers: auth() });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect((await t.app.inject({ method: 'GET', url: '/api/repos/new-org/new.repo/issues' })).json().error.code).toBe('repo_not_tracked');
    expect((await t.app.inject({ method: 'DELETE', url: '/api/repos/new-org/new.repo', headers: auth() })).json().error.code).toBe('repo_not_tracked');
    expect((await t.app.inject({ method: 'POST', url: '/api/repos/acme/unknown/sync', headers: auth() })).json().error.code).toBe('repo_not_tracked');
  });

  it('refuse malformed names and leave master-list repositories to the master list', async () => {
    t = await startTestApp({ env: { ADMIN_TOKEN: TOKEN } });
    for (const payload of [{ full_name: 'no-slash' }, { full_name: 'a/..' }, { full_name: '-a/b' }, { full_name: 'a/b/c' }, {}, { full_name: 7 }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/repos', headers: auth(), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('invalid_parameter');
    }
    const text = await t.app.inject({ method: 'POST', url: '/api/repos', headers: { ...auth(), 'content-type': 'text/plain' }, payload: 'a/b' });
    expect(text.statusCode).toBe(400);
    const form = await t.app.inject({ method: 'POST', url: '/api/repos', headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'full_name=a/b' });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.code).toBe('unsupported_media_type');
    await saveMasterList(t.db, { body: JSON.stringify({ 'Acme/Listed': { emission_share: 0.2 } }), source: 'test', repos: [{ fullName: 'Acme/Listed', key: 'acme/listed', owner: 'Acme', name: 'Listed', weight: 0.2, schema: 'current', inactiveAt: null, entry: { emission_share: 0.2 } }] });
    const res = await t.app.inject({ method: 'DELETE', url: '/api/repos/acme/listed', headers: auth() });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('managed_by_master_list');
  });
});

import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scoreRepository } from '../sync/scoring.job.ts';
import { buildIssue, buildPull, buildRepo } from '../test/factories.ts';
import { captureLogger } from '../test/logs.ts';
import { operationId } from './openapi.ts';
import { DEFAULT_OPENAPI_FILE, openApiDocument } from './openapi.write.ts';
import { startTestApp, type TestApp } from './test-app.ts';
import { refreshDashboard } from '../sync/dashboard.job.ts';
import { refreshScoreDrift } from '../sync/score-drift.job.ts';
import { addMinerAccounts, hubScore, MERGED, officialScore } from '../test/drift-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('every answer', () => {
  it('carries security headers suited to a same-origin page', async () => {
    for (const url of ['/api/health', '/api/repos', '/api/nope']) {
      const res = await get(url);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-eval');
    }
  });

  it('uses the one error shape: 404 for unknown routes, 400 for bad parameters, never a 500', async () => {
    expect((await get('/api/nope')).json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const bad = await get('/api/issues?limit=abc&sort=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_parameter', message: expect.stringMatching(/^(limit|sort): must /) });
    expect((await t.app.inject({ method: 'PUT', url: '/api/repos' })).statusCode).toBe(404);
    const huge = await get(`/api/repos/${'a'.repeat(250)}/b/issues`);
    expect(huge.statusCode).toBeGreaterThanOrEqual(400);
    expect(huge.statusCode).toBeLessThan(500);
  });

  it('never proxies GitHub: an untracked repository is a 404 from the store', async () => {
    for (const url of ['/api/repos/torvalds/linux', '/api/repos/torvalds/linux/issues', '/api/repos/torvalds/linux/pulls/1', '/api/repos/torvalds/linux/authors/x']) {
      expect((await get(url)).json().error.code, url).toBe('repo_not_tracked');
    }
  });
});

describe('GET /api/openapi.json', () => {
  it('describes every route, and the real answers match the described schemas', async () => {
    const repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
    const issue = await buildIssue(t.db, repo, { labels: ['bug'] });
    const pull = await buildPull(t.db, repo, { body: `Fixes #${issue.number}\nFixes other/place#3` });

    const res = await get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /api/health',
        'GET /api/repos',
        'POST /api/repos',
        'GET /api/repos/{owner}/{name}',
        'DELETE /api/repos/{owner}/{name}',
        'POST /api/repos/{owner}/{name}/sync',
        'GET /api/repos/{owner}/{name}/issues',
        'GET /api/repos/{owner}/{name}/issues/{number}',
        'GET /api/repos/{owner}/{name}/pulls',
        'GET /api/repos/{owner}/{name}/pulls/{number}',
        'GET /api/repos/{owner}/{name}/authors/{login}',
        'GET /api/repos/{owner}/{name}/pulls/{number}/score',
        'GET /api/miners/{login}/standing',
        'GET /api/miners/{login}/projection',
        'GET /api/repos/{owner}/{name}/policy',
        'GET /api/repos/{owner}/{name}/responsiveness',
        'GET /api/subnet',
        'GET /api/miners',
        'GET /api/miners.csv',
        'GET /api/dashboard',
        'GET /api/repos/{owner}/{name}/collisions',
        'GET /api/issues',
        'GET /api/pulls',
        'GET /api/search',
        'GET /api/sync',
        'GET /api/subnet/drift',
        'GET /api/events',
        'GET /api/openapi.json',
        'GET /metrics',
      ].sort(),
    );
    // Every reference resolves.
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas[name!], name).toBeDefined();

    // Each list and detail answer validates against its documented 200 schema, and errors against theirs.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // Component schemas carry fragment-only $ids that JSON Schema 2020-12 validators refuse; refs resolve against the root instead.
    const components = { schemas: Object.fromEntries(Object.entries(doc.components.schemas as Record<string, Record<string, unknown>>).map(([k, v]) => [k, { ...v, $id: undefined, $schema: undefined }])) };
    const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
    const check = async (path: string, url: string, status = 200) => {
      const answer = await get(url);
      expect(answer.statusCode, url).toBe(status);
      const schema = doc.paths[path].get.responses[String(status)].content['application/json'].schema;
      const validate = ajv.compile(strip({ ...schema, components }) as object);
      expect(validate(answer.json()), `${url}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };
    const listSchema = doc.paths['/api/issues'].get.responses['200'].content['application/json'].schema;
    expect(ajv.compile(strip({ ...listSchema, components }) as object)({ items: [{ number: 'one' }], next_cursor: null })).toBe(false);
    await check('/api/repos', '/api/repos');
    await check('/api/repos/{owner}/{name}', '/api/repos/acme/widgets');
    await check('/api/repos/{owner}/{name}/issues', '/api/repos/acme/widgets/issues');
    await check('/api/repos/{owner}/{name}/issues/{number}', `/api/repos/acme/widgets/issues/${issue.number}`);
    await check('/api/repos/{owner}/{name}/pulls', '/api/repos/acme/widgets/pulls');
    await check('/api/repos/{owner}/{name}/pulls/{number}', `/api/repos/acme/widgets/pulls/${pull.number}`);
    await check('/api/repos/{owner}/{name}/authors/{login}', '/api/repos/acme/widgets/authors/alice');
    await check('/api/issues', '/api/issues?state=all');
    await check('/api/pulls', '/api/pulls');
    await check('/api/search', '/api/search?q=item');
    await check('/api/sync', '/api/sync');
    await check('/api/subnet', '/api/subnet');
    await check('/api/repos/{owner}/{name}/responsiveness', '/api/repos/acme/widgets/responsiveness', 404);
    // A report with one differing pull request (and a closed one the hub drops).
    await addMinerAccounts(t.db);
    await officialScore(t.db, 90, MERGED, { repoKey: 'acme/widgets', repository: 'acme/widgets' });
    await hubScore(t.db, repo, 90, { ...MERGED, label: 1.5, score: 18.75 });
    await officialScore(t.db, 91, { ...MERGED, state: 'closed', score: 3 }, { repoKey: 'acme/widgets', repository: 'acme/widgets' });
    await hubScore(t.db, repo, 91, { ...MERGED, state: 'closed', score: 0 }, { excluded: 'maintainer_author' });
    await refreshScoreDrift({ db: t.db, logger: captureLogger('error').logger });
    expect((await get('/api/subnet/drift')).json().items).toHaveLength(2);
    await check('/api/subnet/drift', '/api/subnet/drift');
    await check('/api/subnet/drift', '/api/subnet/drift?miner=nobody', 404);
    await check('/api/health', '/api/health');
    await scoreRepository({ db: t.db, logger: captureLogger('silent').logger }, 'acme/widgets');
    await check('/api/miners/{login}/standing', '/api/miners/alice/standing');
    await check('/api/repos/{owner}/{name}/pulls/{number}/score', `/api/repos/acme/widgets/pulls/${pull.number}/score`);
    await check('/api/miners/{login}/standing', '/api/miners/nobody/standing', 404);
    await check('/api/miners/{login}/projection', '/api/miners/alice/projection');
    await check('/api/miners/{login}/projection', '/api/miners/nobody/projection', 404);
    await check('/api/repos/{owner}/{name}/policy', '/api/repos/acme/widgets/policy');
    await check('/api/miners', '/api/miners');
    await check('/api/miners', '/api/miners?repo=acme/widgets&sort=login');
    await check('/api/repos/{owner}/{name}/collisions', '/api/repos/acme/widgets/collisions');
    await check('/api/dashboard', '/api/dashboard');
    await refreshDashboard({ db: t.db, logger: captureLogger('silent').logger });
    await check('/api/dashboard', '/api/dashboard');
    // The scoring job stored the split and the statistics: the pay fields carry data now.
    await check('/api/subnet', '/api/subnet');
    await check('/api/repos', '/api/repos');
    await check('/api/repos/{owner}/{name}/responsiveness', '/api/repos/acme/widgets/responsiveness');
    await check('/api/repos/{owner}/{name}/issues', '/api/repos/acme/nope/issues', 404);
    await check('/api/issues', '/api/issues?state=nope', 400);
  });

  it('names every operation once, says where it is served, and carries no unused component', async () => {
    const doc = (await get('/api/openapi.json')).json();
    const ops = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((o) => Object.values(o));
    const ids = ops.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id!)), ids.join(',')).toBe(true);
    expect(new Set(ids).size).toBe(ops.length);
    expect(doc.paths['/api/repos/{owner}/{name}/issues'].get.operationId).toBe('listRepoIssues');
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    const text = JSON.stringify(doc);
    for (const name of Object.keys(doc.components.schemas)) {
      const refs = text.split(`"#/components/schemas/${name}"`).length - 1;
      // One occurrence is the schema's own $id; a used schema has at least one reference besides.
      expect(refs, name).toBeGreaterThanOrEqual(2);
    }
    // A route the table does not list yet still gets a readable, unique name.
    expect(operationId('GET', '/api/repos/:owner/:name/frobs')).toBe('getApiReposByOwnerByNameFrobs');
  });

  it('is written offline exactly as served, and docs/openapi.json is current (npm run openapi:write)', async () => {
    const served = (await get('/api/openapi.json')).json();
    const offline = await openApiDocument();
    expect(offline).toEqual(served);
    expect(JSON.parse(readFileSync(DEFAULT_OPENAPI_FILE, 'utf8')), 'docs/openapi.json is stale: run npm run openapi:write').toEqual(served);
  });
});


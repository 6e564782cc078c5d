import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let root: string;
const INDEX = '<!doctype html><title>hub</title><script type="module" src="/assets/app-abc123.js"></script>';
const SCRIPT = 'console.log("the page");'.repeat(100);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'hub-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'assets', 'app-abc123.js'), SCRIPT);
  writeFileSync(join(root, 'assets', 'app-abc123.js.br'), brotliCompressSync(SCRIPT));
  t = await startTestApp({ deps: { webRoot: root } });
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('the page', () => {
  it('serves index.html at / under the CSP, asked for again after every build', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toBe(INDEX);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers index.html for the page\'s own paths, so deep links and reloads land on their view', async () => {
    for (const path of ['/repos/entrius/gittensor/issues?linked=false&item=entrius/gittensor/issues/3', '/repos/a/b/pulls', '/issues', '/pulls?repo=a/b', '/search?q=fix', '/some/old/bookmark']) {
      const res = await get(path);
      expect(res.statusCode, path).toBe(200);
      expect(res.body, path).toBe(INDEX);
      expect(res.headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('keeps the API\'s JSON 404 for unknown API paths and a 404 for missing assets', async () => {
    const api = await get('/api/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /api/nothing-here' } });
    expect((await get('/api/repos/a/b/c/d/e')).statusCode).toBe(404);
    expect((await get('/assets/app-old999.js')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/repos/a/b' })).statusCode).toBe(404);
    const health = await get('/api/health');
    expect(health.statusCode).toBe(200);
    expect(health.json().ok).toBe(true);
  });

  it('sends hashed assets for a year, pre-compressed when the browser accepts it', async () => {
    const plain = await get('/assets/app-abc123.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const br = await get('/assets/app-abc123.js', { 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
  });

  it('runs the API alone when the page has not been built', async () => {
    const bare = await startTestApp({ deps: { webRoot: join(root, 'missing') } });
    try {
      expect((await bare.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
      expect((await bare.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await bare.close();
    }
  });
});

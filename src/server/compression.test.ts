import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIssue, buildRepo } from '../test/factories.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;

beforeEach(async () => {
  t = await startTestApp();
  const repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
  // Long titles: a page of 30 is well over the 1 KB threshold.
  for (let i = 0; i < 40; i++) await buildIssue(t.db, repo, { title: `Validator crashes on restart, case ${i}, with a long enough title` });
});
afterEach(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('compressed answers', () => {
  it('compresses a list with gzip or brotli when the client accepts it, the same JSON either way', async () => {
    const plain = await get('/api/repos/acme/widgets/issues');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json().items).toHaveLength(30);

    const gz = await get('/api/repos/acme/widgets/issues', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toContain('accept-encoding');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(plain.json());
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);

    const br = await get('/api/repos/acme/widgets/issues', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('keeps the ETag of a compressed answer and answers 304 with no body to a current client', async () => {
    const first = await get('/api/repos/acme/widgets/issues', { 'accept-encoding': 'gzip' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\//);
    const again = await get('/api/repos/acme/widgets/issues', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers['content-encoding']).toBeUndefined();
  });

  it('leaves answers under 1 KB alone', async () => {
    const res = await get('/api/repos/acme/widgets/issues?limit=1', { 'accept-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBeLessThan(1024);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});

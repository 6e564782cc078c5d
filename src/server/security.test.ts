import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepo } from '../test/factories.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let base: URL;
let webRoot: string;

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'hub-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>hub</title>');
  t = await startTestApp({ deps: { webRoot } });
  await buildRepo(t.db, { full_name: 'acme/widgets' });
  base = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
});
afterAll(async () => {
  await t.close();
  rmSync(webRoot, { recursive: true, force: true });
});

/** Every header of the answer as sent on the wire, in order and spelling; values that name a time or a version are masked. */
function headersOf(path: string): Promise<{ status: number; headers: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, headers: { 'accept-encoding': 'identity' } }, (res) => {
      res.resume();
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const [name, value] = [res.rawHeaders[i]!, res.rawHeaders[i + 1]!];
          headers.push(`${name}: ${/^(date|etag|last-modified)$/i.test(name) ? '…' : value}`);
        }
        resolve({ status: res.statusCode!, headers });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

// What @fastify/helmet 13 (helmet 8) sent with the hub's options, recorded before it was replaced.
const CSP =
  "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data: https://avatars.githubusercontent.com;" +
  "font-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";
const SECURITY = [
  `Content-Security-Policy: ${CSP}`,
  'Cross-Origin-Opener-Policy: same-origin',
  'Cross-Origin-Resource-Policy: same-origin',
  'Origin-Agent-Cluster: ?1',
  'Referrer-Policy: no-referrer',
  'X-Content-Type-Options: nosniff',
  'X-DNS-Prefetch-Control: off',
  'X-Download-Options: noopen',
  'X-Frame-Options: DENY',
  'X-Permitted-Cross-Domain-Policies: none',
  'X-XSS-Protection: 0',
];
const CONNECTION = ['Date: …', 'Connection: keep-alive', 'Keep-Alive: timeout=72'];
const jsonError = (length: number) => [...SECURITY, 'cache-control: no-store', 'content-type: application/json; charset=utf-8', `content-length: ${length}`, ...CONNECTION];

describe('security headers', () => {
  it('sends the same full set of headers as before on the page, an API answer and error answers', async () => {
    expect(await headersOf('/')).toEqual({
      status: 200,
      headers: [...SECURITY, 'accept-ranges: bytes', 'last-modified: …', 'etag: …', 'content-type: text/html; charset=utf-8', 'content-length: 33', 'cache-control: no-cache', 'vary: accept-encoding', ...CONNECTION],
    });
    expect(await headersOf('/repos/acme/widgets/issues')).toEqual({
      status: 200,
      headers: [...SECURITY, 'cache-control: no-cache', 'accept-ranges: bytes', 'last-modified: …', 'etag: …', 'content-type: text/html; charset=utf-8', 'content-length: 33', 'vary: accept-encoding', ...CONNECTION],
    });
    expect(await headersOf('/api/repos/acme/widgets/issues')).toEqual({
      status: 200,
      headers: [...SECURITY, 'etag: …', 'cache-control: no-cache', 'x-hub-work: mode=index; examined=0', 'content-type: application/json; charset=utf-8', 'content-length: 47', ...CONNECTION],
    });
    // No route, a parameter the schema refuses, a repository the hub does not track.
    expect(await headersOf('/api/nope')).toEqual({ status: 404, headers: jsonError(65) });
    expect(await headersOf('/api/issues?limit=abc')).toEqual({ status: 400, headers: jsonError(190) });
    expect(await headersOf('/api/repos/acme/nope/issues')).toEqual({ status: 404, headers: jsonError(94) });
    // A URL the router refuses never reaches a hook: errors.ts sends the same headers itself, in lower case.
    const refused = await headersOf('/api/repos/acme/%zz/issues');
    expect(refused.status).toBe(400);
    expect(refused.headers).toEqual([...SECURITY.map((h) => h.replace(/^[^:]+/, (name) => name.toLowerCase())), ...jsonError(61).slice(SECURITY.length)]);
  });
});

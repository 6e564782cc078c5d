import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

// What inject cannot send: bytes Node's HTTP parser refuses before Fastify sees a request.

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as { port: number }).port;
});
afterAll(async () => t.close());

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes as they are and reads the answer until the server closes the connection. */
function send(text: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text, 'latin1'));
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

const request = (line: string) => send(`${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);

// The headers a routed answer carries, by hand (docs/api.md, Headers).
function expectSecurityHeaders(h: Record<string, string>, what: string): void {
  expect(h['content-security-policy'], what).toContain("frame-ancestors 'none'");
  expect(h['content-security-policy'], what).toContain("default-src 'self'");
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['x-frame-options'], what).toBe('DENY');
  expect(h['referrer-policy'], what).toBe('no-referrer');
  expect(h['cross-origin-resource-policy'], what).toBe('same-origin');
  expect(h['cache-control'], what).toBe('no-store');
}

describe('requests refused before routing', () => {
  it('answer in the hub error shape with the security headers', async () => {
    const cases: [string, number, string][] = [
      ['get /api/repos HTTP/1.1', 400, 'bad_request'],
      ['FETCH /api/repos HTTP/1.1', 400, 'bad_request'],
      ['GET /api/re\u0000pos HTTP/1.1', 400, 'bad_request'],
      ['GET /api/re pos HTTP/1.1', 400, 'bad_request'],
      [`GET /api/issues?q=${'x'.repeat(17 * 1024)} HTTP/1.1`, 431, 'headers_too_large'],
      ['GET /api/%zz HTTP/1.1', 400, 'bad_url'],
      [`GET /api/repos/acme/${'w'.repeat(250)} HTTP/1.1`, 414, 'parameter_too_long'],
    ];
    for (const [line, status, code] of cases) {
      const what = line.slice(0, 40);
      const res = await request(line);
      expect(res.status, what).toBe(status);
      expect(res.headers['content-type'], what).toMatch(/^application\/json/);
      expect(JSON.parse(res.body), what).toEqual({ error: { code, message: expect.any(String) } });
      expectSecurityHeaders(res.headers, what);
    }
  });

  it('carry the same security headers as a routed answer', async () => {
    const routed = await request('GET /api/nope HTTP/1.1');
    expect(routed.status).toBe(404);
    expectSecurityHeaders(routed.headers, 'routed 404');
    const refused = await request('get /api/nope HTTP/1.1');
    const perAnswer = new Set(['date', 'content-length', 'connection', 'content-type', 'keep-alive']);
    const names = (h: Record<string, string>) => Object.keys(h).filter((k) => !perAnswer.has(k)).sort();
    expect(names(refused.headers)).toEqual(names(routed.headers));
    for (const name of names(routed.headers)) expect(refused.headers[name], name).toBe(routed.headers[name]);
  });

  it('keep serving afterwards', async () => {
    await request('get / HTTP/1.1');
    expect((await request('GET /api/health HTTP/1.1')).status).toBe(200);
  });
});

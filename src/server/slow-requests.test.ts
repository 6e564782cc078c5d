import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../test/logs.ts';
import { SlowRequestLog } from './slow-requests.ts';
import { startTestApp, type TestApp } from './test-app.ts';

const slowLines = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => String(l.msg).startsWith('slow request'));

describe('SlowRequestLog', () => {
  it('sums an interval into one line per flush: count, worst, total and the slowest examples per route', () => {
    const { logger, lines } = captureLogger('info');
    const log = new SlowRequestLog(logger, { thresholdMs: 250, intervalMs: 3_600_000, examples: 2 });
    log.record('/api/issues', 'GET', '/api/issues?q=a', 300, 200);
    log.record('/api/issues', 'GET', '/api/issues?q=b', 900.4, 200);
    log.record('/api/issues', 'GET', '/api/issues?q=c', 100, 200); // fast: not counted
    log.record('/api/issues', 'GET', '/api/issues?q=d', 400, 400);
    log.record('/api/search', 'GET', '/api/search?q=x', 251, 200);
    expect(slowLines(lines())).toEqual([]);
    log.flush();
    const [line, ...rest] = slowLines(lines());
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      slow_requests: 4,
      threshold_ms: 250,
      routes: {
        '/api/issues': {
          count: 3,
          worst_ms: 900,
          total_ms: 1600,
          examples: [
            { ms: 900, status: 200, method: 'GET', url: '/api/issues?q=b' },
            { ms: 400, status: 400, method: 'GET', url: '/api/issues?q=d' },
          ],
        },
        '/api/search': { count: 1, worst_ms: 251, total_ms: 251, examples: [{ ms: 251, status: 200, method: 'GET', url: '/api/search?q=x' }] },
      },
    });
    // A quiet interval logs nothing; close logs what is left.
    log.flush();
    expect(slowLines(lines())).toHaveLength(1);
    log.record('/api/repos', 'GET', '/api/repos', 1000, 200);
    log.close();
    expect(slowLines(lines())).toHaveLength(2);
  });
});

describe('slow requests in the server log', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('are one summary line for many requests, not a line each', async () => {
    // Every request counts as slow, and the interval never ends during the test.
    t = await startTestApp({ deps: { slowRequests: { thresholdMs: -1, intervalMs: 3_600_000 } } });
    for (let i = 0; i < 40; i++) await t.app.inject({ method: 'GET', url: '/api/repos' });
    for (let i = 0; i < 5; i++) await t.app.inject({ method: 'GET', url: '/api/health' });
    const lines = () => t.logs().split('\n').filter(Boolean);
    expect(slowLines(lines())).toEqual([]);
    await t.app.close();
    const summaries = slowLines(lines());
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ slow_requests: 45, routes: { '/api/repos': { count: 40 }, '/api/health': { count: 5 } } });
    expect((summaries[0]!.routes as Record<string, { examples: unknown[] }>)['/api/repos']!.examples).toHaveLength(3);
  });
});

import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIssue, buildPull, buildRepo, type BuiltRepo } from '../test/factories.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let repo: BuiltRepo;
let base: string;

beforeEach(async () => {
  t = await startTestApp({ deps: { eventsPollMs: 25, eventsHeartbeatMs: 100 } });
  repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterEach(async () => t.close());

interface SseEvent {
  id?: string;
  event?: string;
  data?: unknown;
}

/** A minimal event-stream reader: collects events and comment lines as they arrive. */
function connect(path: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  let comments = 0;
  let ended = false;
  let response: IncomingMessage | undefined;
  const ready = new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      response = res;
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const ev: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments++;
            else if (line.startsWith('id: ')) ev.id = line.slice(4);
            else if (line.startsWith('event: ')) ev.event = line.slice(7);
            else if (line.startsWith('data: ')) ev.data = JSON.parse(line.slice(6));
          }
          if (ev.event) events.push(ev);
        }
      });
      res.on('end', () => (ended = true));
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });
  return {
    ready,
    events,
    comments: () => comments,
    ended: () => ended,
    close: () => response?.destroy(),
    async waitFor(pred: (e: SseEvent[]) => boolean, ms = 5000) {
      const until = Date.now() + ms;
      while (!pred(events)) {
        if (Date.now() > until) throw new Error(`timed out; events so far: ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

describe('GET /api/events', () => {
  it('announces items written after connect, with change ids as event ids', async () => {
    const stream = connect('/api/events');
    const res = await stream.ready;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    await stream.waitFor((e) => e.some((x) => x.event === 'ready'));

    const issue = await buildIssue(t.db, repo);
    const pull = await buildPull(t.db, repo);
    await stream.waitFor((e) => e.filter((x) => x.event === 'change').length >= 2);
    const changes = stream.events.filter((e) => e.event === 'change');
    expect(changes[0]!.data).toMatchObject({ repo: 'acme/widgets', number: issue.number, type: 'issue', kind: 'created' });
    expect(changes[1]!.data).toMatchObject({ repo: 'acme/widgets', number: pull.number, type: 'pull', kind: 'created' });
    expect(changes.map((c) => Number(c.id))).toEqual([...changes.map((c) => Number(c.id))].sort((a, b) => a - b));
    await stream.waitFor(() => stream.comments() > 0);
    stream.close();
  });

  it('resumes after Last-Event-ID and filters by repository', async () => {
    const other = await buildRepo(t.db, { full_name: 'acme/other' });
    const first = connect('/api/events');
    await first.ready;
    await first.waitFor((e) => e.some((x) => x.event === 'ready'));
    await buildIssue(t.db, repo);
    await first.waitFor((e) => e.some((x) => x.event === 'change'));
    const lastSeen = first.events.filter((e) => e.event === 'change').at(-1)!.id!;
    first.close();

    // Written while the client was away.
    const missedA = await buildIssue(t.db, other);
    const missedB = await buildIssue(t.db, repo);
    const resumed = connect('/api/events', { 'last-event-id': lastSeen });
    await resumed.ready;
    await resumed.waitFor((e) => e.filter((x) => x.event === 'change').length >= 2);
    expect(resumed.events.filter((e) => e.event === 'change').map((e) => (e.data as { number: number; repo: string }).repo + '#' + (e.data as { number: number }).number)).toEqual([
      `acme/other#${missedA.number}`,
      `acme/widgets#${missedB.number}`,
    ]);
    resumed.close();

    const filtered = connect('/api/events?repo=acme/other');
    await filtered.ready;
    await filtered.waitFor((e) => e.some((x) => x.event === 'ready'));
    await buildIssue(t.db, repo);
    const mine = await buildIssue(t.db, other);
    await filtered.waitFor((e) => e.some((x) => x.event === 'change'));
    await new Promise((r) => setTimeout(r, 100));
    expect(filtered.events.filter((e) => e.event === 'change').map((e) => (e.data as { number: number }).number)).toEqual([mine.number]);
    filtered.close();
  });

  it('refuses a malformed Last-Event-ID and unknown repositories before streaming', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/events', headers: { 'last-event-id': 'abc' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_last_event_id');
    const unknown = await t.app.inject({ method: 'GET', url: '/api/events?repo=acme/nope' });
    expect(unknown.json().error.code).toBe('repo_not_tracked');
  });

  it('ends open streams cleanly when the server shuts down', async () => {
    const stream = connect('/api/events');
    await stream.ready;
    await stream.waitFor((e) => e.some((x) => x.event === 'ready'));
    const closing = t.app.close();
    await stream.waitFor((e) => e.some((x) => x.event === 'shutdown'));
    await closing;
    const until = Date.now() + 2000;
    while (!stream.ended() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(stream.ended()).toBe(true);
  });
});

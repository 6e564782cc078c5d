import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
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

  it('streams events as they come, uncompressed, to a client that accepts compression', async () => {
    const stream = connect('/api/events', { 'accept-encoding': 'br, gzip, deflate' });
    const res = await stream.ready;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await stream.waitFor((e) => e.some((x) => x.event === 'ready'));
    const issue = await buildIssue(t.db, repo);
    await stream.waitFor((e) => e.some((x) => x.event === 'change'));
    expect(stream.events.find((e) => e.event === 'change')!.data).toMatchObject({ number: issue.number, kind: 'created' });
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

describe('GET /api/events resuming from far back', () => {
  let far: TestApp;
  afterEach(async () => far.close());

  async function writeChanges(db: TestApp['db'], repoId: number, itemId: number, n: number): Promise<void> {
    await sql`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${n})
      INSERT INTO changes (repo_id, item_id, number, is_pull, kind, at) SELECT ${repoId}, ${itemId} + i, i, 0, 'updated', '2026-01-01T00:00:00Z' FROM k`.execute(db);
  }

  it('replays up to the limit in full, and past it sends reset with an id that moves the client on', async () => {
    far = await startTestApp({ deps: { eventsPollMs: 25, eventsHeartbeatMs: 1000, eventsReplayLimit: 1000 } });
    const r = await buildRepo(far.db, { full_name: 'acme/far' });
    await far.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(far.app.server.address() as AddressInfo).port}`;
    await writeChanges(far.db, r.id, 1_000_000, 1001);
    const { first, last } = await far.db.selectFrom('changes').select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')]).executeTakeFirstOrThrow();
    expect(Number(last) - Number(first)).toBe(1000);

    // Exactly at the limit: 1,000 events behind, all replayed in order, then live.
    const within = connect('/api/events', { 'last-event-id': String(first) });
    await within.ready;
    await within.waitFor((e) => e.filter((x) => x.event === 'change').length >= 1000);
    const ids = within.events.filter((e) => e.event === 'change').map((e) => Number(e.id));
    expect(ids).toEqual(Array.from({ length: 1000 }, (_, i) => Number(first) + 1 + i));
    expect(within.events.some((e) => e.event === 'reset')).toBe(false);
    expect(within.ended()).toBe(false);
    within.close();

    // One past it: reset, under the newest id, and nothing replayed.
    const beyond = connect('/api/events', { 'last-event-id': String(Number(first) - 1) });
    await beyond.ready;
    await beyond.waitFor((e) => e.some((x) => x.event === 'reset'));
    const reset = beyond.events.find((e) => e.event === 'reset')!;
    expect(reset).toMatchObject({ id: String(last), data: { reason: 'too_far_behind', last_event_id: Number(last) } });
    expect(beyond.events.filter((e) => e.event === 'change')).toEqual([]);
    beyond.close();

    // The browser resumes from the reset's id: no replay loop.
    const again = connect('/api/events', { 'last-event-id': reset.id! });
    await again.ready;
    await again.waitFor((e) => e.some((x) => x.event === 'ready'));
    expect(again.events.some((e) => e.event === 'reset')).toBe(false);
    again.close();
  });

  it('carries the item title, state and whether it merged, and announces a new item once', async () => {
    far = await startTestApp({ deps: { eventsPollMs: 25, eventsHeartbeatMs: 1000 } });
    const r = await buildRepo(far.db, { full_name: 'acme/live' });
    await far.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(far.app.server.address() as AddressInfo).port}`;
    const first = connect('/api/events');
    await first.ready;
    await first.waitFor((e) => e.some((x) => x.event === 'ready'));
    const from = (first.events.find((e) => e.event === 'ready')!.data as { last_event_id: number }).last_event_id;
    first.close();
    const pull = await buildPull(far.db, r, { title: 'Fix the widget' });
    // The same pull request written again right after (its /pulls fields), as one sync pass does.
    await sql`INSERT INTO changes (repo_id, item_id, number, is_pull, kind, at) SELECT repo_id, item_id, number, is_pull, 'updated', at FROM changes WHERE number = ${pull.number} AND repo_id = ${r.id}`.execute(far.db);
    const stream = connect('/api/events', { 'last-event-id': String(from) });
    await stream.ready;
    await stream.waitFor((e) => e.some((x) => x.event === 'change'));
    await new Promise((res) => setTimeout(res, 150));
    const changes = stream.events.filter((e) => e.event === 'change');
    expect(changes).toHaveLength(1);
    expect(changes[0]!.data).toMatchObject({ repo: 'acme/live', number: pull.number, type: 'pull', kind: 'created', title: 'Fix the widget', state: 'open', merged: false });
    stream.close();
  });
});

describe('GET /api/events and the slow-request log', () => {
  it('does not log an open event stream as a slow request', async () => {
    const stream = connect('/api/events');
    await stream.ready;
    await stream.waitFor((e) => e.some((x) => x.event === 'ready'));
    await new Promise((r) => setTimeout(r, 400));
    // The server ends the stream (shutdown): the response finishes long after it began.
    await t.app.close();
    expect(t.logs()).not.toMatch(/"route":"\/api\/events".*slow request/);
  });
});

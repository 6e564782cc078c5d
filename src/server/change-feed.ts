import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import { pollingNotifier, type ChangeNotifier } from '../db/change-notifier.ts';
import { changeBounds, changesAfter, type ChangeRow } from '../db/changes.queries.ts';
import { repoNames } from '../db/status.queries.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

export interface ChangeFeedOptions {
  /** How often to look for new changes when no notifier is given (SQLite's way). */
  pollMs: number;
  /**
   * What says new changes may be readable: on PostgreSQL a LISTEN connection that
   * any worker's commit wakes, so every server hears every worker at once.
   */
  notifier?: ChangeNotifier;
  heartbeatMs: number;
  /** A client whose unsent output grows past this is dropped; it reconnects with Last-Event-ID. */
  maxBufferedBytes: number;
  /**
   * How many missed changes a reconnecting client may catch up on before it is
   * told to reload (`reset`, whose id moves its resume point to now, so it never
   * retries the same replay).
   */
  backlogLimit: number;
}

interface Client {
  res: ServerResponse;
  repoIds: ReadonlySet<number> | null;
}

const BATCH = 500;
const REPLAY_DRAIN_MS = 5_000;

/**
 * One event per item per batch: an item written twice in quick succession (a
 * new pull request, then its /pulls fields) is announced once, under the later
 * change id, as created if it was created.
 */
export function coalesce(rows: readonly ChangeRow[]): ChangeRow[] {
  const last = new Map<number, ChangeRow>();
  for (const r of rows) {
    const had = last.get(r.item_id);
    last.set(r.item_id, had && had.kind === 'created' && r.kind === 'updated' ? { ...r, kind: 'created' } : r);
  }
  return rows.flatMap((r) => {
    const keep = last.get(r.item_id)!;
    return keep.id === r.id ? [keep] : [];
  });
}

/** Resolves true once the response has handed its buffered output to the socket, false on timeout or close. */
function drained(res: ServerResponse, ms: number): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (!res.writableNeedDrain) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/**
 * Server-sent events announcing changed items. The workers, in other processes
 * (on other machines too), write one `changes` row per changed item in the same
 * transaction as the data; when the notifier wakes it, one reader here (not one
 * per client) reads new rows by id, a primary-key range, and fans them out. Event ids are change ids, so `Last-Event-ID` resumes
 * exactly where a client dropped off.
 */
export class ChangeFeed {
  private readonly clients = new Set<Client>();
  private lastId = 0;
  private started = false;
  private closed = false;
  private readonly notifier: ChangeNotifier;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  // Polls and catch-ups run one at a time, so a resuming client's backlog and the
  // live stream meet at exactly one id: nothing is lost or sent twice.
  private queue: Promise<void> = Promise.resolve();
  private names = new Map<number, string>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly logger: Logger,
    private readonly options: ChangeFeedOptions,
  ) {
    this.notifier = options.notifier ?? pollingNotifier(options.pollMs);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Takes over an already-opened event stream response. */
  async subscribe(res: ServerResponse, options: { lastEventId: number | null; repoIds: ReadonlySet<number> | null }): Promise<void> {
    const client: Client = { res, repoIds: options.repoIds };
    res.on('close', () => this.drop(client));
    res.write(`retry: 3000\n\n`);
    await this.serial(async () => {
      if (!this.started) await this.start();
      if (options.lastEventId !== null && options.lastEventId < this.lastId) await this.catchUp(client, options.lastEventId);
      else this.send(client, 'ready', String(this.lastId), { last_event_id: this.lastId });
      if (!res.destroyed && !this.closed) this.clients.add(client);
    });
  }

  /** Ends every stream (server shutdown): clients see `shutdown` and reconnect elsewhere or later. */
  close(): void {
    this.closed = true;
    void this.notifier.stop();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    for (const c of this.clients) {
      this.send(c, 'shutdown', null, {});
      c.res.end();
    }
    this.clients.clear();
  }

  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch((err: unknown) => this.logger.warn({ err }, 'change feed step failed'));
    return run;
  }

  private async start(): Promise<void> {
    this.lastId = (await changeBounds(this.db)).last;
    this.started = true;
    // Wake-ups that come while a read runs collapse into one more read after it.
    let pending = false;
    this.notifier.start(() => {
      if (pending) return;
      pending = true;
      void this.serial(async () => {
        pending = false;
        await this.poll();
      });
    });
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.options.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  private async catchUp(client: Client, from: number): Promise<void> {
    const bounds = await changeBounds(this.db);
    const missed = this.lastId - from;
    // Pruned past the resume point, or too far behind: the client reloads what it shows.
    if (from < bounds.first - 1 || missed > this.options.backlogLimit) {
      this.send(client, 'reset', String(this.lastId), { reason: missed > this.options.backlogLimit ? 'too_far_behind' : 'history_pruned', last_event_id: this.lastId });
      return;
    }
    let cursor = from;
    while (cursor < this.lastId) {
      const rows = (await changesAfter(this.db, cursor, BATCH)).filter((r) => r.id <= this.lastId);
      if (rows.length === 0) break;
      await this.deliver(rows, [client], true);
      cursor = rows[rows.length - 1]!.id;
      // A replay is a burst the client asked for: wait for it to be read rather than
      // count it against the slow-reader limit (which would drop the client, which
      // would come back with the same id and the same burst, forever).
      if (!(await drained(client.res, REPLAY_DRAIN_MS))) {
        client.res.destroy();
        return;
      }
    }
  }

  private async poll(): Promise<void> {
    if (this.closed || !this.started) return;
    if (this.clients.size === 0) {
      // Nobody listens: stop polling; the next subscriber starts again from the newest change.
      this.stop();
      return;
    }
    for (let round = 0; round < 20; round++) {
      const rows = await changesAfter(this.db, this.lastId, BATCH);
      if (rows.length === 0) return;
      this.lastId = rows[rows.length - 1]!.id;
      await this.deliver(rows, [...this.clients]);
      if (rows.length < BATCH) return;
    }
  }

  private stop(): void {
    void this.notifier.stop();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.started = false;
  }

  private async deliver(rows: ChangeRow[], to: Client[], replay = false): Promise<void> {
    const missing = [...new Set(rows.filter((r) => !this.names.has(r.repo_id)).map((r) => r.repo_id))];
    if (missing.length) for (const [id, name] of await repoNames(this.db, missing)) this.names.set(id, name);
    for (const row of coalesce(rows)) {
      const data = {
        id: row.id,
        repo: this.names.get(row.repo_id) ?? '',
        number: row.number,
        type: row.is_pull ? 'pull' : 'issue',
        kind: row.kind,
        at: row.at,
        title: row.title,
        state: row.status,
        merged: row.is_pull ? row.merged === 1 : null,
      };
      for (const c of to) if (!c.repoIds || c.repoIds.has(row.repo_id)) this.send(c, 'change', String(row.id), data, replay);
    }
  }

  private heartbeat(): void {
    for (const c of this.clients) this.write(c, `: keep-alive\n\n`);
  }

  private send(client: Client, event: string, id: string | null, data: unknown, replay = false): void {
    this.write(client, `${id === null ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`, replay);
  }

  private write(client: Client, text: string, replay = false): void {
    if (client.res.destroyed || client.res.writableEnded) return this.drop(client);
    // A slow reader must not make the server hold an unbounded backlog for it.
    // A replay is bounded by backlogLimit instead, and waits for each batch to drain.
    if (!replay && client.res.writableLength > this.options.maxBufferedBytes) {
      this.logger.info({ buffered: client.res.writableLength }, 'dropping a slow event-stream client');
      client.res.destroy();
      return this.drop(client);
    }
    client.res.write(text);
  }

  private drop(client: Client): void {
    this.clients.delete(client);
  }
}

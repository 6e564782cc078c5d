import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import { changeBounds, changesAfter, type ChangeRow } from '../db/changes.queries.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

export interface ChangeFeedOptions {
  pollMs: number;
  heartbeatMs: number;
  /** A client whose unsent output grows past this is dropped; it reconnects with Last-Event-ID. */
  maxBufferedBytes: number;
  /** How many missed changes a reconnecting client may catch up on before it is told to reload. */
  backlogLimit: number;
}

interface Client {
  res: ServerResponse;
  repoIds: ReadonlySet<number> | null;
}

const BATCH = 500;

/**
 * Server-sent events announcing changed items. The worker, in another process,
 * writes one `changes` row per changed item in the same transaction as the
 * data; one poller here (not one per client) reads new rows by id, a primary-key
 * range, and fans them out. Event ids are change ids, so `Last-Event-ID` resumes
 * exactly where a client dropped off.
 */
export class ChangeFeed {
  private readonly clients = new Set<Client>();
  private lastId = 0;
  private started = false;
  private closed = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  // Polls and catch-ups run one at a time, so a resuming client's backlog and the
  // live stream meet at exactly one id: nothing is lost or sent twice.
  private queue: Promise<void> = Promise.resolve();
  private names = new Map<number, string>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly logger: Logger,
    private readonly options: ChangeFeedOptions,
  ) {}

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
    if (this.pollTimer) clearInterval(this.pollTimer);
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
    this.pollTimer = setInterval(() => void this.serial(() => this.poll()), this.options.pollMs);
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.options.heartbeatMs);
    this.pollTimer.unref();
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
      await this.deliver(rows, [client]);
      cursor = rows[rows.length - 1]!.id;
    }
  }

  private async poll(): Promise<void> {
    if (this.closed) return;
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
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.pollTimer = this.heartbeatTimer = null;
    this.started = false;
  }

  private async deliver(rows: ChangeRow[], to: Client[]): Promise<void> {
    if (rows.some((r) => !this.names.has(r.repo_id))) {
      const all = await this.db.selectFrom('repos').select(['id', 'full_name']).execute();
      this.names = new Map(all.map((r) => [r.id, r.full_name]));
    }
    for (const row of rows) {
      const data = { id: row.id, repo: this.names.get(row.repo_id) ?? '', number: row.number, type: row.is_pull ? 'pull' : 'issue', kind: row.kind, at: row.at };
      for (const c of to) if (!c.repoIds || c.repoIds.has(row.repo_id)) this.send(c, 'change', String(row.id), data);
    }
  }

  private heartbeat(): void {
    for (const c of this.clients) this.write(c, `: keep-alive\n\n`);
  }

  private send(client: Client, event: string, id: string | null, data: unknown): void {
    this.write(client, `${id === null ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private write(client: Client, text: string): void {
    if (client.res.destroyed || client.res.writableEnded) return this.drop(client);
    // A slow reader must not make the server hold an unbounded backlog for it.
    if (client.res.writableLength > this.options.maxBufferedBytes) {
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

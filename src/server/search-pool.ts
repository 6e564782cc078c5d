import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SearchResult, SearchSpec } from '../db/search.queries.ts';
import type { BuiltList, ListJob } from './list-build.ts';
import { fromThreadError, type ThreadError } from './thread-error.ts';

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>;
}

/** What a read thread is asked (search.worker.ts answers each kind). */
export type ReadRequest = { search: SearchSpec } | { list: ListJob };

/**
 * Full-text ranking (bm25 over up to SEARCH_WINDOW matches) costs a few
 * milliseconds of synchronous SQLite work per search at a million items; on the
 * server's event loop, a burst of searches would delay every other request. So
 * searches run on a small pool of threads, each with its own read-only
 * connection (WAL readers never wait for each other or for the writer), and the
 * event loop only awaits their answers. A thread that dies fails its pending
 * searches and is replaced.
 *
 * List pages are built on the same threads (list-build.ts): a page that a commit
 * made stale costs its list query, its previews and its serialisation, 4–9 ms of
 * synchronous work at 5,000 items a repository, and after a commit every client
 * polling the repository asks for its pages at once. On the event loop those
 * builds queued behind each other and held up every other request; here the
 * event loop reads the version, looks up the kept answer, and awaits the text.
 */
export class SearchPool {
  private readonly threads: Thread[] = [];
  private seq = 0;
  private closed = false;

  constructor(
    private readonly path: string,
    size = Math.min(2, availableParallelism()),
  ) {
    for (let i = 0; i < size; i++) this.threads.push(this.spawn());
  }

  private spawn(): Thread {
    // The boot file registers the TypeScript loader in the thread, so it works the same
    // under `npm start`, the benchmark and the test runner.
    const worker = new Worker(new URL('./search.worker.boot.mjs', import.meta.url), { workerData: { path: this.path } });
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (m: { id: number; result?: unknown; error?: ThreadError }) => {
      const p = thread.pending.get(m.id);
      if (!p) return;
      thread.pending.delete(m.id);
      if (m.error !== undefined) p.reject(fromThreadError(m.error));
      else p.resolve(m.result!);
    });
    const fail = (err: Error) => {
      for (const p of thread.pending.values()) p.reject(err);
      thread.pending.clear();
      if (this.closed) return;
      const i = this.threads.indexOf(thread);
      if (i >= 0) this.threads[i] = this.spawn();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`search thread exited (${code})`)));
    // Idle threads must not keep the process alive.
    worker.unref();
    return thread;
  }

  search(spec: SearchSpec): Promise<SearchResult> {
    return this.ask<SearchResult>({ search: spec });
  }

  /** One list page, built on a thread: its checked JSON text (list-build.ts). */
  list(job: ListJob): Promise<BuiltList> {
    return this.ask<BuiltList>({ list: job });
  }

  private ask<R>(request: ReadRequest): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the search pool is closed'));
    const thread = this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = ++this.seq;
    return new Promise<R>((resolve, reject) => {
      thread.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      thread.worker.postMessage({ id, ...request });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

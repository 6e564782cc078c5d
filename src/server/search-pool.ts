import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SearchResult, SearchSpec } from '../db/search.queries.ts';
import { fromThreadError, type ThreadError } from './thread-error.ts';

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (r: SearchResult) => void; reject: (e: Error) => void }>;
}

/**
 * Full-text ranking (bm25 over up to SEARCH_WINDOW matches) costs a few
 * milliseconds of synchronous SQLite work per search at a million items; on the
 * server's event loop, a burst of searches would delay every other request. So
 * searches run on a small pool of threads, each with its own read-only
 * connection (WAL readers never wait for each other or for the writer), and the
 * event loop only awaits their answers. A thread that dies fails its pending
 * searches and is replaced.
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
    worker.on('message', (m: { id: number; result?: SearchResult; error?: ThreadError }) => {
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
    if (this.closed) return Promise.reject(new Error('the search pool is closed'));
    const thread = this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, spec });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/**
 * Where the worker's token scores are computed. A pull request's parse and tree
 * diff is synchronous CPU work (up to the parser's 2 s budget per side and file):
 * on the worker's event loop it would hold up lease heartbeats and every other
 * job, so it runs on a thread of its own. The server never scores anything (it
 * only reads pull_token_scores), and the worker is a process of its own, so a
 * scoring burst cannot delay a request either way.
 */
import { Worker } from 'node:worker_threads';
import type { FileChangeInput, PullRequestTokenScore } from '../core/tokens/index.ts';
import { GRAMMAR_FILES } from './token-grammars.ts';

export interface TokenScorer {
  /** Whether the hub can parse files of this grammar (the validator's language name). */
  hasGrammar(language: string): boolean;
  score(files: readonly FileChangeInput[]): Promise<PullRequestTokenScore>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (r: PullRequestTokenScore) => void;
  reject: (e: Error) => void;
}

/** One scoring thread, started on first use and replaced if it dies; idle, it keeps no process alive. */
export class ThreadTokenScorer implements TokenScorer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private closed = false;

  hasGrammar(language: string): boolean {
    return Object.hasOwn(GRAMMAR_FILES, language);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./token-score.thread.boot.mjs', import.meta.url));
    worker.on('message', (m: { id: number; result?: PullRequestTokenScore; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(`token scoring failed: ${m.error}`));
      else p.resolve(m.result!);
      if (this.pending.size === 0) worker.unref();
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the token scoring thread exited (${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  score(files: readonly FileChangeInput[]): Promise<PullRequestTokenScore> {
    if (this.closed) return Promise.reject(new Error('the token scorer is closed'));
    const worker = this.thread();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Held while a score is pending, so a drain waiting on it does not see an empty loop.
      worker.ref();
      worker.postMessage({ id, files });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

import { Worker } from 'node:worker_threads';

export type StoreState = 'ok' | 'corrupt' | 'unverified';

export interface StoreCheck {
  state: StoreState;
  /** What SQLite reported (its first problems), or why the check did not finish. */
  detail: string | null;
  checked_at: string;
  ms: number;
}

/**
 * Checks the SQLite file's structure with `PRAGMA quick_check` (every page and
 * index entry's form, without the cost of cross-checking indexes against
 * tables). It runs on a thread of its own with a read-only connection, so it
 * can be abandoned: on a large store that takes longer than `timeoutMs` the
 * thread is stopped and the store reads as `unverified`, and start-up goes on.
 */
export function checkStore(path: string, timeoutMs = 10_000): Promise<StoreCheck> {
  const started = performance.now();
  const done = (state: StoreState, detail: string | null): StoreCheck => ({ state, detail, checked_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), ms: Math.round(performance.now() - started) });
  return new Promise((resolve) => {
    // The boot file registers the TypeScript loader in the thread (see search.worker.boot.mjs).
    const worker = new Worker(new URL('./store-check.worker.boot.mjs', import.meta.url), { workerData: { path } });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(done('unverified', `the integrity check did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    worker.once('message', (m: { problems?: string[]; error?: string; code?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.error !== undefined) {
        // Corruption that stops SQLite from even reading the schema arrives as an error.
        resolve(isCorruption(m.code, m.error) ? done('corrupt', m.error) : done('unverified', `the integrity check failed: ${m.error}`));
      } else if (m.problems && m.problems.length > 0 && !(m.problems.length === 1 && m.problems[0] === 'ok')) {
        resolve(done('corrupt', m.problems.slice(0, 5).join('; ')));
      } else resolve(done('ok', null));
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      resolve(done('unverified', `the integrity check failed: ${err.message}`));
    });
  });
}

/** SQLite's answers for a damaged file: SQLITE_CORRUPT ("database disk image is malformed") and SQLITE_NOTADB. */
export function isCorruption(code: string | undefined, message: string): boolean {
  return (code !== undefined && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) || /database disk image is malformed|file is not a database/i.test(message);
}

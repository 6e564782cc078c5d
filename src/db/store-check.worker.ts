/** The integrity-check thread (see store-check.ts): its own read-only connection, one quick_check, one answer. */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { path } = workerData as { path: string };
try {
  const sqlite = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    const rows = sqlite.pragma('quick_check(20)') as { quick_check: string }[];
    parentPort!.postMessage({ problems: rows.map((r) => r.quick_check) });
  } finally {
    sqlite.close();
  }
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code });
}

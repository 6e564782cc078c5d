import { TEST_STORE } from './db.ts';

/**
 * Skips a test (or a whole describe block) on PostgreSQL, for checks that are about
 * SQLite itself: its files (WAL, corruption), PRAGMAs, its query planner. The
 * reason is required so the list of such tests stays short and honest.
 */
export function sqliteOnly(reason: string): boolean {
  if (reason.trim().length < 10) throw new Error('sqliteOnly needs a reason');
  return TEST_STORE !== 'sqlite';
}

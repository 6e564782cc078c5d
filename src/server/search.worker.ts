/**
 * A read thread: its own read-only connection to the store, answering
 * searchItems requests (with the ranked windows it keeps) and list page builds
 * from the server's event loop (see search-pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.ts';
import { searchItems, SearchWindows } from '../db/search.queries.ts';
import { buildListPage } from './list-build.ts';
import type { ReadRequest } from './search-pool.ts';
import { toThreadError } from './thread-error.ts';

const database = openDatabase({ kind: 'sqlite', path: (workerData as { path: string }).path }, { readonly: true });
// Each thread keeps the windows it ranked (search.queries.ts).
const windows = new SearchWindows();

parentPort!.on('message', async (message: { id: number } & ReadRequest) => {
  try {
    const result = 'search' in message ? await searchItems(database.db, message.search, windows) : await buildListPage(database.db, message.list);
    parentPort!.postMessage({ id: message.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: toThreadError(err) });
  }
});

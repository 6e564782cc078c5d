/**
 * A search thread: its own read-only connection to the store, answering
 * searchItems requests from the server's event loop (see search-pool.ts), with
 * the ranked windows it keeps.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.ts';
import { searchItems, SearchWindows, type SearchSpec } from '../db/search.queries.ts';
import { toThreadError } from './thread-error.ts';

const database = openDatabase({ kind: 'sqlite', path: (workerData as { path: string }).path }, { readonly: true });
// Each thread keeps the windows it ranked (search.queries.ts).
const windows = new SearchWindows();

parentPort!.on('message', async (message: { id: number; spec: SearchSpec }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: await searchItems(database.db, message.spec, windows) });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: toThreadError(err) });
  }
});

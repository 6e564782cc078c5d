import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { startSimulator } from '../sim/index.ts';
import { loadDataset } from '../sim/loader.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

/** A real store with a few hundred items, closed (checkpointed into the main file). */
export async function filledStore(): Promise<TestDatabase> {
  const sim = await startSimulator({ seed: 81, repos: 1, itemsPerRepo: 400 });
  const d = await createTestDatabase();
  await loadDataset(d.db, sim.dataset);
  await sim.stop();
  await d.close();
  // Closed already: disposing only deletes the files.
  return { ...d, dispose: async () => rmSync(d.dir, { recursive: true, force: true }) };
}

/** Overwrites a run of whole pages in the middle of the file (never page 1, which holds the header). */
export function corruptPages(path: string): void {
  const size = statSync(path).size;
  const page = readFileSync(path).readUInt16BE(16) || 65536;
  const first = Math.floor((size * 0.4) / page) * page;
  const last = Math.floor((size * 0.9) / page) * page;
  const garbage = Buffer.alloc(page, 0xa5);
  const fd = openSync(path, 'r+');
  for (let at = first; at < last; at += page) writeSync(fd, garbage, 0, page, at);
  closeSync(fd);
}

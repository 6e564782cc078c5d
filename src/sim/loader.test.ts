import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { mirrorDifferences } from '../test/mirror.ts';
import { startSimulator, type Simulator } from './index.ts';
import { loadDataset } from './loader.ts';

let sim: Simulator | null = null;
let database: TestDatabase | null = null;
afterEach(async () => {
  await sim?.stop();
  await database?.dispose();
});

describe('loadDataset', () => {
  it('writes a generated data set into a store exactly as a sync would (text links)', async () => {
    sim = await startSimulator({ seed: 51, repos: 3, itemsPerRepo: 400 });
    database = await createTestDatabase();
    const progress: number[] = [];
    const report = await loadDataset(database.db, sim.dataset, { batch: 500, onProgress: (n) => progress.push(n) });
    const live = sim.dataset.repos().reduce((n, r) => n + sim!.dataset.numbers(r.fullName).length, 0);
    expect(live).toBeGreaterThan(1150);
    expect(report).toMatchObject({ repos: 3, items: live });
    expect(progress.at(-1)).toBe(live);
    expect(await mirrorDifferences(database.db, sim, { links: 'text' })).toEqual([]);
    const states = await database.db.selectFrom('sync_state').selectAll().execute();
    for (const s of states) expect(s.last_success_at).not.toBeNull();
    expect(states.reduce((n, s) => n + s.issues_total + s.pulls_total, 0)).toBe(live);
    expect(await database.db.selectFrom('changes').selectAll().execute()).toEqual([]);
  });
});

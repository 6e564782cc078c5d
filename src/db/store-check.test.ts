import { afterEach, describe, expect, it } from 'vitest';
import { corruptPages, filledStore } from '../test/corrupt.ts';
import type { TestDatabase } from '../test/db.ts';
import { checkStore } from './store-check.ts';
import { sqliteOnly } from '../test/store.ts';

let database: TestDatabase | null = null;
afterEach(async () => {
  await database?.dispose();
  database = null;
});

describe.skipIf(sqliteOnly('checks the SQLite file (integrity_check on overwritten pages)'))('checkStore', () => {
  it('finds a healthy store ok', async () => {
    database = await filledStore();
    expect(await checkStore(database.path)).toMatchObject({ state: 'ok', detail: null });
  });

  it('finds a store with overwritten pages corrupt, saying what SQLite found', async () => {
    database = await filledStore();
    corruptPages(database.path);
    const check = await checkStore(database.path);
    expect(check.state).toBe('corrupt');
    expect(check.detail).toBeTruthy();
  });

  it('gives up in bounded time on a check that does not finish, reporting the store unverified', async () => {
    database = await filledStore();
    const check = await checkStore(database.path, 1);
    expect(check).toMatchObject({ state: 'unverified', detail: expect.stringMatching(/did not finish within 1 ms/) });
    expect(check.ms).toBeLessThan(1000);
  });
});

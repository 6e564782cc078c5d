import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISSUE_STATUSES, PULL_STATUSES } from '../core/states.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { buildBulk, buildRepo } from '../test/factories.ts';
import { toFtsQuery } from './fts.ts';
import { listItems, SORT_COLUMNS, type ItemListSpec, type Position } from './item-list.queries.ts';
import type { ItemRow } from './schema.ts';
import { matchingIds } from './search-dialect.ts';

// The list engine against an oracle: every plan (index, candidates, bounded scan),
// paged to the end with tiny budgets, must return exactly the filtered, sorted
// rows a naive computation over the whole table returns, none twice, none skipped.

let database: TestDatabase;
let items: ItemRow[];
let labels: Map<number, Set<string>>;
let repoIds: number[];
let inactiveId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const a = await buildRepo(db, { full_name: 'acme/alpha' });
  const b = await buildRepo(db, { full_name: 'acme/beta' });
  const gone = await buildRepo(db, { full_name: 'acme/retired' });
  await buildBulk(db, a, { issues: 140, pulls: 90, authors: 6, words: ['parser', 'cache', 'crash', 'token'] });
  await buildBulk(db, b, { issues: 90, pulls: 60, authors: 4, words: ['parser', 'render', 'docs'] });
  await buildBulk(db, gone, { issues: 30, pulls: 10, authors: 3 });
  await db.updateTable('repos').set({ active: 0 }).where('id', '=', gone.id).execute();
  repoIds = [a.id, b.id];
  inactiveId = gone.id;
  items = await db.selectFrom('items').selectAll().execute();
  labels = new Map();
  for (const l of await db.selectFrom('item_labels').selectAll().execute()) {
    if (!labels.has(l.item_id)) labels.set(l.item_id, new Set());
    labels.get(l.item_id)!.add(l.label_key);
  }
}, 120_000);
afterAll(async () => database.dispose());

async function textMatches(q: string): Promise<Set<number> | null> {
  const match = toFtsQuery(q);
  if (match === null) return null;
  const rows = (await matchingIds(database.db, match, 1_000_000).execute(database.db)).rows;
  return new Set(rows.map((r) => r.id));
}

async function expected(spec: ItemListSpec): Promise<number[]> {
  const text = spec.q === undefined ? undefined : await textMatches(spec.q);
  if (text === null) return [];
  const col = SORT_COLUMNS[spec.sort];
  const sign = spec.direction === 'desc' ? -1 : 1;
  return items
    .filter((i) => i.is_pull === (spec.isPull ? 1 : 0))
    .filter((i) => (spec.repoIds ? spec.repoIds.includes(i.repo_id) : !spec.excludeRepoIds?.includes(i.repo_id)))
    .filter((i) => spec.statuses.includes(i.status))
    .filter((i) => spec.author === undefined || i.author_key === spec.author)
    .filter((i) => (spec.labels ?? []).every((l) => labels.get(i.id)?.has(l)))
    .filter((i) => spec.linked === undefined || (i.linked_count > 0) === spec.linked)
    .filter((i) => text === undefined || text.has(i.id))
    .sort((x, y) => {
      const a = x[col] as string | number;
      const b = y[col] as string | number;
      if (a !== b) return (a < b ? -1 : 1) * sign;
      return (x.id - y.id) * sign;
    })
    .map((i) => i.id);
}

async function pageThrough(spec: ItemListSpec): Promise<{ ids: number[]; modes: Set<string>; pages: number }> {
  const ids: number[] = [];
  const modes = new Set<string>();
  let after: Position | null = null;
  let pages = 0;
  do {
    const res = await listItems(database.db, { ...spec, after });
    modes.add(res.mode);
    ids.push(...res.rows.map((r) => r.id));
    after = res.next;
    pages++;
    expect(pages).toBeLessThan(2000);
  } while (after);
  return { ids, modes, pages };
}

const specArb = fc.record({
  isPull: fc.boolean(),
  scope: fc.constantFrom('one', 'both', 'global', 'everything'),
  statusPick: fc.array(fc.nat(4), { minLength: 1, maxLength: 5 }),
  author: fc.option(fc.constantFrom('user0', 'user1', 'user3', 'nobody'), { nil: undefined, freq: 2 }),
  label: fc.option(fc.constantFrom('bug', 'docs-missing', 'help wanted'), { nil: undefined, freq: 2 }),
  linked: fc.option(fc.boolean(), { nil: undefined, freq: 2 }),
  q: fc.option(fc.constantFrom('parser', 'crash token', '"problem 12"', '---', 'render'), { nil: undefined, freq: 2 }),
  sort: fc.constantFrom('updated', 'created', 'comments', 'number') as fc.Arbitrary<ItemListSpec['sort']>,
  direction: fc.constantFrom('asc', 'desc') as fc.Arbitrary<ItemListSpec['direction']>,
  limit: fc.integer({ min: 1, max: 25 }),
  workBudget: fc.integer({ min: 1, max: 300 }),
  candidateLimit: fc.integer({ min: 0, max: 80 }),
});

describe('listItems', () => {
  it('pages through exactly the filtered, sorted rows under every plan', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(specArb, async (s) => {
        const statuses = s.isPull ? PULL_STATUSES : ISSUE_STATUSES;
        const spec: ItemListSpec = {
          isPull: s.isPull,
          repoIds: s.scope === 'one' ? [repoIds[0]!] : s.scope === 'both' ? repoIds : null,
          // 'everything' is a global list while no repository has been retired.
          excludeRepoIds: s.scope === 'global' ? [inactiveId] : [],
          statuses: [...new Set(s.statusPick.map((i) => statuses[i % statuses.length]!))],
          author: s.author,
          labels: s.label ? [s.label] : undefined,
          linked: s.linked,
          q: s.q,
          sort: s.sort,
          direction: s.direction,
          after: null,
          limit: s.limit,
          tuning: { workBudget: s.workBudget, candidateLimit: s.candidateLimit },
        };
        const got = await pageThrough(spec);
        for (const m of got.modes) seen.add(m);
        expect(got.ids).toEqual(await expected(spec));
      }),
      { numRuns: 200 },
    );
    // The generator must have reached every plan, or the property proves less than it claims.
    expect([...seen].sort()).toEqual(expect.arrayContaining(['candidates', 'index', 'scan']));
  }, 120_000);

  it('bounds the rows read per page by the budget', async () => {
    const spec: ItemListSpec = {
      isPull: false, repoIds: null, excludeRepoIds: [inactiveId], statuses: ['open'], labels: ['bug'], linked: true, sort: 'created',
      direction: 'desc', after: null, limit: 10, tuning: { workBudget: 50, candidateLimit: 0 },
    };
    // A candidate limit of 0 makes every non-empty filter overflow: the bounded scan answers.
    const res = await listItems(database.db, spec);
    expect(res.mode).toBe('scan');
    expect(res.examined).toBeLessThanOrEqual(50);
    expect(res.next).not.toBeNull();
  });

  it('answers a text with no searchable word with nothing, without touching the index', async () => {
    const res = await listItems(database.db, { isPull: false, repoIds: null, statuses: ['open'], q: '*** ---', sort: 'updated', direction: 'desc', after: null, limit: 10 });
    expect(res).toMatchObject({ rows: [], next: null, mode: 'empty', examined: 0 });
  });
});

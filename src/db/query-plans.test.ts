import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { buildBulk, buildRepo } from '../test/factories.ts';
import { explainShapes, fullScans, type ShapeReport, type StoreFacts } from './query-plans.ts';
import { sqliteOnly } from '../test/store.ts';

// Plans come from SQLite's planner without statistics (the hub never runs
// ANALYZE), so they are the same on this small store as on a large one; the
// large-store plans and timings in docs/api.md were produced the same way.

let database: TestDatabase;
let reports: ShapeReport[];

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const big = await buildRepo(db, { full_name: 'acme/big' });
  const other = await buildRepo(db, { full_name: 'acme/other' });
  await buildBulk(db, big, { issues: 300, pulls: 200, authors: 8 });
  await buildBulk(db, other, { issues: 60, pulls: 40, words: ['zebra'] });
  const pull = await db.selectFrom('items').select(['id', 'number']).where('repo_id', '=', big.id).where('is_pull', '=', 1).where('linked_count', '>', 0).executeTakeFirstOrThrow();
  const issue = await db.selectFrom('items').select('number').where('repo_id', '=', big.id).where('is_pull', '=', 0).where('linked_count', '>', 0).executeTakeFirstOrThrow();
  const facts: StoreFacts = {
    bigRepoId: big.id, bigRepoKey: big.name_key, otherRepoId: other.id, issueNumber: issue.number, pullNumber: pull.number, pullId: pull.id,
    author: 'user3', label: 'bug', commonWord: 'parser', rareWord: 'zebra',
  };
  reports = await explainShapes(database.path, facts);
}, 120_000);
afterAll(async () => database.dispose());

describe.skipIf(sqliteOnly("SQLite's EXPLAIN QUERY PLAN of each route's queries"))('query plans', () => {
  it('never scan a whole table of items, labels, links or changes', () => {
    expect(reports.length).toBeGreaterThan(20);
    for (const r of reports) {
      expect(r.steps.length, r.name).toBeGreaterThan(0);
      expect(fullScans(r), `${r.name}\n${r.steps.map((s) => `${s.sql}\n${s.plan.join('\n')}`).join('\n\n')}`).toEqual([]);
    }
  });

  it('read list branches straight from a sort index, never sorting them, row checks included', () => {
    const lists = reports.filter((x) => x.work?.mode === 'index' || x.work?.mode === 'scan');
    expect(lists.map((r) => r.work!.mode)).toEqual(expect.arrayContaining(['index', 'scan']));
    for (const r of lists) {
      const branches = r.steps.filter((s) => s.sql.startsWith('SELECT items.id AS id'));
      expect(branches.length, r.name).toBeGreaterThan(0);
      for (const b of branches) {
        const plan = b.plan.join('\n');
        expect(plan, `${r.name}\n${b.sql}`).toMatch(/^SEARCH items USING (COVERING )?INDEX items_(by|global|author)_/);
        expect(plan, `${r.name}\n${b.sql}`).not.toContain('TEMP B-TREE');
      }
    }
  });

  it('use the indexes meant for each shape', () => {
    const planOf = (name: string) => reports.find((r) => r.name === name)!.steps.flatMap((s) => s.plan).join('\n');
    expect(planOf('repo issues: author, updated desc')).toContain('INDEX items_by_author');
    expect(planOf('repo issues: linked=false, updated desc')).toContain('INDEX items_by_linked');
    expect(planOf('global pulls: state=all, number desc')).toContain('INDEX items_global_number');
    expect(planOf('global pulls: open, comments desc')).toContain('INDEX items_global_comments');
    expect(planOf('global issues: author, updated desc')).toContain('INDEX items_author_global');
    expect(planOf('repository lookup (every repository route)')).toContain('USING INDEX sqlite_autoindex_repos_1');
    expect(planOf('change feed poll')).toContain('USING INTEGER PRIMARY KEY');
  });
});

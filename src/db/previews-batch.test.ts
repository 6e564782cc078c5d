import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { buildIssue, buildPull, buildRepo, type BuiltRepo } from '../test/factories.ts';
import { boundedJoin, dialectOf, idTable, pairTable } from './dialect.ts';
import { linkedPulls, linkedPullsOfMany } from './issues.queries.ts';
import { closingIssues, closingIssuesOfMany } from './pulls.queries.ts';

let t: TestDatabase;
let repo: BuiltRepo;

beforeEach(async () => {
  t = await createTestDatabase();
  repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
});
afterEach(async () => t.dispose());

describe('list previews in one statement', () => {
  it('answer exactly what one query per row answers, at most the limit each', async () => {
    const issues = [];
    for (let i = 0; i < 6; i++) issues.push(await buildIssue(t.db, repo, { title: `Issue ${i}` }));
    const [a, b, c, d] = issues.map((i) => i.number) as [number, number, number, number];
    const bodies = [
      `Fixes #${a}`, `Fixes #${a}, fixes #${b}`, `Closes #${a}\n\nFixes #${c}`, `Resolves #${a} and fixes #${b} and fixes #${c} and fixes #${d}`,
      `Fixes #${a}`, `Fixes other/repo#4 and fixes #${b}`, 'No links here', `Fixes #${d}`,
    ];
    const pulls = [];
    for (const [k, body] of bodies.entries()) {
      pulls.push(await buildPull(t.db, repo, { body, merged: k % 3 === 0, state: k === 4 ? 'closed' : 'open', created_at: `2024-01-0${k + 1}T00:00:00Z` }));
    }
    const wanted = issues.map((i) => ({ repoKey: 'acme/widgets', number: i.number }));
    const many = await linkedPullsOfMany(t.db, wanted, 3);
    let seen = 0;
    for (const w of wanted) {
      const one = await linkedPulls(t.db, w.repoKey, w.number, 3);
      expect(many.get(`${w.repoKey}#${w.number}`) ?? [], `issue ${w.number}`).toEqual(one);
      seen += one.length;
    }
    // Issue a is linked by five pull requests (one closed unmerged): capped at three.
    expect(many.get(`acme/widgets#${a}`)).toHaveLength(3);
    expect(seen).toBeGreaterThan(6);

    const ids = pulls.map((p) => p.id);
    const closing = await closingIssuesOfMany(t.db, ids, 3);
    for (const id of ids) expect(closing.get(id) ?? [], `pull ${id}`).toEqual(await closingIssues(t.db, id, 3));
    expect(closing.get(pulls[3]!.id)).toHaveLength(3);
    expect(closing.get(pulls[6]!.id)).toBeUndefined();
    expect(await linkedPullsOfMany(t.db, [], 3)).toEqual(new Map());
    expect(await closingIssuesOfMany(t.db, [], 3)).toEqual(new Map());
  });
});

describe('the bounded read of links behind the previews', () => {
  // Both stores must read "at most N links of this row" through an index per listed row.
  // PostgreSQL planned the former `ctid IN (subquery)` form as a join filter: the
  // subquery run for every listed row times every row of links (a `SubPlan` in the plan).
  const plan = async (where: ReturnType<typeof sql>, from: ReturnType<typeof sql>) => {
    const query = sql`SELECT l.pull_id FROM ${from} w ${boundedJoin(t.db, 'links', 'l', where, 1000)}`;
    const explain = dialectOf(t.db) === 'postgres' ? sql`EXPLAIN ${query}` : sql`EXPLAIN QUERY PLAN ${query}`;
    const rows = (await explain.execute(t.db)).rows as Record<string, unknown>[];
    return rows.map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n');
  };

  it.each([
    ['an issue list (links by issue)', () => plan(sql`issue_repo_key = w.k AND issue_number = w.n`, pairTable(t.db, [['acme/widgets', 1], ['acme/widgets', 2]]))],
    ['a pull request list (links by pull request)', () => plan(sql`pull_id = w.value`, idTable(t.db, [1, 2, 3]))],
  ])('%s: an index search per listed row, never a pass over every link', async (_, explain) => {
    const text = await explain();
    if (dialectOf(t.db) === 'postgres') {
      expect(text).not.toMatch(/SubPlan|Seq Scan on links/);
      expect(text).toMatch(/Index (Only )?Scan (using|on) links_/);
    } else {
      expect(text).not.toMatch(/\bSCAN (l|links)\b/);
      expect(text).toMatch(/SEARCH (l|links)\b/);
    }
  });
});

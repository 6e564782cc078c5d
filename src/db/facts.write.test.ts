import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { buildIssue, buildPull, buildRepo } from '../test/factories.ts';
import { writeIssueFactsMany, writePullFactsMany, type IssueFactsWrite, type PullFactsWrite } from './facts.write.ts';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.dispose());

const review = (review_id: string, author: string, state: string, submitted_at: string) => ({ review_id, author, author_id: `${author}-id`, author_association: 'MEMBER', state, submitted_at });
const label = (label_key: string, actor: string, at: string) => ({ label_key, label: label_key.toUpperCase(), actor, actor_id: `${actor}-id`, actor_association: 'OWNER', at });

function pull(itemId: number, o: Partial<PullFactsWrite> = {}): PullFactsWrite {
  return {
    itemId, itemUpdatedAt: '2024-01-01T00:00:00Z', source: 'graphql', authorId: null, mergedBy: null, mergedById: null,
    additions: null, deletions: null, changedFiles: null, lastEditedAt: null, editedAfterMerge: false, reviews: [], labels: [], ...o,
  };
}

function issue(itemId: number, o: Partial<IssueFactsWrite> = {}): IssueFactsWrite {
  return { itemId, itemUpdatedAt: '2024-01-01T00:00:00Z', source: 'graphql', authorId: null, closedBy: null, closedById: null, closerRepo: null, closerNumber: null, lastEditedAt: null, ...o };
}

const facts = () => t.db.selectFrom('pull_facts').selectAll().orderBy('item_id').execute();
const reviews = () => t.db.selectFrom('pull_reviews').selectAll().orderBy('item_id').orderBy('review_id').execute();
const labels = () => t.db.selectFrom('label_events').selectAll().orderBy('item_id').orderBy('label_key').execute();
const authors = (ids: number[]) => t.db.selectFrom('items').select(['id', 'author_id']).where('id', 'in', ids).orderBy('id').execute();

/** Counts the statements Kysely runs through it (raw ones too). */
class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe('writing a batch of pull request facts', () => {
  it('replaces each pull request\'s facts, reviews and label actors with its last answer of the batch', async () => {
    const repo = await buildRepo(t.db);
    const [a, b, c] = [(await buildPull(t.db, repo)).id, (await buildPull(t.db, repo)).id, (await buildPull(t.db, repo)).id];
    await t.db.updateTable('items').set({ author_id: null }).execute();

    await t.db.transaction().execute((trx) =>
      writePullFactsMany(trx, [
        pull(a, {
          authorId: '501', mergedBy: 'mona', mergedById: '9', additions: 10, deletions: 2, changedFiles: 3, lastEditedAt: '2024-01-03T00:00:00Z', editedAfterMerge: true,
          // r2 twice in one answer: the later one stands.
          reviews: [review('r1', 'ann', 'APPROVED', '2024-01-02T00:00:00Z'), review('r2', 'bob', 'COMMENTED', '2024-01-02T01:00:00Z'), review('r2', 'bob', 'CHANGES_REQUESTED', '2024-01-02T02:00:00Z')],
          labels: [label('bug', 'ann', '2024-01-01T05:00:00Z'), label('ui', 'cat', '2024-01-01T06:00:00Z')],
        }),
        pull(b, { reviews: [review('r3', 'cat', 'APPROVED', '2024-01-04T00:00:00Z')], labels: [label('bug', 'dan', '2024-01-04T01:00:00Z'), label('bug', 'eve', '2024-01-04T02:00:00Z')] }),
        pull(c, { source: 'rest', labels: [label('docs', 'ann', '2024-01-05T00:00:00Z')] }),
      ], '2024-02-01T00:00:00Z'),
    );
    expect(await facts()).toEqual([
      { item_id: a, merged_by: 'mona', merged_by_id: '9', additions: 10, deletions: 2, changed_files: 3, last_edited_at: '2024-01-03T00:00:00Z', edited_after_merge: 1, source: 'graphql', item_updated_at: '2024-01-01T00:00:00Z', fetched_at: '2024-02-01T00:00:00Z' },
      { item_id: b, merged_by: null, merged_by_id: null, additions: null, deletions: null, changed_files: null, last_edited_at: null, edited_after_merge: 0, source: 'graphql', item_updated_at: '2024-01-01T00:00:00Z', fetched_at: '2024-02-01T00:00:00Z' },
      { item_id: c, merged_by: null, merged_by_id: null, additions: null, deletions: null, changed_files: null, last_edited_at: null, edited_after_merge: 0, source: 'rest', item_updated_at: '2024-01-01T00:00:00Z', fetched_at: '2024-02-01T00:00:00Z' },
    ]);
    expect(await reviews()).toEqual([
      { item_id: a, review_id: 'r1', author: 'ann', author_id: 'ann-id', author_association: 'MEMBER', state: 'APPROVED', submitted_at: '2024-01-02T00:00:00Z' },
      { item_id: a, review_id: 'r2', author: 'bob', author_id: 'bob-id', author_association: 'MEMBER', state: 'CHANGES_REQUESTED', submitted_at: '2024-01-02T02:00:00Z' },
      { item_id: b, review_id: 'r3', author: 'cat', author_id: 'cat-id', author_association: 'MEMBER', state: 'APPROVED', submitted_at: '2024-01-04T00:00:00Z' },
    ]);
    expect(await labels()).toEqual([
      { item_id: a, label_key: 'bug', label: 'BUG', actor: 'ann', actor_id: 'ann-id', actor_association: 'OWNER', at: '2024-01-01T05:00:00Z' },
      { item_id: a, label_key: 'ui', label: 'UI', actor: 'cat', actor_id: 'cat-id', actor_association: 'OWNER', at: '2024-01-01T06:00:00Z' },
      { item_id: b, label_key: 'bug', label: 'BUG', actor: 'eve', actor_id: 'eve-id', actor_association: 'OWNER', at: '2024-01-04T02:00:00Z' },
      { item_id: c, label_key: 'docs', label: 'DOCS', actor: 'ann', actor_id: 'ann-id', actor_association: 'OWNER', at: '2024-01-05T00:00:00Z' },
    ]);
    expect(await authors([a, b, c])).toEqual([{ id: a, author_id: '501' }, { id: b, author_id: null }, { id: c, author_id: null }]);

    // The second batch: a answered again with fewer reviews and no labels; b twice, the second
    // answer standing (its first one's reviews, labels and size gone, the first one's author id kept,
    // as the second gives none); c not in the batch, left as it was.
    await t.db.transaction().execute((trx) =>
      writePullFactsMany(trx, [
        pull(a, { itemUpdatedAt: '2024-03-01T00:00:00Z', authorId: '501', additions: 11, reviews: [review('r2', 'bob', 'APPROVED', '2024-03-01T00:00:00Z')] }),
        pull(b, { authorId: '602', additions: 99, reviews: [review('r4', 'dan', 'COMMENTED', '2024-03-02T00:00:00Z'), review('r5', 'eve', 'COMMENTED', '2024-03-02T01:00:00Z')], labels: [label('ui', 'dan', '2024-03-02T00:00:00Z')] }),
        pull(b, { itemUpdatedAt: '2024-03-03T00:00:00Z', mergedBy: 'mona', reviews: [review('r6', 'fay', 'APPROVED', '2024-03-03T00:00:00Z')], labels: [label('docs', 'fay', '2024-03-03T01:00:00Z')] }),
      ], '2024-04-01T00:00:00Z'),
    );
    expect(await facts()).toEqual([
      { item_id: a, merged_by: null, merged_by_id: null, additions: 11, deletions: null, changed_files: null, last_edited_at: null, edited_after_merge: 0, source: 'graphql', item_updated_at: '2024-03-01T00:00:00Z', fetched_at: '2024-04-01T00:00:00Z' },
      { item_id: b, merged_by: 'mona', merged_by_id: null, additions: null, deletions: null, changed_files: null, last_edited_at: null, edited_after_merge: 0, source: 'graphql', item_updated_at: '2024-03-03T00:00:00Z', fetched_at: '2024-04-01T00:00:00Z' },
      { item_id: c, merged_by: null, merged_by_id: null, additions: null, deletions: null, changed_files: null, last_edited_at: null, edited_after_merge: 0, source: 'rest', item_updated_at: '2024-01-01T00:00:00Z', fetched_at: '2024-02-01T00:00:00Z' },
    ]);
    expect(await reviews()).toEqual([
      { item_id: a, review_id: 'r2', author: 'bob', author_id: 'bob-id', author_association: 'MEMBER', state: 'APPROVED', submitted_at: '2024-03-01T00:00:00Z' },
      { item_id: b, review_id: 'r6', author: 'fay', author_id: 'fay-id', author_association: 'MEMBER', state: 'APPROVED', submitted_at: '2024-03-03T00:00:00Z' },
    ]);
    expect(await labels()).toEqual([
      { item_id: b, label_key: 'docs', label: 'DOCS', actor: 'fay', actor_id: 'fay-id', actor_association: 'OWNER', at: '2024-03-03T01:00:00Z' },
      { item_id: c, label_key: 'docs', label: 'DOCS', actor: 'ann', actor_id: 'ann-id', actor_association: 'OWNER', at: '2024-01-05T00:00:00Z' },
    ]);
    expect(await authors([a, b, c])).toEqual([{ id: a, author_id: '501' }, { id: b, author_id: '602' }, { id: c, author_id: null }]);
  });

  it('runs a fixed few statements whatever the batch size', async () => {
    const counter = new StatementCounter();
    const counted = t.db.withPlugin(counter);
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, k) =>
        pull(from + k, { authorId: String(k), reviews: [review(`r${k}`, 'ann', 'APPROVED', '2024-01-02T00:00:00Z'), review(`s${k}`, 'bob', 'COMMENTED', '2024-01-02T00:00:00Z')], labels: [label('bug', 'ann', '2024-01-01T00:00:00Z')] }),
      );
    const statements = async (write: (trx: Parameters<typeof writePullFactsMany>[0]) => Promise<void>) => {
      counter.count = 0;
      await counted.transaction().execute(write);
      return counter.count;
    };
    // The facts upsert, the reviews' delete and insert, the labels' delete and insert, the authors' ids.
    expect(await statements((trx) => writePullFactsMany(trx, batch(1_000, 200), '2024-02-01T00:00:00Z'))).toBe(6);
    expect(await statements((trx) => writePullFactsMany(trx, batch(5_000, 20), '2024-02-01T00:00:00Z'))).toBe(6);
    expect(await t.db.selectFrom('pull_reviews').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 440 });
    const issues = Array.from({ length: 200 }, (_, k) => issue(9_000 + k, { authorId: String(k), closedBy: 'ann' }));
    // The facts upsert and the authors' ids.
    expect(await statements((trx) => writeIssueFactsMany(trx, issues, '2024-02-01T00:00:00Z'))).toBe(2);
    expect(await t.db.selectFrom('issue_facts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 200 });
  });
});

describe('writing a batch of issue facts', () => {
  it('upserts each issue\'s last answer of the batch', async () => {
    const repo = await buildRepo(t.db);
    const [a, b] = [(await buildIssue(t.db, repo)).id, (await buildIssue(t.db, repo)).id];
    await t.db.updateTable('items').set({ author_id: null }).execute();
    await t.db.transaction().execute((trx) =>
      writeIssueFactsMany(trx, [
        issue(a, { authorId: '7', closedBy: 'ann', closedById: '1', closerRepo: 'acme/widgets', closerNumber: 12 }),
        issue(b, { closedBy: 'bob' }),
        // a again: its second answer stands, its author id kept as the second gives none.
        issue(a, { itemUpdatedAt: '2024-01-02T00:00:00Z', closedBy: 'cat', lastEditedAt: '2024-01-01T12:00:00Z' }),
      ], '2024-02-01T00:00:00Z'),
    );
    await t.db.transaction().execute((trx) => writeIssueFactsMany(trx, [issue(b, { source: 'rest', authorId: '8', closerRepo: 'acme/other', closerNumber: 3 })], '2024-03-01T00:00:00Z'));
    expect(await t.db.selectFrom('issue_facts').selectAll().orderBy('item_id').execute()).toEqual([
      { item_id: a, closed_by: 'cat', closed_by_id: null, closer_repo: null, closer_number: null, last_edited_at: '2024-01-01T12:00:00Z', source: 'graphql', item_updated_at: '2024-01-02T00:00:00Z', fetched_at: '2024-02-01T00:00:00Z' },
      { item_id: b, closed_by: null, closed_by_id: null, closer_repo: 'acme/other', closer_number: 3, last_edited_at: null, source: 'rest', item_updated_at: '2024-01-01T00:00:00Z', fetched_at: '2024-03-01T00:00:00Z' },
    ]);
    expect(await authors([a, b])).toEqual([{ id: a, author_id: '7' }, { id: b, author_id: '8' }]);
  });
});

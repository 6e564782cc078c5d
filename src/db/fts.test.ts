import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../core/errors.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { buildIssue, buildRepo } from '../test/factories.ts';
import { MAX_TERMS, toFtsQuery } from './fts.ts';
import { matchingIds } from './search-dialect.ts';

describe('toFtsQuery', () => {
  it('quotes every word and keeps quoted phrases together', () => {
    expect(toFtsQuery('parser crash')).toBe('"parser" "crash"');
    expect(toFtsQuery('"empty input" parser')).toBe('"empty input" "parser"');
    expect(toFtsQuery('NOT parser OR crash')).toBe('"NOT" "parser" "OR" "crash"');
    expect(toFtsQuery('title:foo* ^bar (baz)')).toBe('"title:foo*" "^bar" "(baz)"');
    expect(toFtsQuery('say "hi')).toBe('"say" "hi"');
    expect(toFtsQuery('a"b')).toBe('"a" "b"');
    expect(toFtsQuery('parser parser')).toBe('"parser"');
  });

  it('answers null when nothing searchable is left', () => {
    for (const t of ['', '   ', '---', '***', '"" ""', '\u0000\u0001', '()']) expect(toFtsQuery(t), JSON.stringify(t)).toBeNull();
  });

  it('refuses more than MAX_TERMS terms with a stable code', () => {
    const many = Array.from({ length: MAX_TERMS + 1 }, (_, i) => `w${i}`).join(' ');
    expect(() => toFtsQuery(many)).toThrow(HubError);
    try {
      toFtsQuery(many);
    } catch (err) {
      expect((err as HubError).code).toBe('query_too_long');
      expect((err as HubError).status).toBe(400);
    }
  });
});

describe('toFtsQuery against SQLite FTS5', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const repo = await buildRepo(database.db);
    await buildIssue(database.db, repo, { title: "Robert'); DROP TABLE items;-- parser", body: 'NEAR(a b) "quoted" crash' });
  });
  afterAll(async () => database.dispose());

  it('never makes MATCH fail, whatever the user typed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom("'; DROP TABLE items; --", 'NEAR("a" "b", 2)', 'a OR b NOT c', '*', '^x', 'col:x', '"', '\\', '%', '_')), async (text) => {
        let match: string | null;
        try {
          match = toFtsQuery(text);
        } catch (err) {
          expect((err as HubError).code).toBe('query_too_long');
          return;
        }
        if (match === null) return;
        await matchingIds(database.db, match, 5).execute(database.db);
      }),
      { numRuns: 300 },
    );
    const hit = await matchingIds(database.db, toFtsQuery("DROP TABLE items;-- parser")!, 5).execute(database.db);
    expect(hit.rows).toHaveLength(1);
  });
});

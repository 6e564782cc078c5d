import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepoRow } from '../db/schema.ts';
import { scoreRepository } from '../sync/scoring.job.ts';
import { commandConfig, runCommand } from '../test/command-io.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { captureLogger } from '../test/logs.ts';
import { HOUR, insertIssue, insertPull, registerMiner, scoringRepo, T0 } from '../test/scoring-store.ts';
import { runScoreExplain } from './score-explain.command.ts';

let t: TestDatabase;
let repo: RepoRow;

beforeEach(async () => {
  t = await createTestDatabase();
  repo = await scoringRepo(t.db, 'acme/widgets', { label_multipliers: { bug: 1.5 } });
});
afterEach(async () => t.dispose());

async function explain(target: string) {
  return runCommand(runScoreExplain, target, commandConfig(t.url));
}

const score = () => scoreRepository({ db: t.db, logger: captureLogger('silent').logger, now: () => T0 }, 'acme/widgets');

describe('score explain', () => {
  it('prints the factors, the reasons in words with their levers, the projection and the standing', async () => {
    await registerMiner(t.db, 1, 'miner-one', 'id-miner-one');
    await insertPull(t.db, repo, {
      number: 7,
      mergedAt: T0 - 2 * HOUR,
      labels: ['bug'],
      labelActors: { bug: { actor: 'drive-by', association: 'CONTRIBUTOR' } },
      reviews: [{ state: 'CHANGES_REQUESTED', author: 'boss', association: 'OWNER' }],
    });
    await score();
    const r = await explain('acme/widgets#7');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Pull request acme/widgets#7: Item 7');
    expect(r.out).toContain('author:      miner-one (a registered miner)');
    expect(r.out).toContain('base:        20.87 (token score 100.00)');
    expect(r.out).toContain('factors:     issue 1.00 × label 1.00 × spam 1.00 × decay 1.00 × review 0.85');
    // 20.87 × 0.85 = 17.7395.
    expect(r.out).toContain('earned:      20.87 × 1.00 × 1.00 × 1.00 × 1.00 × 0.85 = 17.74');
    // The code, two spaces, its reason_text (reason-text.ts); under it, from column 2 + 23 + 2
    // (indent, the longest code label_not_by_maintainer, the gap), the detail and the lever.
    const under = ' '.repeat(2 + 23 + 2);
    expect(r.out).toContain(
      '\n  label_not_by_maintainer  Its label was not applied by a maintainer\n' +
        `${under}label "bug" was not applied by a maintainer, so the default 1 applies\n` +
        `${under}lever: ask a maintainer to apply a label\n`,
    );
    // changes_requested is 17 characters: padded with 6 spaces to the width of 23.
    expect(r.out).toContain(`\n  changes_requested        A maintainer requested changes\n${under}1 maintainer review(s) requested changes`);
    expect(r.out).toContain('earns 17.74 today');
    // Grace (12 h) ends 10 h from now; then decay 0.98: 20.87 × 0.85 × 0.98 = 17.3847.
    expect(r.out).toContain('next decay drop: 2026-08-20T22:00:00Z, then 17.38');
    expect(r.out).toContain('Standing of miner-one in acme/widgets:');
    expect(r.out).toContain('pull requests: 1 merged, 0 closed, 0 open; credibility 1.00');
    // The standing's reasons are indented by 4, and below_min_merged alone sets the width (16).
    expect(r.out).toContain(`\n    below_min_merged  Too few merged pull requests to be eligible\n${' '.repeat(4 + 16 + 2)}1 merged pull request`);
  });

  it('says what is pending and what an open pull request would earn merged now', async () => {
    await insertPull(t.db, repo, { number: 8, state: 'open', facts: null, tokens: { total: 100, source: 100 } });
    await score();
    const r = await explain('acme/widgets#8');
    expect(r.code).toBe(0);
    expect(r.out).toContain('(not a registered miner: what the rules would give)');
    expect(r.out).toContain('pending:     facts_pending: these numbers will change once the hub has every fact');
    expect(r.out).toContain('collateral:  4.17 held while open');
    expect(r.out).toContain('merged now it would earn 20.87');
  });

  it('answers 1 for an issue, a pull request not in the store or not evaluated yet, 2 for a bad target', async () => {
    await insertIssue(t.db, repo, { number: 3 });
    await score();
    await insertPull(t.db, repo, { number: 9, state: 'open' });
    expect(await explain('acme/widgets#3')).toMatchObject({ code: 1, err: expect.stringContaining('is an issue') });
    expect(await explain('acme/widgets#99')).toMatchObject({ code: 1, err: expect.stringContaining("not in the hub's store") });
    expect(await explain('acme/widgets#9')).toMatchObject({ code: 1, err: expect.stringContaining('not evaluated yet') });
    expect(await explain('acme/nope#1')).toMatchObject({ code: 2, err: 'acme/nope is not a tracked repository\n' });
    expect((await explain('widgets#1')).code).toBe(2);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepoEntry, ScoredPullEntry } from '../core/scoring/entries.ts';
import { loadRepoScoringRows, registeredMiners } from '../db/scoring.queries.ts';
import type { RepoRow } from '../db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { addMaintainer, DAY, HOUR, insertIssue, insertPull, registerMiner, scoringRepo, T0 } from '../test/scoring-store.ts';
import { policyOfRepo } from '../core/scoring/repo-policy.ts';
import { buildRepoInputs, tokenFactsOf, type AuthorInputs } from './scoring-inputs.ts';
import { evaluateAuthor } from './scoring.job.ts';

// Base of a pull request with S = T = 100 under the defaults (docs/scoring.md): 20.87.
const BASE_100 = 20.87;
const MERGED = T0 - 2 * HOUR; // within the 12 h grace: decay 1

let t: TestDatabase;
let repo: RepoRow;
beforeEach(async () => {
  t = await createTestDatabase();
  repo = await scoringRepo(t.db, 'acme/widgets', { label_multipliers: { bug: 1.5 } });
});
afterEach(async () => t.dispose());

async function inputs(): Promise<Map<string, AuthorInputs>> {
  const r = buildRepoInputs(await loadRepoScoringRows(t.db, repo), await registeredMiners(t.db));
  return new Map(r.authors.map((a) => [a.key, a]));
}

async function scored(login = 'miner-one'): Promise<{ standing: RepoEntry; pulls: Map<number, ScoredPullEntry>; author: AuthorInputs }> {
  const author = (await inputs()).get(login)!;
  const { policy } = policyOfRepo(repo);
  const w = evaluateAuthor(policy, T0, author);
  const pulls = new Map(w.pulls.map((p) => JSON.parse(p.entry) as ScoredPullEntry).map((p) => [p.number, p]));
  return { standing: JSON.parse(w.standing) as RepoEntry, pulls, author };
}

describe('store rows → rule inputs', () => {
  it('counts CHANGES_REQUESTED by maintainers only (association or the maintainers list), and every APPROVED review', async () => {
    await addMaintainer(t.db, repo, 'listed-dev', '777');
    await insertPull(t.db, repo, {
      number: 1,
      mergedAt: MERGED,
      reviews: [
        { state: 'CHANGES_REQUESTED', author: 'owner', association: 'MEMBER' },
        { state: 'CHANGES_REQUESTED', author: 'drive-by', association: 'CONTRIBUTOR' },
        { state: 'CHANGES_REQUESTED', author: 'listed-dev', authorId: '777', association: 'CONTRIBUTOR' },
        { state: 'APPROVED', author: 'owner', association: 'MEMBER' },
        { state: 'COMMENTED', author: 'owner', association: 'MEMBER' },
      ],
    });
    const { author, pulls } = await scored();
    expect(author.pulls[0]).toMatchObject({ maintainerChangesRequested: 2, approvals: 1 });
    // Two maintainer requests: review 1 − 0.15 · 2 = 0.70; earned 20.87 × 0.70 = 14.609.
    expect(pulls.get(1)).toMatchObject({ base: BASE_100, multipliers: { review: 0.7, issue: 1, label: 1, decay: 1, spam: 1 }, earned: 14.61 });
    expect(pulls.get(1)!.reasons).toContain('changes_requested');
  });

  it('a label counts only when a maintainer applied it; with no event row the actor is unknown', async () => {
    await addMaintainer(t.db, repo, 'Listed-Dev', '777');
    await insertPull(t.db, repo, { number: 1, mergedAt: MERGED, labels: ['bug'], labelActors: { bug: { actor: 'drive-by', association: 'CONTRIBUTOR' } } });
    await insertPull(t.db, repo, { number: 2, mergedAt: MERGED, labels: ['bug'], labelActors: { bug: { actor: 'listed-dev', association: 'NONE' } } });
    await insertPull(t.db, repo, { number: 3, mergedAt: MERGED, labels: ['Bug'] });
    await insertPull(t.db, repo, { number: 4, mergedAt: MERGED, labels: ['bug'], labelActors: { bug: { actor: 'boss', association: 'OWNER' } } });
    const { author, pulls } = await scored();
    expect(author.pulls.map((p) => p.labels[0]!.actorAssociation)).toEqual(['CONTRIBUTOR', 'COLLABORATOR', null, 'OWNER']);
    expect(pulls.get(1)!.multipliers.label).toBe(1);
    expect(pulls.get(1)!.reasons).toContain('label_not_by_maintainer');
    expect(pulls.get(2)!.multipliers.label).toBe(1.5);
    expect(pulls.get(3)!.multipliers.label).toBe(1);
    expect(pulls.get(3)!.reasons).toContain('label_not_by_maintainer');
    expect(pulls.get(4)!.multipliers.label).toBe(1.5);
  });

  it('an edit after merge voids the issue bonus; a transferred issue stops counting', async () => {
    const closed = MERGED + HOUR;
    await insertIssue(t.db, repo, { number: 10, author: 'reporter', state: 'closed', closedAt: closed, createdAt: T0 - 10 * DAY });
    await insertIssue(t.db, repo, { number: 11, author: 'reporter', state: 'closed', closedAt: closed, createdAt: T0 - 10 * DAY });
    await insertIssue(t.db, repo, { number: 12, author: 'reporter', state: 'closed', closedAt: closed, createdAt: T0 - 10 * DAY, gone: 'transferred' });
    await insertPull(t.db, repo, { number: 1, mergedAt: MERGED, closes: [10] });
    await insertPull(t.db, repo, { number: 2, mergedAt: MERGED, closes: [11], facts: { editedAfterMerge: true } });
    await insertPull(t.db, repo, { number: 3, mergedAt: MERGED, closes: [12] });
    const { pulls } = await scored();
    expect(pulls.get(1)!.multipliers.issue).toBe(1.33);
    expect(pulls.get(1)!.reasons).toEqual([]);
    expect(pulls.get(2)!.multipliers.issue).toBe(1);
    expect(pulls.get(2)!.reasons).toContain('edited_after_merge');
    expect(pulls.get(3)!.multipliers.issue).toBe(1);
    expect(pulls.get(3)!.reasons).toContain('issue_transferred');
    // The transferred issue is no longer the reporter's issue here.
    expect((await inputs()).get('reporter')!.issues.map((i) => i.number)).toEqual([10, 11]);
  });

  it('a pull request merged by its own author without approval, or into another branch, is dropped', async () => {
    await insertPull(t.db, repo, { number: 1, mergedAt: MERGED, facts: { mergedBy: 'Miner-One' } });
    await insertPull(t.db, repo, { number: 2, mergedAt: MERGED, facts: { mergedBy: 'miner-one' }, reviews: [{ state: 'APPROVED', author: 'owner', association: 'MEMBER' }] });
    await insertPull(t.db, repo, { number: 3, mergedAt: MERGED, baseRef: 'develop' });
    const { standing, pulls } = await scored();
    expect(pulls.get(1)).toMatchObject({ counted: false, excluded: 'self_merged_unapproved', earned: 0, projection: null });
    expect(pulls.get(2)).toMatchObject({ counted: true, excluded: null, earned: BASE_100 });
    expect(pulls.get(3)).toMatchObject({ counted: false, excluded: 'branch_not_accepted' });
    expect(standing.merged).toBe(1);
  });

  it('facts and token scores not fetched yet are marked pending, never a silent zero', async () => {
    await insertPull(t.db, repo, { number: 1, mergedAt: MERGED, facts: null, tokens: null });
    // Facts older than the item's last change, and a token score of an older head commit.
    await insertPull(t.db, repo, { number: 2, mergedAt: MERGED, updatedAt: MERGED, facts: { itemUpdatedAt: MERGED - DAY }, tokens: { total: 100, source: 100, headSha: 'old' } });
    await insertPull(t.db, repo, { number: 3, state: 'closed', closedAt: T0 - DAY, facts: null, tokens: null });
    const { standing, pulls } = await scored();
    expect(pulls.get(1)).toMatchObject({ base: 0, earned: 0, pending: ['facts_pending', 'token_score_pending'] });
    expect(pulls.get(1)!.reasons).toEqual(expect.arrayContaining(['facts_pending', 'token_score_pending']));
    expect(pulls.get(1)!.explain.map((e) => e.code)).toContain('token_score_pending');
    // The older score is used, and said to be older.
    expect(pulls.get(2)).toMatchObject({ base: BASE_100, pending: ['facts_pending', 'token_score_pending'] });
    // A linked issue not in the store yet is a fact to come; a deleted one is not.
    await insertIssue(t.db, repo, { number: 21, author: 'reporter', gone: 'deleted' });
    await insertPull(t.db, repo, { number: 4, mergedAt: MERGED, closes: [20] });
    await insertPull(t.db, repo, { number: 5, mergedAt: MERGED, closes: [21] });
    const again = await scored();
    expect(again.pulls.get(4)!.pending).toEqual(['facts_pending']);
    expect(again.pulls.get(5)!.pending).toEqual([]);
    // A closed pull request earns nothing whatever its facts: nothing is pending.
    expect(pulls.get(3)!.pending).toEqual([]);
    expect(standing.pending_pulls).toBe(2);
  });

  it('every author in the mirror gets a standing; registration comes from subnet_miners by GitHub id', async () => {
    await registerMiner(t.db, 1, 'old-login', 'id-miner-one');
    await insertPull(t.db, repo, { number: 1, mergedAt: MERGED });
    await insertPull(t.db, repo, { number: 2, author: 'bystander', mergedAt: MERGED });
    await insertIssue(t.db, repo, { number: 3, author: 'reporter' });
    const all = await inputs();
    expect([...all.keys()]).toEqual(['bystander', 'miner-one', 'reporter']);
    expect(all.get('miner-one')).toMatchObject({ registered: true, githubId: 'id-miner-one' });
    expect(all.get('bystander')).toMatchObject({ registered: false, githubId: 'id-bystander' });
  });

  it('issue discovery: the closer GitHub names is the solver, and the earliest issue it closed is the credited one', async () => {
    await insertPull(t.db, repo, { number: 1, author: 'solver', mergedAt: MERGED });
    await insertIssue(t.db, repo, { number: 20, state: 'closed', closedAt: MERGED, createdAt: T0 - 9 * DAY, facts: { closer: 1 } });
    await insertIssue(t.db, repo, { number: 21, author: 'other', state: 'closed', closedAt: MERGED, createdAt: T0 - 10 * DAY, facts: { closer: 1 } });
    await insertIssue(t.db, repo, { number: 22, state: 'closed', closedAt: MERGED, facts: null });
    const issues = (await inputs()).get('miner-one')!;
    expect(issues.issues.find((i) => i.number === 20)!.solver).toMatchObject({ number: 1, creditedIssueNumber: 21, tokenScore: 100, authorGithubId: 'id-solver' });
    expect(issues.issues.find((i) => i.number === 22)!.solver).toBeNull();
    expect(issues.pendingIssues.get(22)).toEqual(['facts_pending']);
  });

  it('token scores map parsed → tokenScore, source → sourceTokenScore and every file → totalTokenScore, 0 when none', () => {
    expect(tokenFactsOf({ token_score: 400, source_token_score: 100, total_token_score: 450 })).toEqual({ tokenScore: 400, sourceTokenScore: 100, totalTokenScore: 450 });
    // A row stored before the total was kept: the parsed files' score stands in.
    expect(tokenFactsOf({ token_score: 400, source_token_score: 100, total_token_score: null })).toEqual({ tokenScore: 400, sourceTokenScore: 100, totalTokenScore: 400 });
    expect(tokenFactsOf(undefined)).toEqual({ tokenScore: 0, sourceTokenScore: 0, totalTokenScore: 0 });
  });

  it('an entry the rules cannot read scores with every default and says why', () => {
    const r = policyOfRepo({ full_name: 'acme/x', entry: '{}' });
    expect(r.policy.emissionShare).toBe(0);
    expect(r.policy.eligibility.minValidMergedPrs).toBe(3);
    expect(policyOfRepo({ full_name: 'acme/x', entry: JSON.stringify({ emission_share: 0.1, scoring: { pr_lookback_days: 500 } }) }).problem).toMatch(/pr_lookback_days/);
  });
});

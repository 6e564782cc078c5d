import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { addMinerAccounts, hubScore, MERGED, officialScore, type Factors } from '../test/drift-fixtures.ts';
import { buildRepo, type BuiltRepo } from '../test/factories.ts';
import { refreshScoreDrift } from '../sync/score-drift.job.ts';
import { captureLogger } from '../test/logs.ts';
import { listStoredDrift, minerIdByLogin, storedDriftCounts, type DriftFilter } from './score-drift.queries.ts';

let t: TestDatabase;
let repo: BuiltRepo;
beforeEach(async () => {
  t = await createTestDatabase();
  repo = await buildRepo(t.db, { full_name: 'Acme/Widgets' });
  await addMinerAccounts(t.db);
});
afterEach(async () => t.dispose());

const official = (number: number, f: Factors, o: Parameters<typeof officialScore>[3] = {}) => officialScore(t.db, number, f, o);
const hub = (number: number, f: Factors, o: Parameters<typeof hubScore>[4] & { in?: BuiltRepo } = {}) => hubScore(t.db, o.in ?? repo, number, f, o);

const both = async (number: number, f: Factors, hubF: Factors = f, o: Parameters<typeof hub>[2] = {}) => {
  await official(number, f);
  await hub(number, hubF, o);
};
/** The stored report, brought up to date by the worker's job first (a no-op when nothing changed). */
type Query = Partial<Parameters<typeof listStoredDrift>[1]>;
const refresh = () => refreshScoreDrift({ db: t.db, logger: captureLogger('error').logger });
const drift = async (o: Query = {}) => {
  await refresh();
  return listStoredDrift(t.db, { limit: 100, ...o });
};
const counts = async (f: DriftFilter = {}) => {
  await refresh();
  return storedDriftCounts(t.db, f);
};
const numbersWith = async (o: Query = {}) => (await drift(o)).map((r) => [r.number, JSON.parse(r.fields) as string[]]);

describe('the score drift report', () => {
  it('is empty when both sides agree, and counts what it compared', async () => {
    await both(1, MERGED);
    await both(2, { ...MERGED, state: 'open', score: 0, collateral: 2.5, decay: 1 });
    await both(3, { ...MERGED, state: 'closed', score: 0, base: 0, issue: 1 });
    expect(await drift()).toEqual([]);
    expect(await counts()).toEqual({ compared: 3, differing: 0, officialOnly: 0, hubOnly: 0 });
  });

  it('lists exactly the pull requests where a factor differs, naming the factor, with both breakdowns', async () => {
    await both(1, MERGED);
    await both(2, MERGED, { ...MERGED, label: 1.5, score: 18.75 });
    await both(3, MERGED);
    await both(4, MERGED, { ...MERGED, decay: 0.5, score: 6.25 });
    await both(5, { ...MERGED, state: 'open', score: 0, collateral: 2.5 }, { ...MERGED, state: 'open', score: 0, collateral: 3 });
    expect(await numbersWith()).toEqual([
      [2, ['score', 'label']],
      [4, ['score', 'decay']],
      [5, ['collateral']],
    ]);
    const [row] = await drift();
    expect(row).toMatchObject({ repository: 'Acme/Widgets', number: 2, github_id: '1001', login: 'Miner-One', official_at: '2026-06-01T12:00:00Z', hub_at: '2026-06-01T12:01:00Z' });
    expect(JSON.parse(row!.official)).toEqual({ state: 'merged', score: 12.5, collateral: 0, base: 10, tokenScore: 120, multipliers: { issue: 1.25, label: 1, decay: 1, review: 1, spam: 1 } });
    expect(JSON.parse(row!.hub)).toEqual({ state: 'merged', score: 18.75, collateral: 0, base: 10, counted: true, excluded: null, reasons: [], multipliers: { issue: 1.25, label: 1.5, decay: 1, review: 1, spam: 1 } });
    expect(await counts()).toEqual({ compared: 5, differing: 3, officialOnly: 0, hubOnly: 0 });
  });

  it('ignores differences of rounding (0.01 or less) and lists anything beyond', async () => {
    // 1.005 rounds to 1.00 or 1.01 depending on how it was reached; 12.345 to 12.34 or 12.35.
    await both(1, { ...MERGED, issue: 1.01, score: 12.35 }, { ...MERGED, issue: 1, score: 12.34 });
    await both(2, { ...MERGED, base: 10.01 }, { ...MERGED, base: 10.0 });
    await both(3, { ...MERGED, issue: 1.02 }, { ...MERGED, issue: 1 });
    await both(4, { ...MERGED, score: 12.52 }, { ...MERGED, score: 12.5 });
    // The hub keeps earned unrounded: 12.3449… against the validator's 12.34.
    await both(5, { ...MERGED, score: 12.34 }, { ...MERGED, score: 12.344999 });
    expect(await numbersWith()).toEqual([
      [3, ['issue']],
      [4, ['score']],
    ]);
  });

  it("compares a closed or dropped pull request's outcome, not factors neither side applies", async () => {
    // The validator reports a base for a closed pull request; the hub gives closed ones none.
    await both(1, { ...MERGED, state: 'closed', score: 0, base: 9.4, issue: 1.33 }, { ...MERGED, state: 'closed', score: 0, base: 0, issue: 1 });
    // An open pull request has no decay yet; only a merged one's decay and review count.
    await both(2, { ...MERGED, state: 'open', score: 0, collateral: 2, decay: 1, review: 1 }, { ...MERGED, state: 'open', score: 0, collateral: 2, decay: 0.8, review: 1.2 });
    // The hub drops a pull request the validator scored: the score differs, and that is the finding.
    await both(3, MERGED, { ...MERGED, score: 0, base: 0, issue: 1 }, { excluded: 'maintainer_author' });
    // The two sides disagree on the state itself.
    await both(4, { ...MERGED, state: 'closed', score: 0 }, { ...MERGED, state: 'merged', score: 0 });
    expect(await numbersWith()).toEqual([
      [3, ['score']],
      [4, ['state']],
    ]);
  });

  it("counts official-only and hub-only pull requests (a registered miner's, not anyone's), and survives a damaged entry", async () => {
    await both(1, MERGED);
    await official(2, MERGED); // not evaluated by the hub
    await official(7, MERGED, { repoKey: 'other/untracked', repository: 'other/untracked' });
    await hub(3, MERGED); // a miner's pull request the subnet did not score
    await hub(4, MERGED, { author: 'not-a-miner' });
    await both(5, MERGED, MERGED, { entry: '{not json' });
    expect(await counts()).toEqual({ compared: 1, differing: 0, officialOnly: 2, hubOnly: 1 });
    expect(await drift()).toEqual([]);
  });

  it('filters by repository and by miner, and pages in repository and number order', async () => {
    const other = await buildRepo(t.db, { full_name: 'acme/gadgets' });
    for (const n of [1, 2, 3]) await both(n, MERGED, { ...MERGED, spam: 0.5, score: 6.25 });
    await official(9, MERGED, { repoKey: 'acme/gadgets', repository: 'acme/gadgets', githubId: '1002' });
    await hub(9, MERGED, { in: other, author: 'miner-two' });
    await t.db.updateTable('subnet_pr_scores').set({ score: 1 }).where('repo_key', '=', 'acme/gadgets').execute();

    expect((await drift()).map((r) => `${r.repo_key}#${r.number}`)).toEqual(['acme/gadgets#9', 'acme/widgets#1', 'acme/widgets#2', 'acme/widgets#3']);
    expect((await drift({ repoKey: 'acme/widgets' })).map((r) => r.number)).toEqual([1, 2, 3]);
    expect((await drift({ githubId: '1002' })).map((r) => r.number)).toEqual([9]);
    expect(await counts({ githubId: '1002' })).toEqual({ compared: 1, differing: 1, officialOnly: 0, hubOnly: 0 });
    const first = await drift({ limit: 2 });
    expect((await drift({ after: { repoKey: first[1]!.repo_key, number: first[1]!.number } })).map((r) => r.number)).toEqual([2, 3]);
    expect(await minerIdByLogin(t.db, 'MINER-TWO')).toBe('1002');
    expect(await minerIdByLogin(t.db, 'old-two')).toBe('1002');
    expect(await minerIdByLogin(t.db, 'nobody')).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim/index.ts';
import { captureLogger } from '../test/logs.ts';
import { GithubGateway } from './client.ts';
import { fetchIssueAnswers, fetchPullAnswers, issueAnswersQuery, pullAnswersQuery } from './closing-refs.graphql.ts';

describe('batched GraphQL answers: positional aliases, numbers in variables', () => {
  let sim: Simulator;
  let repo: string;
  let owner: string;
  let name: string;
  const session = () => new GithubGateway({ baseUrl: sim.url, tokens: ['answers-test-token'], logger: captureLogger('warn').logger, retries: 0 }).session().octokit;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 74, repos: 1, itemsPerRepo: 120 });
    repo = sim.dataset.repos()[0]!.fullName;
    [owner, name] = repo.split('/') as [string, string];
  });
  afterAll(() => sim.stop());

  it('the query text depends on how many are asked, not which; the numbers travel as variables', () => {
    const a = pullAnswersQuery([1, 2, 3]);
    const b = pullAnswersQuery([90, 7, 41]);
    expect(b.query).toBe(a.query);
    expect(b.variables).toEqual({ n0: 90, n1: 7, n2: 41 });
    expect(pullAnswersQuery([1, 2]).query).not.toBe(a.query);
    expect(issueAnswersQuery([5, 6, 7]).query).toBe(issueAnswersQuery([8, 9, 10]).query);
    expect(issueAnswersQuery([5.9]).variables).toEqual({ n0: 5 });
    // Fifty pull requests in a few kilobytes: the selection is written once, in a fragment.
    expect(pullAnswersQuery(Array.from({ length: 50 }, (_, i) => i + 1)).query.length).toBeLessThan(5_000);
  });

  it("each number gets its own answer, in any order, with the simulator's fields and links; unknown numbers answer null", async () => {
    const pulls = sim.dataset.numbers(repo, 'pr');
    const issues = sim.dataset.numbers(repo, 'issue');
    // Descending, a repeat, an issue's number and one past the end: each is answered by its own position.
    const asked = [...pulls.slice(0, 12).reverse(), pulls[3]!, issues[0]!, 10_000];
    const answers = await fetchPullAnswers(session(), owner, name, asked);
    expect([...answers.keys()].sort((x, y) => x - y)).toEqual([...new Set(asked)].sort((x, y) => x - y));
    expect(answers.get(issues[0]!)).toBeNull();
    expect(answers.get(10_000)).toBeNull();
    for (const n of pulls.slice(0, 12)) {
      const truth = sim.dataset.pull(repo, n)!;
      const got = answers.get(n)!;
      expect(got.fields).toMatchObject({ isDraft: truth.draft, merged: truth.merged, baseRefName: truth.base.ref, headRefName: truth.head.ref, headRefOid: truth.head.sha });
      expect(got.author?.login).toBe(truth.user.login);
      expect(got.mergedAt).toBe(truth.merged_at);
      expect([got.additions, got.deletions, got.changedFiles]).toEqual([truth.additions, truth.deletions, truth.changed_files]);
      expect(got.refs.map((r) => `${r.repo}#${r.number}`).sort()).toEqual(sim.dataset.expectedClosingIssues(repo, n).map((r) => `${r.repo}#${r.number}`).sort());
    }
  });

  it('issues likewise: author and close reason by position, an unknown number null', async () => {
    const closed = sim.dataset.numbers(repo, 'issue').filter((n) => sim.dataset.issue(repo, n)!.state === 'closed');
    expect(closed.length).toBeGreaterThan(3);
    const asked = [...closed.slice(0, 6).reverse(), 10_001];
    const answers = await fetchIssueAnswers(session(), owner, name, asked);
    expect(answers.get(10_001)).toBeNull();
    for (const n of closed.slice(0, 6)) {
      const truth = sim.dataset.issue(repo, n)!;
      expect(answers.get(n)).toMatchObject({ author: { login: truth.user?.login }, stateReason: truth.state_reason?.toUpperCase() ?? null });
    }
  });
});

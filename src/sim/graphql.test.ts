import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql as octokitGraphql } from '@octokit/graphql';
import { keywordRef, Rng, startSimulator, type Simulator } from './index.ts';
import { gql } from './test-utils.ts';

const repo = 'entrius/gittensor';
const CLOSING = `query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      number
      closingIssuesReferences(first: 100, after: $after) {
        totalCount
        nodes { number repository { nameWithOwner } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

interface ClosingPage {
  data: { repository: { pullRequest: { closingIssuesReferences: { totalCount: number; nodes: Array<{ number: number; repository: { nameWithOwner: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } };
}

describe('GraphQL', () => {
  let sim: Simulator;
  let bigPr: number;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 31, repos: 2, itemsPerRepo: 400 });
    const rng = new Rng(1);
    const issues = sim.dataset.numbers(repo, 'issue').slice(0, 150);
    bigPr = sim.mutate.createPull(repo, { fragments: issues.map((n) => keywordRef({ repo: null, number: n }, repo, rng)) }).number;
  });
  afterAll(() => sim.stop());

  it('pages closingIssuesReferences past 100 and matches the ground truth', async () => {
    const expected = sim.expectedClosingIssues(repo, bigPr);
    expect(expected).toHaveLength(150);
    const got: Array<{ repo: string; number: number }> = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const r: Awaited<ReturnType<typeof gql<ClosingPage>>> = await gql<ClosingPage>(sim, CLOSING, { owner: 'entrius', name: 'gittensor', number: bigPr, after });
      const conn = r.body.data.repository.pullRequest.closingIssuesReferences;
      expect(conn.totalCount).toBe(150);
      got.push(...conn.nodes.map((n) => ({ repo: n.repository.nameWithOwner, number: n.number })));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(2);
    expect(got).toEqual(expected);
  });

  it('answers many PRs in one query with aliases, and reports the cost', async () => {
    const prs = sim.dataset.numbers(repo, 'pr').slice(0, 60);
    const fields = prs.map((n) => `pr${n}: pullRequest(number: ${n}) { number closingIssuesReferences(first: 10) { nodes { number repository { nameWithOwner } } } }`).join('\n');
    const r = await gql<{ data: { rateLimit: { cost: number; remaining: number }; repository: Record<string, { number: number; closingIssuesReferences: { nodes: Array<{ number: number; repository: { nameWithOwner: string } }> } }> } }>(
      sim,
      `{ rateLimit { cost remaining limit used resetAt } repository(owner: "entrius", name: "gittensor") { ${fields} } }`,
    );
    expect(r.status).toBe(200);
    for (const n of prs) {
      const nodes = r.body.data.repository[`pr${n}`]!.closingIssuesReferences.nodes;
      expect(nodes.map((x) => ({ repo: x.repository.nameWithOwner, number: x.number }))).toEqual(sim.expectedClosingIssues(repo, n).slice(0, 10));
    }
    expect(r.body.data.rateLimit.cost).toBe(1);
  });

  it('prices nested connections and rejects first > 100 or a missing first', async () => {
    const nested = await gql<{ data: { rateLimit: { cost: number } } }>(sim, '{ rateLimit { cost } repository(owner: "entrius", name: "gittensor") { pullRequests(first: 100) { nodes { closingIssuesReferences(first: 100) { totalCount } } } } }');
    expect(nested.body.data.rateLimit.cost).toBe(1);
    const deep = await gql<{ data: { rateLimit: { cost: number } } }>(sim, '{ rateLimit { cost } repository(owner: "entrius", name: "gittensor") { pullRequests(first: 100) { nodes { closingIssuesReferences(first: 100) { nodes { closedByPullRequestsReferences(first: 100) { totalCount } } } } } } }');
    expect(deep.body.data.rateLimit.cost).toBe(101);
    const tooMany = await gql<{ errors: Array<{ type: string; message: string }> }>(sim, `{ repository(owner: "entrius", name: "gittensor") { pullRequest(number: ${bigPr}) { closingIssuesReferences(first: 101) { totalCount } } } }`);
    expect(tooMany.body.errors[0]).toMatchObject({ type: 'EXCESSIVE_PAGINATION' });
    const none = await gql<{ errors: Array<{ type: string }> }>(sim, `{ repository(owner: "entrius", name: "gittensor") { pullRequest(number: ${bigPr}) { closingIssuesReferences { totalCount } } } }`);
    expect(none.body.errors[0]!.type).toBe('MISSING_PAGINATION_BOUNDARIES');
  });

  it('Issue.closedByPullRequestsReferences lists open PRs unless includeClosedPrs', async () => {
    const issue = sim.dataset.numbers(repo, 'issue')[0]!;
    const q = (all: boolean) => `{ repository(owner: "entrius", name: "gittensor") { issue(number: ${issue}) { closedByPullRequestsReferences(first: 50, includeClosedPrs: ${all}) { totalCount nodes { number state } } } } }`;
    type R = { data: { repository: { issue: { closedByPullRequestsReferences: { nodes: Array<{ number: number; state: string }> } } } } };
    const open = await gql<R>(sim, q(false));
    const all = await gql<R>(sim, q(true));
    expect(open.body.data.repository.issue.closedByPullRequestsReferences.nodes.map((n) => n.number)).toEqual(sim.dataset.expectedClosedBy(repo, issue).map((p) => p.number));
    expect(all.body.data.repository.issue.closedByPullRequestsReferences.nodes.map((n) => n.number)).toEqual(sim.dataset.expectedClosedBy(repo, issue, { includeClosedPrs: true }).map((p) => p.number));
    expect(open.body.data.repository.issue.closedByPullRequestsReferences.nodes.every((n) => n.state === 'OPEN')).toBe(true);
    expect(all.body.data.repository.issue.closedByPullRequestsReferences.nodes.map((n) => n.number)).toContain(bigPr);
  });

  it('userLinkedOnly returns the sidebar links only', async () => {
    const pr = sim.dataset.numbers(repo, 'pr')[3]!;
    const issue = sim.dataset.numbers(repo, 'issue')[7]!;
    sim.mutate.linkIssue(repo, pr, repo, issue);
    const r = await gql<{ data: { repository: { pullRequest: { closingIssuesReferences: { nodes: Array<{ number: number }> } } } } }>(
      sim,
      `{ repository(owner: "entrius", name: "gittensor") { pullRequest(number: ${pr}) { closingIssuesReferences(first: 10, userLinkedOnly: true) { nodes { number } } } } }`,
    );
    expect(r.body.data.repository.pullRequest.closingIssuesReferences.nodes.map((n) => n.number)).toContain(issue);
    expect(r.body.data.repository.pullRequest.closingIssuesReferences.nodes.map((n) => ({ repo, number: n.number }))).toEqual(sim.expectedClosingIssues(repo, pr, { userLinkedOnly: true }));
  });

  it('reports NOT_FOUND like GitHub', async () => {
    const r = await gql<{ data: { repository: null }; errors: Array<{ type: string; message: string }> }>(sim, '{ repository(owner: "nobody", name: "nothing") { id } }');
    expect(r.body.data.repository).toBeNull();
    expect(r.body.errors[0]).toMatchObject({ type: 'NOT_FOUND', message: "Could not resolve to a Repository with the name 'nobody/nothing'." });
    const issue = sim.dataset.numbers(repo, 'issue')[0]!;
    const pr = await gql<{ errors: Array<{ type: string; message: string }> }>(sim, `{ repository(owner: "entrius", name: "gittensor") { pullRequest(number: ${issue}) { id } } }`);
    expect(pr.body.errors[0]!.message).toBe(`Could not resolve to a PullRequest with the number of ${issue}.`);
  });

  it('answers a query text asked again as the first time, errors included, and tells same-length texts apart', async () => {
    // Two texts of one length: a document kept by text must not answer for the other.
    const a = `query { repository(owner: "entrius", name: "gittensor") { pullRequest(number: ${bigPr}) { number } } }`;
    const b = a.replace(`number: ${bigPr}) { number }`, `number: ${bigPr}) { title  }`);
    expect(b.length).toBe(a.length);
    const title = sim.dataset.world.title(sim.dataset.world.repo(repo), bigPr - 1);
    for (let round = 0; round < 2; round++) {
      expect((await gql(sim, a)).body).toEqual({ data: { repository: { pullRequest: { number: bigPr } } } });
      expect((await gql(sim, b)).body).toEqual({ data: { repository: { pullRequest: { title } } } });
      expect((await gql(sim, 'query { rateLimit { nope } }')).body).toEqual({ errors: [{ message: 'Cannot query field "nope" on type "RateLimit".', locations: [{ line: 1, column: 21 }] }] });
      expect((await gql(sim, 'query { rateLimit {')).body).toEqual({ errors: [{ message: 'Syntax Error: Expected Name, found <EOF>.', locations: [{ line: 1, column: 20 }] }] });
    }
  });

  it('works with @octokit/graphql', async () => {
    const client = octokitGraphql.defaults({ baseUrl: sim.url, headers: { authorization: 'token octo' } });
    const r = await client<{ repository: { nameWithOwner: string; defaultBranchRef: { name: string } } }>('query { repository(owner: "Entrius", name: "GITTENSOR") { nameWithOwner defaultBranchRef { name } } }');
    expect(r.repository).toEqual({ nameWithOwner: repo, defaultBranchRef: { name: 'main' } });
  });
});

describe('GraphQL budget and switch', () => {
  it('answers RATE_LIMITED (HTTP 200) when the graphql budget is spent', async () => {
    const sim = await startSimulator({ repos: 1, itemsPerRepo: 20, rateLimit: { graphql: { limit: 2, windowMs: 60_000 } } });
    try {
      for (let k = 0; k < 2; k++) expect((await gql<{ data: unknown }>(sim, '{ rateLimit { remaining } }')).body.data).toBeTruthy();
      const r = await gql<{ errors: Array<{ type: string; message: string }> }>(sim, '{ rateLimit { remaining } }');
      expect(r.status).toBe(200);
      expect(r.body.errors[0]!.type).toBe('RATE_LIMITED');
      expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(sim.stats().charged.graphql).toBe(2);
    } finally {
      await sim.stop();
    }
  });

  it('answers 404 when GraphQL is switched off', async () => {
    const sim = await startSimulator({ repos: 1, itemsPerRepo: 10, graphql: false });
    try {
      expect((await gql(sim, '{ rateLimit { cost } }')).status).toBe(404);
      sim.setGraphql(true);
      expect((await gql(sim, '{ rateLimit { cost } }')).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});

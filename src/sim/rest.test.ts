import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Issue, type PullSimple, type Simulator } from './index.ts';
import { get, links } from './test-utils.ts';
import type { components } from '@octokit/openapi-types';

describe('REST shapes and listing', () => {
  let sim: Simulator;
  const repo = 'entrius/gittensor';
  beforeAll(async () => {
    sim = await startSimulator({ seed: 21, repos: 3, itemsPerRepo: 260 });
  });
  afterAll(() => sim.stop());

  it('GET /repos/{o}/{r} answers a full repository, case-insensitively', async () => {
    const r = await get<components['schemas']['full-repository']>(sim, '/repos/ENTRIUS/Gittensor');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.body).toMatchObject({ full_name: repo, default_branch: 'main', archived: false, private: false });
    expect(typeof r.body.id).toBe('number');
    const byId = await get<{ full_name: string }>(sim, `/repositories/${r.body.id}`);
    expect(byId.body.full_name).toBe(repo);
  });

  it('lists issues and PRs together; PRs carry pull_request with merged_at', async () => {
    const r = await get<Issue[]>(sim, `/repos/${repo}/issues?state=all&per_page=100`);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(100);
    const pr = r.body.find((i) => i.pull_request)!;
    expect(pr.pull_request).toEqual({ url: expect.stringContaining(`/pulls/${pr.number}`), html_url: `https://github.com/${repo}/pull/${pr.number}`, diff_url: expect.any(String), patch_url: expect.any(String), merged_at: expect.toSatisfy((v) => v === null || typeof v === 'string') });
    const issue = r.body.find((i) => !i.pull_request)!;
    for (const k of ['id', 'node_id', 'number', 'title', 'user', 'labels', 'state', 'locked', 'comments', 'created_at', 'updated_at', 'closed_at', 'author_association', 'body', 'state_reason', 'html_url', 'url']) {
      expect(issue, k).toHaveProperty(k);
    }
    // Default order: created, newest first.
    expect(r.body.map((i) => i.number)).toEqual([...r.body.map((i) => i.number)].sort((a, b) => b - a));
  });

  it('honours state, sort, direction and since', async () => {
    const all = [...sim.dataset.items(repo)];
    const open = await get<Issue[]>(sim, `/repos/${repo}/issues?per_page=100`);
    expect(open.body.every((i) => i.state === 'open')).toBe(true);
    const closed = await get<Issue[]>(sim, `/repos/${repo}/issues?state=closed&per_page=100`);
    expect(closed.body.every((i) => i.state === 'closed')).toBe(true);

    const byUpdated = await get<Issue[]>(sim, `/repos/${repo}/issues?state=all&sort=updated&direction=asc&per_page=50`);
    const times = byUpdated.body.map((i) => Date.parse(i.updated_at));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const byComments = await get<Issue[]>(sim, `/repos/${repo}/issues?state=all&sort=comments&direction=desc&per_page=30`);
    const counts = byComments.body.map((i) => i.comments);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    const median = [...all].sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at))[Math.floor(all.length / 2)]!.updated_at;
    const expected = all.filter((i) => i.updated_at >= median).length;
    let seen = 0;
    let next: string | undefined = `/repos/${repo}/issues?state=all&sort=updated&direction=asc&since=${median}&per_page=40`;
    while (next) {
      const page: Awaited<ReturnType<typeof get<Issue[]>>> = await get<Issue[]>(sim, next);
      for (const i of page.body) expect(i.updated_at >= median).toBe(true);
      seen += page.body.length;
      next = links(page.headers.get('link')).next;
    }
    expect(seen).toBe(expected);
  });

  it('paginates with Link next URLs in the /repositories/{id} after= form, each number once', async () => {
    const first = await get<Issue[]>(sim, `/repos/${repo}/issues?state=all&per_page=100`);
    const next = links(first.headers.get('link')).next!;
    expect(next).toMatch(new RegExp(`^${sim.url}/repositories/\\d+/issues\\?.*after=`));
    expect(next).toContain('state=all');
    expect(next).not.toMatch(/[?&]page=/);
    const numbers = first.body.map((i) => i.number);
    let url: string | undefined = next;
    while (url) {
      const page: Awaited<ReturnType<typeof get<Issue[]>>> = await get<Issue[]>(sim, url);
      numbers.push(...page.body.map((i) => i.number));
      url = links(page.headers.get('link')).next;
    }
    expect(numbers.sort((a, b) => a - b)).toEqual(sim.dataset.numbers(repo));
  });

  it('lists pull requests with base, head, draft and page links', async () => {
    const r = await get<PullSimple[]>(sim, `/repos/${repo}/pulls?state=all&per_page=20`);
    expect(r.status).toBe(200);
    const l = links(r.headers.get('link'));
    expect(l.next).toContain('page=2');
    expect(l.last).toBeDefined();
    for (const p of r.body) {
      expect(p.base.repo.full_name).toBe(repo);
      expect(typeof p.base.ref).toBe('string');
      expect(p.head.repo === null || typeof p.head.repo.full_name === 'string').toBe(true);
      expect(typeof p.draft).toBe('boolean');
      expect(p).toHaveProperty('merged_at');
      expect(p).toHaveProperty('author_association');
      expect(p.user?.login).toBeTruthy();
    }
    const all = sim.dataset.numbers(repo, 'pr');
    let count = 0;
    let url: string | undefined = `/repos/${repo}/pulls?state=all&sort=updated&direction=desc&per_page=100`;
    let last = Infinity;
    while (url) {
      const page: Awaited<ReturnType<typeof get<PullSimple[]>>> = await get<PullSimple[]>(sim, url);
      for (const p of page.body) {
        expect(Date.parse(p.updated_at)).toBeLessThanOrEqual(last);
        last = Date.parse(p.updated_at);
      }
      count += page.body.length;
      url = links(page.headers.get('link')).next;
    }
    expect(count).toBe(all.length);
    const branch = sim.dataset.repos()[0]!.branches[1]!;
    const off = await get<PullSimple[]>(sim, `/repos/${repo}/pulls?state=all&base=${branch}&per_page=100`);
    expect(off.body.every((p) => p.base.ref === branch)).toBe(true);
  });

  it('single issue and pull request', async () => {
    const prNumber = sim.dataset.numbers(repo, 'pr')[0]!;
    const issueNumber = sim.dataset.numbers(repo, 'issue')[0]!;
    const pr = await get<components['schemas']['pull-request']>(sim, `/repos/${repo}/pulls/${prNumber}`);
    expect(pr.status).toBe(200);
    expect(pr.body).toMatchObject({ number: prNumber, merged: expect.any(Boolean), commits: expect.any(Number) });
    expect((await get(sim, `/repos/${repo}/pulls/${issueNumber}`)).status).toBe(404);
    const issue = await get<Issue>(sim, `/repos/${repo}/issues/${issueNumber}`);
    expect(issue.body.number).toBe(issueNumber);
    expect(issue.body).toHaveProperty('closed_by');
    expect((await get(sim, `/repos/${repo}/issues/999999`)).status).toBe(404);
    expect((await get(sim, '/repos/nobody/nothing')).status).toBe(404);
  });

  it('answers 422 for page= past 10,000 items and for bad parameters', async () => {
    const r = await get<{ message: string }>(sim, `/repos/${repo}/issues?state=all&per_page=100&page=101`);
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(/pagination is limited/);
    expect((await get(sim, `/repos/${repo}/issues?state=all&per_page=100&page=100`)).status).toBe(200);
    expect((await get(sim, `/repos/${repo}/issues?state=bogus`)).status).toBe(422);
  });

  it('serves the master list in both schemas', async () => {
    const current = await get<Record<string, Record<string, unknown>>>(sim, sim.masterListUrl('current').replace(sim.url, ''));
    expect(Object.keys(current.body)).toHaveLength(3);
    const entry = current.body[repo]!;
    expect(entry).toMatchObject({ emission_share: expect.any(Number), issue_discovery_share: expect.any(Number), maintainer_cut: expect.any(Number), eligibility: expect.any(Object), scoring: expect.any(Object), label_multipliers: expect.any(Object) });
    const legacy = await get<Record<string, Record<string, unknown>>>(sim, sim.masterListUrl('legacy').replace(sim.url, ''));
    expect(legacy.body[repo]).toMatchObject({ weight: expect.any(Number), inactive_at: null, additional_acceptable_branches: expect.any(Array) });
    const keys = Object.keys(legacy.body).map((k) => k.toLowerCase()).sort();
    expect(keys).toEqual(sim.dataset.repos().map((r) => r.fullName.toLowerCase()).sort());
  });
});

describe('moved and gone', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 22, repos: 2, itemsPerRepo: 60 });
  });
  afterAll(() => sim.stop());

  it('a renamed repository answers 301 to /repositories/{id}, which works', async () => {
    const [a] = sim.dataset.repos();
    sim.mutate.renameRepo(a!.fullName, 'entrius/gittensor-next');
    const r = await get<{ url: string }>(sim, `/repos/${a!.fullName}/issues?state=all`);
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe(`${sim.url}/repositories/${a!.id}/issues?state=all`);
    const followed = await get<Issue[]>(sim, r.headers.get('location')!);
    expect(followed.status).toBe(200);
    expect(followed.body[0]!.repository_url).toBe(`${sim.url}/repos/entrius/gittensor-next`);
    expect((await get(sim, '/repos/entrius/gittensor-next')).status).toBe(200);
  });

  it('a deleted issue answers 410, a transferred one 301 to its new home; neither is listed', async () => {
    const [a, b] = sim.dataset.repos();
    const [x, y] = sim.dataset.numbers(a!.fullName, 'issue');
    sim.mutate.deleteIssue(a!.fullName, x!);
    const moved = sim.mutate.transferIssue(a!.fullName, y!, b!.fullName);
    const gone = await get<{ message: string }>(sim, `/repos/${a!.fullName}/issues/${x}`);
    expect(gone.status).toBe(410);
    expect(gone.body.message).toBe('This issue was deleted');
    const m = await get(sim, `/repos/${a!.fullName}/issues/${y}`);
    expect(m.status).toBe(301);
    expect(m.headers.get('location')).toBe(`${sim.url}/repositories/${b!.id}/issues/${moved.to!.number}`);
    const there = await get<Issue>(sim, m.headers.get('location')!);
    expect(there.status).toBe(200);
    expect(there.body.number).toBe(moved.to!.number);
    const before = sim.dataset.issue(b!.fullName, moved.to!.number)!;
    expect(before.id).toBeGreaterThan(0);
    const listed = await get<Issue[]>(sim, `/repos/${a!.fullName}/issues?state=all&per_page=100`);
    expect(listed.body.map((i) => i.number)).not.toContain(x);
    expect(listed.body.map((i) => i.number)).not.toContain(y);
  });
});

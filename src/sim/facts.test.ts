import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.ts';
import { get, gql, links } from './test-utils.ts';
import { LABELS } from './words.ts';

interface Review { id: number; user: { login: string }; state: string; author_association: string; submitted_at: string }
interface Event { event: string; actor: { login: string; id: number }; created_at: string; label?: { name: string }; commit_id: string | null }

describe('simulated facts: reviews, events, collaborators', () => {
  let sim: Simulator;
  let repo: string;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 51, repos: 2, itemsPerRepo: 200 });
    repo = sim.dataset.repos()[0]!.fullName;
  });
  afterAll(() => sim.stop());

  const world = () => sim.dataset.world;
  const maintainers = () => sim.mutate.maintainers(repo);

  it('maintainers are the owner and MEMBER or COLLABORATOR regulars; /collaborators lists them with push access, or answers 403 when hidden', async () => {
    const w = world();
    const list = maintainers();
    expect(list.length).toBeGreaterThan(1);
    expect(w.users.associationOf(w.users.byName(list[0]!)!.index, 0, w.seed)).toBe('OWNER');
    for (const login of list.slice(1)) expect(['MEMBER', 'COLLABORATOR']).toContain(w.users.associationOf(w.users.byName(login)!.index, 0, w.seed));
    const r = await get<{ login: string; permissions: { push: boolean } }[]>(sim, `/repos/${repo}/collaborators`);
    expect(r.status).toBe(200);
    expect(r.body.map((c) => c.login)).toEqual(list);
    expect(r.body.every((c) => c.permissions.push)).toBe(true);
    sim.mutate.hideCollaborators(repo);
    const hidden = await get<{ message: string }>(sim, `/repos/${repo}/collaborators`);
    expect(hidden.status).toBe(403);
    expect(hidden.body.message).toBe('Must have push access to view repository collaborators.');
    sim.mutate.hideCollaborators(repo, false);
    expect((await get(sim, `/repos/${repo}/collaborators`)).status).toBe(200);
  });

  it('a merged pull request: its last review approves; merged_by is a maintainer (or its maintainer author); REST and GraphQL agree', async () => {
    const merged = sim.dataset.numbers(repo, 'pr').filter((n) => sim.dataset.pull(repo, n)!.merged);
    let states = new Set<string>();
    let selfMerged = 0;
    for (const n of merged) {
      const pull = sim.dataset.pull(repo, n)!;
      expect(maintainers()).toContain(pull.merged_by!.login);
      if (pull.merged_by!.login === pull.user.login) selfMerged++;
      const reviews = (await get<Review[]>(sim, `/repos/${repo}/pulls/${n}/reviews?per_page=100`)).body;
      states = new Set([...states, ...reviews.map((r) => r.state)]);
      if (reviews.length) expect(reviews[reviews.length - 1]!.state).toBe('APPROVED');
      for (const r of reviews) expect(r.submitted_at <= pull.merged_at!).toBe(true);
    }
    expect(selfMerged).toBeGreaterThan(0);
    expect(states).toEqual(new Set(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED']));

    const n = merged[0]!;
    const pull = sim.dataset.pull(repo, n)!;
    const [owner, name] = repo.split('/');
    const q = await gql<{ data: { repository: { pullRequest: Record<string, unknown> & { reviews: { totalCount: number } } } } }>(
      sim,
      `query { repository(owner: "${owner}", name: "${name}") { pullRequest(number: ${n}) { mergedBy { login } additions deletions changedFiles headRefOid baseRefOid author { ... on User { databaseId } } reviews(first: 100) { totalCount } } } }`,
    );
    const pr = q.body.data.repository.pullRequest;
    expect(pr).toMatchObject({ mergedBy: { login: pull.merged_by!.login }, additions: pull.additions, deletions: pull.deletions, changedFiles: pull.changed_files, headRefOid: pull.head.sha, baseRefOid: pull.base.sha, author: { databaseId: pull.user.id } });
    const rest = (await get<Review[]>(sim, `/repos/${repo}/pulls/${n}/reviews?per_page=100`)).body;
    expect(pr.reviews.totalCount).toBe(rest.length);
  });

  it('labeled events name who applied each label carried, about one in five by the author; a closed item has one closed event', async () => {
    let byAuthor = 0;
    let total = 0;
    for (const n of sim.dataset.numbers(repo).slice(0, 120)) {
      const item = sim.dataset.issue(repo, n)!;
      const events = (await get<Event[]>(sim, `/repos/${repo}/issues/${n}/timeline?per_page=100`)).body;
      const labeled = events.filter((e) => e.event === 'labeled');
      expect(labeled.map((e) => e.label!.name).sort()).toEqual(item.labels.map((l) => (typeof l === 'string' ? l : l.name!)).sort());
      for (const e of labeled) {
        total++;
        if (e.actor.login === item.user!.login && !maintainers().includes(e.actor.login)) byAuthor++;
        else if (e.actor.login !== item.user!.login) expect(maintainers()).toContain(e.actor.login);
      }
      if (item.state === 'closed') expect(events.filter((e) => e.event === 'closed')).toHaveLength(1);
    }
    expect(byAuthor).toBeGreaterThan(0);
    expect(byAuthor / total).toBeLessThan(0.4);
  });

  it('mutations: a new review, a label applied by someone, an edit after the merge; each bumps updated_at', async () => {
    const w = world();
    const open = sim.dataset.numbers(repo, 'pr').find((n) => sim.dataset.pull(repo, n)!.state === 'open')!;
    sim.clock.advance(3600_000);
    const before = (await get<Review[]>(sim, `/repos/${repo}/pulls/${open}/reviews?per_page=100`)).body.length;
    sim.mutate.addReview(repo, open, maintainers()[1]!, 'CHANGES_REQUESTED');
    const after = (await get<Review[]>(sim, `/repos/${repo}/pulls/${open}/reviews?per_page=100`)).body;
    expect(after).toHaveLength(before + 1);
    expect(after[after.length - 1]).toMatchObject({ state: 'CHANGES_REQUESTED', user: { login: maintainers()[1] }, submitted_at: sim.clock.iso() });
    expect(sim.dataset.pull(repo, open)!.updated_at).toBe(sim.clock.iso());

    const state = w.repo(repo);
    const stranger = w.users.get(w.users.generalStart + 7).login;
    const label = LABELS[state.meta.labels[1]!]!.name;
    sim.mutate.applyLabel(repo, open, label, stranger);
    const events = (await get<Event[]>(sim, `/repos/${repo}/issues/${open}/events?per_page=100`)).body;
    expect(events.find((e) => e.event === 'labeled' && e.label!.name === label)).toMatchObject({ actor: { login: stranger }, created_at: sim.clock.iso() });

    const merged = sim.dataset.numbers(repo, 'pr').find((n) => sim.dataset.pull(repo, n)!.merged)!;
    sim.mutate.editAfterMerge(repo, merged);
    const [owner, name] = repo.split('/');
    const q = await gql<{ data: { repository: { pullRequest: { lastEditedAt: string; mergedAt: string } } } }>(sim, `query { repository(owner: "${owner}", name: "${name}") { pullRequest(number: ${merged}) { lastEditedAt mergedAt } } }`);
    const pr = q.body.data.repository.pullRequest;
    expect(pr.lastEditedAt).toBe(sim.clock.iso());
    expect(pr.lastEditedAt > pr.mergedAt).toBe(true);
  });

  it('pages reviews past 100 in REST (Link) and GraphQL (pageInfo)', async () => {
    const n = sim.dataset.numbers(repo, 'pr').find((x) => sim.dataset.pull(repo, x)!.state === 'open')!;
    for (let k = 0; k < 105; k++) sim.mutate.addReview(repo, n, maintainers()[k % maintainers().length]!, 'COMMENTED');
    const first = await get<Review[]>(sim, `/repos/${repo}/pulls/${n}/reviews?per_page=100`);
    expect(first.body).toHaveLength(100);
    const next = links(first.headers.get('link')).next!;
    expect(next).toContain('page=2');
    const [owner, name] = repo.split('/');
    const q = await gql<{ data: { repository: { pullRequest: { reviews: { totalCount: number; nodes: unknown[]; pageInfo: { hasNextPage: boolean } } } } } }>(sim, `query { repository(owner: "${owner}", name: "${name}") { pullRequest(number: ${n}) { reviews(first: 100) { totalCount nodes { state } pageInfo { hasNextPage endCursor } } } } }`);
    expect(q.body.data.repository.pullRequest.reviews.nodes).toHaveLength(100);
    expect(q.body.data.repository.pullRequest.reviews.pageInfo.hasNextPage).toBe(true);
  });

  it('issues: a closer pull request only when a linked one merged as the issue closed; the rest (some closed days after the merge) by hand', async () => {
    const [owner, name] = repo.split('/');
    let byPull = 0;
    let byHand = 0;
    let daysAfterMerge = 0;
    for (const n of sim.dataset.numbers(repo, 'issue')) {
      const issue = sim.dataset.issue(repo, n)!;
      if (issue.state !== 'closed') continue;
      const q = await gql<{ data: { repository: { issue: { timelineItems: { nodes: { actor: { login: string }; closer: { number: number; mergedAt: string; repository: { nameWithOwner: string } } | null }[] } } } } }>(
        sim,
        `query { repository(owner: "${owner}", name: "${name}") { issue(number: ${n}) { timelineItems(last: 1, itemTypes: [CLOSED_EVENT]) { nodes { ... on ClosedEvent { actor { login } closer { ... on PullRequest { number mergedAt repository { nameWithOwner } } } } } } } } }`,
      );
      const ev = q.body.data.repository.issue.timelineItems.nodes[0]!;
      expect(ev.actor.login).toBe(issue.closed_by!.login);
      if (ev.closer) {
        byPull++;
        expect(Math.abs(Date.parse(ev.closer.mergedAt) - Date.parse(issue.closed_at!))).toBeLessThanOrEqual(60_000);
        expect(sim.dataset.expectedClosedBy(repo, n, { includeClosedPrs: true })).toContainEqual({ repo: ev.closer.repository.nameWithOwner, number: ev.closer.number });
      } else {
        byHand++;
        for (const pr of sim.dataset.expectedClosedBy(repo, n, { includeClosedPrs: true })) {
          const mergedAt = sim.dataset.pull(pr.repo, pr.number)!.merged_at;
          if (mergedAt && Date.parse(issue.closed_at!) - Date.parse(mergedAt) >= 86_400_000) daysAfterMerge++;
        }
      }
    }
    expect(byPull).toBeGreaterThan(0);
    expect(byHand).toBeGreaterThan(0);
    expect(daysAfterMerge).toBeGreaterThan(0);
  });

  it('is deterministic and stores nothing for generated facts', async () => {
    const other = await startSimulator({ seed: 51, repos: 2, itemsPerRepo: 200 });
    try {
      const n = sim.dataset.numbers(repo, 'pr').find((x) => sim.dataset.world.facts.reviews(sim.dataset.world.repo(repo), x - 1).length > 0)!;
      const a = (await get<Review[]>(other, `/repos/${repo}/pulls/${n}/reviews`)).body;
      const fresh = await startSimulator({ seed: 51, repos: 2, itemsPerRepo: 200 });
      const b = (await get<Review[]>(fresh, `/repos/${repo}/pulls/${n}/reviews`)).body;
      await fresh.stop();
      const key = (rs: Review[]) => rs.map((r) => [r.id, r.user.login, r.state, r.submitted_at, r.author_association]);
      expect(a.length).toBeGreaterThan(0);
      expect(key(b)).toEqual(key(a));
      expect(other.dataset.world.facts.addedReviews.size + other.dataset.world.facts.labelActors.size + other.dataset.world.facts.edits.size).toBe(0);
    } finally {
      await other.stop();
    }
  });
});

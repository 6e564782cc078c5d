import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { listRepos } from '../db/repos.queries.ts';
import { requestKind } from '../github/client.ts';
import { refreshMaintainers } from './maintainers.job.ts';
import { mirrorDifferences } from '../test/mirror.ts';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { buildServer } from '../server/app.ts';
import { LABELS } from '../sim/words.ts';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const iso = (sec: number) => new Date(sec * 1000).toISOString().replace('.000Z', 'Z');

/** The simulator's ground truth for one item (facts.ts), in the mirror's terms. */
function truth(h: SyncHarness, repo: string, number: number) {
  const world = h.sim.dataset.world;
  const state = world.repo(repo);
  const i = number - 1;
  const user = (u: number) => world.users.get(u);
  const assoc = (u: number) => world.users.associationOf(u, state.meta.index, world.seed);
  const merged = state.items.merged[i]!;
  const mergedBy = world.facts.mergedBy(state, i);
  const edited = world.facts.lastEditedAt(state, i);
  const closer = state.items.isPr(i) ? null : world.facts.closer(state, i);
  return {
    authorId: String(user(state.items.author[i]!).id),
    mergedBy: mergedBy === null ? null : user(mergedBy).login,
    selfMerged: mergedBy !== null && mergedBy === state.items.author[i],
    editedAfterMerge: merged > 0 && edited !== null && edited > merged,
    lastEditedAt: edited === null ? null : iso(edited),
    reviews: world.facts
      .reviews(state, i)
      .map((r) => ({ review_id: String(r.id), author: user(r.user).login, author_association: assoc(r.user), state: r.state, submitted_at: iso(r.at) }))
      .sort((a, b) => a.review_id.localeCompare(b.review_id)),
    labels: world.facts
      .labelEvents(state, i)
      .map((e) => ({ label: h.sim.dataset.world.repo(repo).meta.labels[e.bit]!, actor: user(e.actor).login, actorId: String(user(e.actor).id), at: iso(e.at), maintainer: world.facts.isMaintainer(state.meta.index, e.actor) })),
    closedBy: closer ? user(closer.actor).login : null,
    closerNumber: closer?.pr?.number ?? null,
    closerRepo: closer?.pr ? world.repos[closer.pr.repoIndex]!.meta.owner + '/' + world.repos[closer.pr.repoIndex]!.meta.name : null,
  };
}

async function itemRow(h: SyncHarness, repo: string, number: number) {
  return h.database.db
    .selectFrom('items')
    .innerJoin('repos', 'repos.id', 'items.repo_id')
    .selectAll('items')
    .where('repos.name_key', '=', repo.toLowerCase())
    .where('items.number', '=', number)
    .executeTakeFirstOrThrow();
}

async function stored(h: SyncHarness, repo: string, number: number) {
  const item = await itemRow(h, repo, number);
  const db = h.database.db;
  return {
    item,
    facts: await db.selectFrom('pull_facts').selectAll().where('item_id', '=', item.id).executeTakeFirst(),
    reviews: await db.selectFrom('pull_reviews').select(['review_id', 'author', 'author_association', 'state', 'submitted_at']).where('item_id', '=', item.id).orderBy('review_id').execute(),
    labels: await db.selectFrom('label_events').selectAll().where('item_id', '=', item.id).orderBy('at').execute(),
    issue: await db.selectFrom('issue_facts').selectAll().where('item_id', '=', item.id).executeTakeFirst(),
  };
}

function numbers(h: SyncHarness, repo: string, kind: 'pr' | 'issue') {
  return h.sim.dataset.numbers(repo, kind);
}

describe('scoring facts', () => {
  it('stores every pull request and closed issue with the facts GitHub holds (GraphQL), one world consistent with itself', async () => {
    h = await createSyncHarness({ seed: 31, repos: 2, itemsPerRepo: 120 });
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    let changesRequested = 0;
    let selfMerged = 0;
    let byOutsider = 0;
    for (const n of numbers(h, a, 'pr')) {
      const t = truth(h, a, n);
      const s = await stored(h, a, n);
      expect(s.item.author_id).toBe(t.authorId);
      expect(s.facts).toMatchObject({ source: 'graphql', merged_by: t.mergedBy, edited_after_merge: t.editedAfterMerge ? 1 : 0, last_edited_at: t.lastEditedAt, item_updated_at: s.item.updated_at });
      expect(s.reviews).toEqual(t.reviews);
      expect(s.labels.map((l) => ({ actor: l.actor, actorId: l.actor_id, at: l.at }))).toEqual(t.labels.map((l) => ({ actor: l.actor, actorId: l.actorId, at: l.at })));
      changesRequested += t.reviews.filter((r) => r.state === 'CHANGES_REQUESTED').length;
      if (t.selfMerged) selfMerged++;
      byOutsider += t.labels.filter((l) => !l.maintainer).length;
    }
    // The world has each case the rules tell apart.
    expect(changesRequested).toBeGreaterThan(0);
    expect(selfMerged).toBeGreaterThan(0);
    expect(byOutsider).toBeGreaterThan(0);

    let closedByPull = 0;
    let closedByHand = 0;
    for (const n of numbers(h, a, 'issue')) {
      const s = await stored(h, a, n);
      if (s.item.state !== 'closed') {
        expect(s.issue).toBeUndefined();
        continue;
      }
      const t = truth(h, a, n);
      expect(s.issue).toMatchObject({ source: 'graphql', closed_by: t.closedBy, closer_number: t.closerNumber, closer_repo: t.closerRepo, last_edited_at: t.lastEditedAt });
      if (t.closerNumber === null) closedByHand++;
      else closedByPull++;
    }
    expect(closedByPull).toBeGreaterThan(0);
    expect(closedByHand).toBeGreaterThan(0);
  });

  it('a review requesting changes appears after the next pass, with the maintainer who wrote it and their association', async () => {
    h = await createSyncHarness({ seed: 32, repos: 1, itemsPerRepo: 80 });
    await h.syncAll();
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const pull = numbers(h, a, 'pr').find((n) => h!.sim.dataset.pull(a, n)!.state === 'open' && !h!.sim.dataset.pull(a, n)!.draft)!;
    // The second maintainer: a MEMBER or COLLABORATOR by construction (the first is the owner).
    const maintainer = h.sim.mutate.maintainers(a)[1]!;
    const association = h.sim.dataset.world.users.associationOf(h.sim.dataset.world.users.byName(maintainer)!.index, 0, h.sim.dataset.world.seed);
    expect(['MEMBER', 'COLLABORATOR']).toContain(association);
    h.sim.clock.advance(60_000);
    h.sim.mutate.addReview(a, pull, maintainer, 'CHANGES_REQUESTED');
    await h.syncAll();
    const s = await stored(h, a, pull);
    const added = s.reviews.filter((r) => r.author === maintainer && r.state === 'CHANGES_REQUESTED' && r.submitted_at === h!.sim.clock.iso());
    expect(added).toEqual([expect.objectContaining({ author_association: association })]);
    expect(s.reviews).toEqual(truth(h, a, pull).reviews);
  });

  it('a label applied by a non-maintainer is stored with that actor and association', async () => {
    h = await createSyncHarness({ seed: 33, repos: 1, itemsPerRepo: 80 });
    await h.syncAll();
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const world = h.sim.dataset.world;
    const state = world.repo(a);
    // An open pull request whose author has no write access, labelled by that author.
    const pull = numbers(h, a, 'pr').find((n) => {
      const p = h!.sim.dataset.pull(a, n)!;
      return p.state === 'open' && ['CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'NONE'].includes(p.author_association) && !world.facts.isMaintainer(0, state.items.author[n - 1]!);
    })!;
    const author = h.sim.dataset.pull(a, pull)!;
    const label = LABELS[state.meta.labels[0]!]!.name;
    h.sim.clock.advance(60_000);
    h.sim.mutate.applyLabel(a, pull, label, author.user.login);
    await h.syncAll();
    const row = (await stored(h, a, pull)).labels.find((l) => l.label === label);
    expect(row).toMatchObject({ actor: author.user.login, actor_id: String(author.user.id), actor_association: author.author_association, at: h.sim.clock.iso() });
  });

  it('an edit after the merge is detected', async () => {
    h = await createSyncHarness({ seed: 34, repos: 1, itemsPerRepo: 80 });
    await h.syncAll();
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const merged: number[] = [];
    for (const n of numbers(h, a, 'pr')) if ((await stored(h, a, n)).facts?.edited_after_merge === 0 && h.sim.dataset.pull(a, n)!.merged) merged.push(n);
    const pull = merged[0]!;
    h.sim.clock.advance(60_000);
    h.sim.mutate.editAfterMerge(a, pull);
    await h.syncAll();
    const s = await stored(h, a, pull);
    expect(s.facts).toMatchObject({ edited_after_merge: 1, last_edited_at: h.sim.clock.iso() });
    expect(s.facts!.last_edited_at! > s.item.merged_at!).toBe(true);
  });

  it('a transferred issue is marked, with where it went', async () => {
    h = await createSyncHarness({ seed: 35, repos: 2, itemsPerRepo: 60 });
    await h.syncAll();
    const [a, b] = h.sim.dataset.repos().map((r) => r.fullName) as [string, string];
    const issue = numbers(h, a, 'issue').find((n) => h!.sim.dataset.issue(a, n)!.state === 'open')!;
    h.sim.clock.advance(60_000);
    const ev = h.sim.mutate.transferIssue(a, issue, b);
    await h.syncAll({ reconcileHours: 0 });
    const row = await itemRow(h, a, issue);
    expect(row.gone).toBe('transferred');
    expect(row.moved_to).toMatch(new RegExp(`/issues/${ev.to!.number}$`));
  });

  it('follows reviews past 100, over GraphQL and over REST alike', async () => {
    h = await createSyncHarness({ seed: 36, repos: 1, itemsPerRepo: 40 });
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const pull = numbers(h, a, 'pr').find((n) => h!.sim.dataset.pull(a, n)!.state === 'open')!;
    const by = h.sim.mutate.maintainers(a);
    for (let k = 0; k < 130; k++) h.sim.mutate.addReview(a, pull, by[k % by.length]!, k % 2 ? 'COMMENTED' : 'CHANGES_REQUESTED');
    await h.syncAll();
    const want = truth(h, a, pull).reviews;
    expect(want.length).toBeGreaterThan(130);
    expect((await stored(h, a, pull)).reviews).toEqual(want);

    // The same over REST: a fresh mirror of a simulator that serves no GraphQL.
    h.sim.setGraphql(false);
    await h.database.db.deleteFrom('pull_facts').execute();
    await h.database.db.deleteFrom('pull_reviews').execute();
    await h.syncAll();
    const s = await stored(h, a, pull);
    expect(s.facts).toMatchObject({ source: 'rest', merged_by: truth(h, a, pull).mergedBy, last_edited_at: null });
    expect(s.reviews).toEqual(want);
    const pages = h.sim.log().filter((e) => e.path.endsWith(`/pulls/${pull}/reviews`));
    expect(pages.length).toBe(2);
  });

  it('without GraphQL, facts come over REST: reviews, label actors, merged-by and issue closers', async () => {
    h = await createSyncHarness({ seed: 37, repos: 1, itemsPerRepo: 50, graphql: false });
    expect((await h.syncAll()).every((o) => o.ok)).toBe(true);
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    for (const n of numbers(h, a, 'pr')) {
      const t = truth(h, a, n);
      const s = await stored(h, a, n);
      expect(s.facts).toMatchObject({ source: 'rest', merged_by: t.mergedBy, edited_after_merge: 0 });
      expect(s.reviews).toEqual(t.reviews);
      expect(s.labels.map((l) => l.actor)).toEqual(t.labels.map((l) => l.actor));
    }
    for (const n of numbers(h, a, 'issue')) {
      const s = await stored(h, a, n);
      if (s.item.state === 'closed') expect(s.issue).toMatchObject({ source: 'rest', closed_by: truth(h, a, n).closedBy, closer_number: null });
    }
    // A second pass asks nothing more of REST: nothing changed.
    h.sim.resetStats();
    await h.syncAll();
    expect(h.sim.log().filter((e) => /\/(reviews|timeline)$|\/pulls\/\d+$/.test(e.path))).toEqual([]);
  });
});

describe('what the facts cost', () => {
  it('an unchanged pass costs what it did before the facts (no GraphQL, no per-item requests), and /api/sync shows each kind as the simulator counted it', async () => {
    h = await createSyncHarness({ seed: 38, repos: 2, itemsPerRepo: 100 });
    await h.syncAll();
    h.sim.resetStats();
    await h.syncAll();
    const second = h.sim.log();
    // Per repository: the repository and issues requests, and nothing else (the /pulls
    // request is not needed either: no pull request's fields are due).
    expect(second.length).toBe(2 * 2);
    expect(second.filter((e) => e.path === '/graphql' || /\/(reviews|timeline|events|collaborators)$|\/(pulls|issues)\/\d+$/.test(e.path))).toEqual([]);
    expect(second.filter((e) => e.status === 304).length).toBeGreaterThanOrEqual(2);

    // One change: one GraphQL query for its repository, counted per kind.
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const pull = numbers(h, a, 'pr').find((n) => h!.sim.dataset.pull(a, n)!.state === 'open')!;
    h.sim.clock.advance(60_000);
    h.sim.mutate.addReview(a, pull, h.sim.mutate.maintainers(a)[0]!, 'APPROVED');
    h.sim.resetStats();
    await h.syncAll();
    const graphql = h.sim.log().filter((e) => e.path === '/graphql');
    expect(graphql.length).toBe(1);

    const app = await buildServer({ db: h.database.db, dialect: h.database.dialect, config: h.config, logger: h.logs.logger, webRoot: null, databasePath: null });
    const body = (await app.inject({ method: 'GET', url: '/api/sync' })).json() as { repos: { repo: string; last_pass: { by_kind: { kind: string; requests: number; quota: number; not_modified: number; points: number }[] } }[] };
    await app.close();
    const kinds = body.repos.find((r) => r.repo === a)!.last_pass.by_kind;
    // Per kind, exactly what the simulator's request log counted for this repository's pass.
    const logged = h.sim.log().filter((e) => e.path.includes(a) || e.path === '/graphql');
    const expected = new Map<string, { kind: string; requests: number; quota: number; not_modified: number; points: number }>();
    for (const e of logged) {
      const k = requestKind(e.method, h.sim.url + e.path);
      const c = expected.get(k) ?? { kind: k, requests: 0, quota: 0, not_modified: 0, points: 0 };
      c.requests++;
      if (e.status === 304) c.not_modified++;
      if (e.charged) c.quota++;
      if (e.resource === 'graphql') c.points += e.cost;
      expected.set(k, c);
    }
    expect([...kinds].sort((x, y) => x.kind.localeCompare(y.kind))).toEqual([...expected.values()].sort((x, y) => x.kind.localeCompare(y.kind)));
    expect(kinds.find((x) => x.kind === 'graphql')).toEqual({ kind: 'graphql', requests: 1, quota: 1, not_modified: 0, points: graphql[0]!.cost });
  });

  it('maintainers: collaborators with an ETag (an unchanged hour costs one conditional request), associations where the list is hidden, and the mirror left alone', async () => {
    h = await createSyncHarness({ seed: 39, repos: 2, itemsPerRepo: 80 });
    await h.syncAll();
    const [a, b] = h.sim.dataset.repos().map((r) => r.fullName) as [string, string];
    h.sim.mutate.hideCollaborators(b);
    const deps = { db: h.database.db, gateway: h.gateway, logger: h.logs.logger };
    h.sim.resetStats();
    const first = await refreshMaintainers(deps);
    expect(first.find((o) => o.repo === a)?.source).toBe('collaborators');
    expect(first.find((o) => o.repo === b)?.source).toBe('associations');
    const rows = async (repo: string) => h!.database.db.selectFrom('subnet_maintainers').select(['login', 'association', 'source', 'github_id']).where('repo_key', '=', repo.toLowerCase()).orderBy('login').execute();
    const world = h.sim.dataset.world;
    const expected = h.sim.mutate.maintainers(a).map((login) => ({ login, github_id: String(world.users.byName(login)!.id), source: 'collaborators' })).sort((x, y) => x.login.localeCompare(y.login));
    expect((await rows(a)).map(({ login, github_id, source }) => ({ login, github_id, source }))).toEqual(expected);
    // The hidden list: authors whose association on b's items is OWNER, MEMBER or COLLABORATOR.
    const seen = new Set<string>();
    for (const n of h.sim.dataset.numbers(b)) {
      const i = h.sim.dataset.issue(b, n)!;
      if (['OWNER', 'MEMBER', 'COLLABORATOR'].includes(i.author_association ?? '')) seen.add(i.user!.login);
    }
    expect((await rows(b)).map((r) => r.login).sort()).toEqual([...seen].sort());
    expect((await rows(b)).every((r) => r.source === 'associations')).toBe(true);

    h.sim.resetStats();
    await refreshMaintainers(deps);
    const again = h.sim.log();
    expect(again.map((e) => [e.path, e.status]).sort()).toEqual([[`/repos/${a}/collaborators`, 304], [`/repos/${b}/collaborators`, 403]]);

    // A repository the mirror answers for is the mirror's.
    const repos = await listRepos(h.database.db);
    await h.database.db.insertInto('subnet_fetch_state').values({ source: `mirror:maintainers:${repos[0]!.name_key}`, last_success_at: new Date().toISOString() }).execute();
    h.sim.resetStats();
    expect((await refreshMaintainers(deps))[0]).toEqual({ repo: repos[0]!.full_name, source: 'subnet-mirror' });
    expect(h.sim.log().length).toBe(1);
  });
});

describe('facts and crashes', () => {
  it('a pass that cannot store GitHub\'s link answer fails, instead of recording a success over the text links', async () => {
    h = await createSyncHarness({ seed: 41, repos: 1, itemsPerRepo: 120 });
    const db = h.database.db;
    // The store refuses GitHub's facts (a full disk, a lost connection, a deadlock past its retries).
    if (h.database.dialect === 'postgres') {
      await sql`CREATE FUNCTION refuse_facts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the store refused the facts'; END $$`.execute(db);
      await sql`CREATE TRIGGER refuse_facts BEFORE INSERT ON pull_facts FOR EACH ROW EXECUTE FUNCTION refuse_facts()`.execute(db);
    } else {
      await sql`CREATE TRIGGER refuse_facts BEFORE INSERT ON pull_facts BEGIN SELECT RAISE(ABORT, 'the store refused the facts'); END`.execute(db);
    }
    const [failed] = await h.syncAll();
    expect(failed!.ok).toBe(false);
    expect(failed!.error).toContain('the store refused the facts');
    expect(h.logs.text()).not.toContain('text links stand');
    const state = await db.selectFrom('sync_state').select(['last_success_at']).executeTakeFirstOrThrow();
    expect(state.last_success_at).toBeNull();
    // Nothing of GitHub's answer was kept: every pull request still waits for it.
    const waiting = await db.selectFrom('items').select((eb) => eb.fn.countAll().as('n')).where('is_pull', '=', 1).where('graphql_due', '=', 1).executeTakeFirstOrThrow();
    const [repo] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    expect(Number(waiting.n)).toBe(numbers(h, repo, 'pr').length);

    await sql`DROP TRIGGER refuse_facts${sql.raw(h.database.dialect === 'postgres' ? ' ON pull_facts' : '')}`.execute(db);
    const [next] = await h.syncAll();
    expect(next!.ok).toBe(true);
    expect(await mirrorDifferences(db, h.sim)).toEqual([]);
  });

  it('a pass whose facts fail after the first batch keeps that batch and asks only the rest next time', async () => {
    h = await createSyncHarness({ seed: 40, repos: 1, itemsPerRepo: 400 });
    const [a] = h.sim.dataset.repos().map((r) => r.fullName) as [string];
    const pulls = numbers(h, a, 'pr').length;
    const issues = numbers(h, a, 'issue').filter((n) => h!.sim.dataset.issue(a, n)!.state === 'closed').length;
    const batches = Math.ceil(pulls / 50) + Math.ceil(issues / 100);
    expect(Math.ceil(pulls / 50)).toBeGreaterThan(2);

    // Every GraphQL query after the first fails (502), past the gateway's retries.
    const off = h.sim.faults.add({ match: { path: '/graphql' }, range: [2, 10_000], action: { kind: 'status', status: 502 } });
    await h.syncAll();
    off();
    expect(h.sim.log().filter((e) => e.path === '/graphql' && e.status === 200).length).toBe(1);
    const kept = Number((await h.database.db.selectFrom('pull_facts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(kept).toBe(50);

    h.sim.resetStats();
    await h.syncAll();
    expect(h.sim.log().filter((e) => e.path === '/graphql').length).toBe(batches - 1);
    for (const n of numbers(h, a, 'pr')) expect((await stored(h, a, n)).reviews).toEqual(truth(h, a, n).reviews);
    const count = async (t: 'pull_facts' | 'issue_facts') => Number((await h!.database.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('pull_facts')).toBe(pulls);
    expect(await count('issue_facts')).toBe(issues);
  });
});

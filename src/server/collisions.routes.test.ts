import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIssue, buildPull, buildRepo } from '../test/factories.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  const repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
  const entry = { emission_share: 0.2, issue_discovery_share: 0.25, label_multipliers: { bug: 1.5, 'eval:*': 3 }, default_label_multiplier: 1 };
  await t.db.updateTable('repos').set({ entry: JSON.stringify(entry) }).where('id', '=', repo.id).execute();
  // #1: claimed by alice (open) and bob (draft): a collision.
  await buildIssue(t.db, repo, { number: 1, author: 'reporter', author_association: 'CONTRIBUTOR', labels: ['eval:hard', 'docs'] });
  await buildPull(t.db, repo, { number: 2, author: 'alice', body: 'Fixes #1' });
  await buildPull(t.db, repo, { number: 3, author: 'bob', draft: true, body: 'Closes #1' });
  // #4: two pull requests, one author in two spellings: no collision.
  await buildIssue(t.db, repo, { number: 4, author: 'owner', author_association: 'OWNER' });
  await buildPull(t.db, repo, { number: 5, author: 'alice', body: 'Fixes #4' });
  await buildPull(t.db, repo, { number: 6, author: 'ALICE', body: 'Fixes #4' });
  // #7: one open claimer and a closed (abandoned) one by someone else: no collision.
  await buildIssue(t.db, repo, { number: 7 });
  await buildPull(t.db, repo, { number: 8, author: 'carol', body: 'Fixes #7' });
  await buildPull(t.db, repo, { number: 9, author: 'dave', state: 'closed', body: 'Fixes #7' });
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('collisions on the issue', () => {
  it('names the authors when open pull requests of several miners claim it', async () => {
    const body = (await get('/api/repos/acme/widgets/issues/1')).json();
    expect(body.collision).toEqual({
      pulls: [
        { repo: 'acme/widgets', number: 2, author: 'alice' },
        { repo: 'acme/widgets', number: 3, author: 'bob' },
      ],
      authors: ['alice', 'bob'],
    });
  });

  it('is null for one author in any letter case, and for a closed claimer', async () => {
    expect((await get('/api/repos/acme/widgets/issues/4')).json().collision).toBeNull();
    expect((await get('/api/repos/acme/widgets/issues/7')).json().collision).toBeNull();
  });

  it('says what solving pays under the repository’s rules', async () => {
    // Contributor's issue: 1.33; "eval:hard" matches eval:* → 3 (docs matches nothing); 1.33 × 3 = 3.99.
    // Pools: 0.2 × (1 − 0.25) = 0.15 for pull requests, 0.2 × 0.25 = 0.05 for issues.
    expect((await get('/api/repos/acme/widgets/issues/1')).json().solve_reward).toEqual({
      issue_multiplier: 1.33, issue_multiplier_reason: 'opened by a contributor: the standard issue multiplier', label_multiplier: 3, label: 'eval:hard', factor: 3.99,
      emission_share: 0.2, issue_discovery_share: 0.25, pr_pool_share: 0.15, issue_pool_share: 0.05, maintainer_cut: 0,
    });
    // The owner's issue, no label: 1.66 × the default 1.
    expect((await get('/api/repos/acme/widgets/issues/4')).json().solve_reward).toMatchObject({ issue_multiplier: 1.66, label_multiplier: 1, label: null, factor: 1.66 });
  });
});

describe('GET /api/repos/{owner}/{name}/collisions', () => {
  it('lists the colliding open issues among those claimed twice or more', async () => {
    const body = (await get('/api/repos/acme/widgets/collisions')).json();
    // #1 and #4 have two claimers each (#7's closed one does not count); only #1's are two authors.
    expect(body.scanned).toBe(2);
    expect(body.items.map((i: { number: number; collision: { authors: string[] } }) => [i.number, i.collision.authors])).toEqual([[1, ['alice', 'bob']]]);
  });

  it('404 for an untracked repository, 400 for a bad limit', async () => {
    expect((await get('/api/repos/acme/nope/collisions')).statusCode).toBe(404);
    expect((await get('/api/repos/acme/widgets/collisions?limit=0')).statusCode).toBe(400);
  });
});

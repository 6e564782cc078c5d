import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { throttling } from '@octokit/plugin-throttling';
import { startSimulator, type Simulator } from './index.ts';

const PaginatingOctokit = Octokit.plugin(paginateRest);

describe('Octokit against the simulator', () => {
  let sim: Simulator;
  const repo = 'entrius/gittensor';
  beforeAll(async () => {
    sim = await startSimulator({ seed: 51, repos: 1, itemsPerRepo: 12_000 });
  });
  afterAll(() => sim.stop());

  it('paginateRest walks a 12,000-item repository to its end, every number exactly once', async () => {
    const octokit = new PaginatingOctokit({ baseUrl: sim.url, auth: 'paginate-token' });
    const items = await octokit.paginate('GET /repos/{owner}/{repo}/issues', { owner: 'entrius', repo: 'gittensor', state: 'all', per_page: 100 });
    const numbers = items.map((i) => i.number).sort((a, b) => a - b);
    const expected = sim.dataset.numbers(repo);
    expect(expected.length).toBeGreaterThan(11_900);
    expect(numbers).toEqual(expected);
    // Past item 10,000 only the cursor links work: the walk must have used them.
    expect(sim.log().filter((e) => e.path.startsWith('/repositories/') && e.query.after).length).toBe(Math.ceil(expected.length / 100) - 1);
  }, 60_000);

  it('the throttling plugin recognises the secondary and primary limit answers', async () => {
    const ThrottledOctokit = Octokit.plugin(throttling);
    const calls: string[] = [];
    const octokit = new ThrottledOctokit({
      baseUrl: sim.url,
      auth: 'throttle-token',
      throttle: {
        // One "second" of retry-after becomes one millisecond here.
        retryAfterBaseValue: 1,
        onRateLimit: (after: number) => {
          calls.push('primary');
          return after < 0;
        },
        onSecondaryRateLimit: (after: number) => {
          calls.push(`secondary:${after}`);
          return true;
        },
      },
    });
    sim.faults.add({ nth: 1, action: { kind: 'secondary', retryAfter: 2 } });
    const ok = await octokit.request('GET /repos/{owner}/{repo}', { owner: 'entrius', repo: 'gittensor' });
    expect(ok.status).toBe(200);
    expect(calls).toEqual(['secondary:2']);
    sim.faults.add({ nth: 1, action: { kind: 'primary' } });
    await expect(octokit.request('GET /repos/{owner}/{repo}', { owner: 'entrius', repo: 'gittensor' })).rejects.toMatchObject({ status: 403 });
    expect(calls).toEqual(['secondary:2', 'primary']);
  });
});

import { describe, expect, it } from 'vitest';
import { startSimulator, type Issue } from './index.ts';
import { gql, links } from './test-utils.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('scale', () => {
  it('serves 200 repositories × 5,000 items within 1 GiB', async () => {
    const before = process.memoryUsage();
    const t0 = Date.now();
    const sim = await startSimulator({ seed: 74, repos: 200, itemsPerRepo: 5000 });
    const startMs = Date.now() - t0;
    try {
      const repos = sim.dataset.repos();
      expect(repos.reduce((n, r) => n + r.itemCount, 0)).toBe(1_000_000);
      const afterStart = process.memoryUsage();

      // Walk two repositories to their end through the Link headers.
      for (const r of repos.slice(0, 2)) {
        let url: string | undefined = `${sim.url}/repos/${r.fullName}/issues?state=all&sort=updated&direction=asc&per_page=100`;
        let count = 0;
        while (url) {
          const res: Response = await fetch(url);
          count += ((await res.json()) as Issue[]).length;
          url = links(res.headers.get('link')).next;
        }
        expect(count).toBe(sim.dataset.numbers(r.fullName).length);
      }
      // Sample a page of every repository, both list endpoints.
      for (const r of repos) {
        const res = await fetch(`${sim.url}/repos/${r.fullName}/issues?state=all&sort=created&direction=asc&per_page=100&page=${1 + (r.id % 40)}`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
      for (const r of repos.slice(0, 40)) await (await fetch(`${sim.url}/repos/${r.fullName}/pulls?state=all&per_page=100`)).arrayBuffer();
      // Ground truth over GraphQL for a sample of PRs, and the reverse index (built once over every PR).
      for (const r of repos.filter((_, k) => k % 20 === 0)) {
        const [owner, name] = r.fullName.split('/');
        const prs = sim.dataset.numbers(r.fullName, 'pr').slice(0, 40);
        const q = `{ repository(owner: "${owner}", name: "${name}") { ${prs.map((n) => `p${n}: pullRequest(number: ${n}) { closingIssuesReferences(first: 100) { nodes { number repository { nameWithOwner } } } }`).join(' ')} } }`;
        const res = await gql<{ data: { repository: Record<string, { closingIssuesReferences: { nodes: Array<{ number: number; repository: { nameWithOwner: string } }> } }> } }>(sim, q);
        for (const n of prs) {
          expect(res.body.data.repository[`p${n}`]!.closingIssuesReferences.nodes.map((x) => ({ repo: x.repository.nameWithOwner, number: x.number }))).toEqual(sim.expectedClosingIssues(r.fullName, n));
        }
      }
      const issue = sim.dataset.numbers(repos[0]!.fullName, 'issue')[0]!;
      expect(Array.isArray(sim.dataset.expectedClosedBy(repos[0]!.fullName, issue, { includeClosedPrs: true }))).toBe(true);
      // Stream a tenth of the dataset through the iterator a loader would use.
      let streamed = 0;
      for (const r of repos.slice(0, 20)) for (const item of sim.dataset.items(r.fullName)) streamed += item.number > 0 ? 1 : 0;
      expect(streamed).toBeGreaterThan(99_000);

      const end = process.memoryUsage();
      const report = {
        startMs,
        storeMiB: +(sim.dataset.storeBytes() / MiB).toFixed(1),
        rssAfterStartMiB: +(afterStart.rss / MiB).toFixed(0),
        rssEndMiB: +(end.rss / MiB).toFixed(0),
        heapGrowthMiB: +((end.heapUsed - before.heapUsed) / MiB).toFixed(0),
        totalMs: Date.now() - t0,
      };
      console.log('simulator at 200 × 5,000:', JSON.stringify(report));
      expect(end.rss).toBeLessThan(GiB);
      expect(sim.dataset.storeBytes()).toBeLessThan(64 * MiB);
    } finally {
      await sim.stop();
    }
  }, 120_000);
});

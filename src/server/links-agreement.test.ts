import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { buildServer, type HubServer } from './app.ts';

// One definition of an issue's pull requests (and of a pull request's issues),
// used by lists and details alike: checked over a whole store synced from the simulator.

let h: SyncHarness;
let app: HubServer;
beforeAll(async () => {
  h = await createSyncHarness({ repos: 3, itemsPerRepo: 120 });
  await h.syncAll();
  const config = loadConfig({ GITHUB_API_URL: h.sim.url }, { dotenvPath: null });
  app = await buildServer({ db: h.database.db, dialect: h.database.dialect, config, logger: h.logs.logger, webRoot: null });
}, 60_000);
afterAll(async () => {
  await app.close();
  await h.dispose();
});

type Listed = { repo: string; number: number } & Record<string, unknown>;

async function listAll(path: string): Promise<Listed[]> {
  const out: Listed[] = [];
  let url = `${path}?state=all&limit=100`;
  for (;;) {
    const page = (await app.inject({ method: 'GET', url })).json() as { items: Listed[]; next_cursor: string | null };
    out.push(...page.items);
    if (!page.next_cursor) return out;
    url = `${path}?state=all&limit=100&cursor=${page.next_cursor}`;
  }
}

describe('list and detail agree on links', () => {
  it('for every issue and pull request of the store: same count, and the list shows the first of the detail', async () => {
    const repos = (await app.inject({ method: 'GET', url: '/api/repos' })).json().items as { full_name: string }[];
    expect(repos.length).toBe(3);
    let linkedIssues = 0;
    let linkedPulls = 0;
    const problems: string[] = [];
    for (const { full_name } of repos) {
      for (const [kind, links, count] of [
        ['issues', 'linked_pulls', 'linked_pulls_count'],
        ['pulls', 'closing_issues', 'closing_issues_count'],
      ] as const) {
        for (const item of await listAll(`/api/repos/${full_name}/${kind}`)) {
          const detail = (await app.inject({ method: 'GET', url: `/api/repos/${full_name}/${kind}/${item.number}` })).json();
          const where = `${full_name}#${item.number}`;
          const all = detail[links] as unknown[];
          if (all.length > 0 && kind === 'issues') linkedIssues++;
          if (all.length > 0 && kind === 'pulls') linkedPulls++;
          if (item[count] !== all.length) problems.push(`${where}: ${count} ${String(item[count])} but the detail has ${all.length}`);
          if (detail[count] !== all.length) problems.push(`${where}: the detail's ${count} ${String(detail[count])} for ${all.length}`);
          if (JSON.stringify(item[links]) !== JSON.stringify(all.slice(0, 3))) problems.push(`${where}: the list shows ${JSON.stringify(item[links])}, the detail begins ${JSON.stringify(all.slice(0, 3))}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The store has links of both kinds to compare (the simulator writes them).
    expect(linkedIssues).toBeGreaterThan(5);
    expect(linkedPulls).toBeGreaterThan(5);
  }, 120_000);
});

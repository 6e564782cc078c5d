import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { buildServer, type HubServer } from './app.ts';

// Assignees are mirrored from GitHub's payload, shown on items and filterable;
// the expected answers come from the simulator's own data, not from the hub.

let h: SyncHarness;
let app: HubServer;
beforeAll(async () => {
  h = await createSyncHarness({ repos: 2, itemsPerRepo: 80 });
  await h.syncAll();
  app = await buildServer({ db: h.database.db, dialect: h.database.dialect, config: loadConfig({ GITHUB_API_URL: h.sim.url }, { dotenvPath: null }), logger: h.logs.logger, webRoot: null });
}, 60_000);
afterAll(async () => {
  await app.close();
  await h.dispose();
});

const get = async (url: string) => (await app.inject({ method: 'GET', url })).json();

describe('assignees', () => {
  it('are mirrored and shown on every item, and the assignee filter lists exactly the items assigned to someone', async () => {
    const byLogin = new Map<string, string[]>();
    let assigned = 0;
    for (const summary of h.sim.dataset.repos()) {
      for (const kind of ['issues', 'pulls'] as const) {
        const items = (await get(`/api/repos/${summary.fullName}/${kind}?state=all&limit=100`)).items as { number: number; assignees: string[] }[];
        for (const item of items) {
          const truth = (h.sim.dataset.issue(summary.fullName, item.number)!.assignees ?? []).map((u) => u.login);
          expect(item.assignees, `${summary.fullName}#${item.number}`).toEqual(truth);
          if (truth.length) assigned++;
          for (const login of truth) byLogin.set(`${summary.fullName} ${kind} ${login}`, [...(byLogin.get(`${summary.fullName} ${kind} ${login}`) ?? []), String(item.number)]);
        }
        const one = items.find((i) => i.assignees.length > 0);
        if (one) expect((await get(`/api/repos/${summary.fullName}/${kind}/${one.number}`)).assignees).toEqual(one.assignees);
      }
    }
    expect(assigned).toBeGreaterThan(5);
    for (const [key, numbers] of byLogin) {
      const [repo, kind, login] = key.split(' ') as [string, string, string];
      // Any case, like author.
      const listed = (await get(`/api/repos/${repo}/${kind}?state=all&limit=100&assignee=${login.toUpperCase()}`)).items as { number: number }[];
      expect(listed.map((i) => String(i.number)).sort(), key).toEqual([...numbers].sort());
    }
    const nobody = await get('/api/issues?state=all&assignee=nobody-at-all');
    expect(nobody).toMatchObject({ items: [], total_count: null });
  }, 120_000);
});

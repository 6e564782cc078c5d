import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config/config.ts';
import { DEMO_ACTIVITY, DEMO_SIMULATOR, prepareRuntime } from './runtime.ts';
import { captureLogger } from './test/logs.ts';
import { createTestDatabase } from './test/db.ts';
import { startSimulator, type Simulator } from './sim/index.ts';

const started: Simulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

/** The demo's simulator as `npm start` builds it at `startTime`, after `steps` ticks of its activity. */
async function demoWorld(startTime: number, steps: number): Promise<Simulator> {
  const sim = await startSimulator({ ...DEMO_SIMULATOR, startTime });
  started.push(sim);
  for (let k = 0; k < steps; k++) sim.clock.step({ ms: DEMO_ACTIVITY.intervalMs, events: DEMO_ACTIVITY.events });
  return sim;
}

/** Each live number's kind, author, title, labels and description, per repository. */
function identities(sim: Simulator): Map<string, string> {
  const out = new Map<string, string>();
  for (const repo of sim.dataset.repos()) {
    for (let n = 1; n <= repo.itemCount; n++) {
      const item = sim.dataset.issue(repo.fullName, n);
      if (!item) continue;
      const labels = item.labels.map((l) => (typeof l === 'string' ? l : l.name)).join(',');
      out.set(`${repo.fullName}#${n}`, `${item.pull_request ? 'pull' : 'issue'} by ${item.user?.login} [${labels}]: ${item.title}\n${item.body}`);
    }
  }
  return out;
}

describe('demo data', () => {
  it('gives every item number the same author, title and description after a restart', async () => {
    const initial = DEMO_SIMULATOR.repos * DEMO_SIMULATOR.itemsPerRepo;
    // A restart hours later replays the same activity from its first step, on a later clock.
    const before = identities(await demoWorld(Date.UTC(2026, 10, 3, 9), 120));
    const after = identities(await demoWorld(Date.UTC(2026, 10, 3, 14, 27, 13), 120));
    // Items the activity created after start are among those compared, not only the generated history.
    expect(after.size - initial).toBeGreaterThan(20);
    expect([...after.keys()]).toEqual([...before.keys()]);
    const differing = [...after.keys()].filter((k) => before.get(k) !== after.get(k)).map((k) => `${k}: ${before.get(k)} / ${after.get(k)}`);
    expect(differing).toEqual([]);
  });

  it('has no open issue that a pull request merged into the default branch closes', async () => {
    for (const sim of [await demoWorld(Date.UTC(2026, 10, 3, 9), 0), await demoWorld(Date.UTC(2026, 10, 3, 9), 400)]) {
      const offending: string[] = [];
      let checked = 0;
      for (const repo of sim.dataset.repos()) {
        for (const number of sim.dataset.numbers(repo.fullName, 'issue')) {
          if (sim.dataset.issue(repo.fullName, number)?.state !== 'open') continue;
          checked++;
          for (const ref of sim.dataset.expectedClosedBy(repo.fullName, number, { includeClosedPrs: true })) {
            const pull = sim.dataset.pull(ref.repo, ref.number)!;
            const target = sim.dataset.repos().find((r) => r.fullName === ref.repo)!;
            if (pull.merged_at && pull.base.ref === target.defaultBranch) offending.push(`${repo.fullName}#${number} closed by merged ${ref.repo}#${ref.number}`);
          }
        }
      }
      expect(checked).toBeGreaterThan(150);
      expect(offending).toEqual([]);
    }
  });
});

describe('demo mode', () => {
  it("points the subnet's services at the simulator, in the server and in the worker's settings", async () => {
    const database = await createTestDatabase({ migrated: false });
    // Settings naming the public services (as unset ones do): the demo must still reach none of them.
    const base = loadConfig({ DATABASE_URL: `sqlite:${database.path}`, GITTENSOR_API_URL: 'https://api.gittensor.io', HUB_ALPHA_PRICE_URL: 'https://prices.example.com/alpha' }, { dotenvPath: null });
    expect(base.demo).toBe(true);
    const runtime = await prepareRuntime(base, captureLogger('error').logger);
    try {
      const sim = runtime.sim!;
      const expected = { apiUrl: sim.subnetUrls.api, mirrorUrl: sim.subnetUrls.mirror, alphaPriceUrl: sim.subnetUrls.alphaPrice, taoPriceUrl: sim.subnetUrls.taoPrice };
      expect(runtime.config.services).toMatchObject(expected);
      // The worker process reads its settings from this environment.
      expect(loadConfig(runtime.workerEnv, { dotenvPath: null }).services).toMatchObject(expected);
      for (const url of Object.values(expected)) expect(new URL(url!).hostname).toBe('127.0.0.1');
      // And the simulator answers there.
      const miners = (await (await fetch(`${sim.subnetUrls.api}/miners`)).json()) as unknown[];
      expect(miners.length).toBe(sim.subnet.miners().length);
    } finally {
      await runtime.stop();
      await database.dispose();
    }
  });
});

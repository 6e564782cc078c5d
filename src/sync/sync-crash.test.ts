import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { startSimulator, type Simulator } from '../sim/index.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { mirrorDifferences } from '../test/mirror.ts';

let sim: Simulator | null = null;
let database: TestDatabase | null = null;
afterEach(async () => {
  await sim?.stop();
  await database?.dispose();
  sim = null;
  database = null;
});

function hub(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', ...env } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, done, output: () => out };
}

describe('a sync killed with SIGKILL', () => {
  it('resumes on restart, losing nothing and duplicating nothing', async () => {
    sim = await startSimulator({ seed: 41, repos: 2, itemsPerRepo: 1500, faults: { random: { seed: 1, rates: {}, latencyMs: 15 } } });
    database = await createTestDatabase({ migrated: false });
    const env = { GITHUB_API_URL: sim.url, GITHUB_TOKENS: 'crash-test-token', HUB_REPOS_URL: sim.masterListUrl('current'), DATABASE_URL: `sqlite:${database.path}`, HUB_SYNC_CONCURRENCY: '2', HUB_GRAPHQL_INTERVAL_MS: '0' };

    const first = hub(['sync', '--once'], env);
    const probe = openDatabase({ kind: 'sqlite', path: database.path });
    const deadline = Date.now() + 60_000;
    let stored = 0;
    // Kill it mid-walk: some pages committed, most not yet fetched.
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        stored = Number((await probe.db.selectFrom('items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
      } catch {
        continue; // not migrated yet
      }
      if (stored >= 300) break;
    }
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(stored).toBeGreaterThanOrEqual(300);
    expect(stored).toBeLessThan(3000);

    sim.resetStats();
    const second = hub(['sync', '--once'], env);
    const result = await second.done;
    expect(result.code, second.output()).toBe(0);
    expect(second.output()).toMatch(/2 synced, 0 failed/);
    // It resumed: the issue pages committed before the kill were not walked again.
    const fullWalk = Math.ceil(3000 / 100);
    const walked = sim.log().filter((e) => /\/issues$/.test(e.path) && (e.query as Record<string, string>).state === 'all').length;
    expect(walked).toBeLessThan(fullWalk);

    expect(await mirrorDifferences(probe.db, sim)).toEqual([]);
    const dupes = await probe.db.selectFrom('items').select(['repo_id', 'number']).groupBy(['repo_id', 'number']).having((eb) => eb.fn.countAll(), '>', 1).execute();
    expect(dupes).toEqual([]);
    await probe.close();
  }, 120_000);

  it('while GraphQL answers are held: the restart asks for them again and stores every fact', async () => {
    sim = await startSimulator({ seed: 43, repos: 1, itemsPerRepo: 2600, faults: { random: { seed: 2, rates: {}, latencyMs: 10 } } });
    database = await createTestDatabase({ migrated: false });
    const [repo] = sim.dataset.repos().map((r) => r.fullName) as [string];
    const pulls = sim.dataset.numbers(repo, 'pr');
    // More pull requests than one commit of the GraphQL step holds (about 1,000), so its first commit comes late.
    expect(pulls.length).toBeGreaterThan(1100);
    const env = { GITHUB_API_URL: sim.url, GITHUB_TOKENS: 'crash-test-token', HUB_REPOS_URL: sim.masterListUrl('current'), DATABASE_URL: `sqlite:${database.path}`, HUB_SYNC_CONCURRENCY: '1', HUB_GRAPHQL_INTERVAL_MS: '0' };
    const answered = () => sim!.log().filter((e) => e.path === '/graphql' && e.status === 200).length;

    const first = hub(['sync', '--once'], env);
    const probe = openDatabase({ kind: 'sqlite', path: database.path });
    const facts = async () => {
      try {
        return Number((await probe.db.selectFrom('pull_facts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
      } catch {
        return -1; // not migrated yet
      }
    };
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && answered() < 4) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    // Killed with answers held: several GraphQL answers came back, none of them committed.
    const heldAnswers = answered();
    expect(heldAnswers).toBeGreaterThanOrEqual(4);
    expect(await facts()).toBe(0);

    sim.resetStats();
    const second = hub(['sync', '--once'], env);
    const result = await second.done;
    expect(result.code, second.output()).toBe(0);
    // Nothing held was taken as stored: every pull request is asked for again, 50 a query.
    expect(answered()).toBeGreaterThanOrEqual(Math.ceil(pulls.length / 50));
    expect(await facts()).toBe(pulls.length);

    // Every pull request's reviews are GitHub's own (the simulator's truth), and its links too.
    const world = sim.dataset.world;
    const state = world.repo(repo);
    const rows = await probe.db
      .selectFrom('pull_reviews')
      .innerJoin('items', 'items.id', 'pull_reviews.item_id')
      .select(['items.number', 'pull_reviews.review_id'])
      .execute();
    const storedReviews = new Map<number, string[]>();
    for (const r of rows) storedReviews.set(r.number, [...(storedReviews.get(r.number) ?? []), r.review_id].sort());
    for (const n of pulls) {
      const want = world.facts.reviews(state, n - 1).map((r) => String(r.id)).sort();
      expect(storedReviews.get(n) ?? [], `${repo}#${n}`).toEqual(want);
    }
    expect(await mirrorDifferences(probe.db, sim)).toEqual([]);
    await probe.close();
  }, 180_000);
});

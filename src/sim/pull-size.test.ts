import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.ts';
import { F_OPEN } from './store.ts';
import { get, gql } from './test-utils.ts';

interface FileEntry { additions: number; deletions: number; patch?: string }
interface Size { additions: number; deletions: number; changedFiles: number }

/**
 * A pull request's size (REST `/pulls/{n}` and GraphQL `additions`, `deletions`, `changedFiles`)
 * is counted apart from its files list (files.ts `fileLineCounts`); both must tell the same sums.
 */
describe('pull request size', () => {
  let sim: Simulator;
  const repo = 'entrius/gittensor';
  let prs: number[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, repos: 2, itemsPerRepo: 400 });
    const s = sim.dataset.world.repo(repo).items;
    prs = Array.from({ length: s.count }, (_, i) => i).filter((i) => s.isPr(i)).map((i) => i + 1);
  });
  afterAll(() => sim.stop());

  /** The sums over `/pulls/{n}/files`, each entry's counts checked against its own patch first. */
  async function fromFiles(n: number): Promise<Size> {
    const files = (await get<FileEntry[]>(sim, `/repos/${repo}/pulls/${n}/files?per_page=100`)).body;
    for (const f of files) {
      if (f.patch === undefined) continue;
      const lines = f.patch.split('\n').slice(1);
      expect(lines.filter((l) => l.startsWith('+')).length).toBe(f.additions);
      expect(lines.filter((l) => l.startsWith('-')).length).toBe(f.deletions);
    }
    return { additions: files.reduce((s, f) => s + f.additions, 0), deletions: files.reduce((s, f) => s + f.deletions, 0), changedFiles: files.length };
  }

  async function told(numbers: number[]): Promise<Map<number, { rest: Size; graphql: Size }>> {
    const fields = numbers.map((n) => `pr${n}: pullRequest(number: ${n}) { additions deletions changedFiles }`).join(' ');
    const answer = await gql<{ data: { repository: Record<string, Size> } }>(sim, `query { repository(owner: "entrius", name: "gittensor") { ${fields} } }`);
    const out = new Map<number, { rest: Size; graphql: Size }>();
    for (const n of numbers) {
      const pull = (await get<{ additions: number; deletions: number; changed_files: number }>(sim, `/repos/${repo}/pulls/${n}`)).body;
      out.set(n, { rest: { additions: pull.additions, deletions: pull.deletions, changedFiles: pull.changed_files }, graphql: answer.body.data.repository[`pr${n}`]! });
    }
    return out;
  }

  it('is the sum over the files list for every pull request, in REST and GraphQL', async () => {
    expect(prs.length).toBeGreaterThan(100);
    for (let k = 0; k < prs.length; k += 50) {
      const batch = prs.slice(k, k + 50);
      const sizes = await told(batch);
      for (const n of batch) {
        const want = await fromFiles(n);
        expect(sizes.get(n)).toEqual({ rest: want, graphql: want });
      }
    }
  });

  it('follows a push that moves the head, and scripted files counted by hand', async () => {
    const s = sim.dataset.world.repo(repo).items;
    const open = prs.filter((n) => s.has(n - 1, F_OPEN)).slice(0, 12);
    expect(open.length).toBe(12);
    const before = await told(open);
    for (const n of open) sim.mutate.pushCommit(repo, n);
    const after = await told(open);
    let moved = 0;
    for (const n of open) {
      const want = await fromFiles(n);
      expect(after.get(n)).toEqual({ rest: want, graphql: want });
      if (JSON.stringify(after.get(n)) !== JSON.stringify(before.get(n))) moved++;
    }
    // A push rewrites and adds blocks: most sizes change with it.
    expect(moved).toBeGreaterThan(open.length / 2);

    const n = open[0]!;
    // Two lines deleted and three added (the last without a newline), and a new file of one line.
    sim.mutate.setFiles(repo, n, [
      { filename: 'a.py', base: 'x = 1\ny = 2\n', head: 'x = 1\ny = 3\nz' },
      { filename: 'b.md', base: null, head: '# hi\n' },
      { filename: 'c.txt', base: 'gone\n', head: null },
    ]);
    const want = { additions: 4, deletions: 3, changedFiles: 3 };
    expect((await told([n])).get(n)).toEqual({ rest: want, graphql: want });
    expect(await fromFiles(n)).toEqual(want);
    // A later push keeps the scripted files.
    sim.mutate.pushCommit(repo, n);
    expect((await told([n])).get(n)).toEqual({ rest: want, graphql: want });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.ts';
import { fileContents, pullFileList, type SimFile } from './files.ts';
import { F_OPEN } from './store.ts';
import { get, links } from './test-utils.ts';

interface FileEntry { filename: string; status: string; previous_filename?: string; additions: number; deletions: number; changes: number; patch?: string; sha: string }
interface Contents { type: string; encoding: string; size: number; content: string; path: string }
interface Pull { head: { sha: string }; base: { sha: string }; updated_at: string }

describe('pull request files and contents', () => {
  let sim: Simulator;
  const repo = 'entrius/gittensor';
  let prs: number[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, repos: 2, itemsPerRepo: 200 });
    const s = sim.dataset.world.repo(repo).items;
    prs = Array.from({ length: s.count }, (_, i) => i).filter((i) => s.isPr(i)).map((i) => i + 1);
  });
  afterAll(() => sim.stop());

  const listOf = (n: number) => pullFileList(sim.dataset.world, sim.dataset.world.repo(repo), n);
  const decode = (c: Contents) => Buffer.from(c.content, 'base64');

  it('lists files in GitHub shape, paginated with Link headers, the same on every request', async () => {
    const n = prs.find((p) => listOf(p).length >= 3)!;
    const all = await get<FileEntry[]>(sim, `/repos/${repo}/pulls/${n}/files?per_page=100`);
    expect(all.status).toBe(200);
    expect(all.body.length).toBe(listOf(n).length);
    for (const f of all.body) {
      expect(['added', 'modified', 'removed', 'renamed']).toContain(f.status);
      expect(f.changes).toBe(f.additions + f.deletions);
      expect(f.sha).toMatch(/^[0-9a-f]{40}$/);
      if (f.status === 'renamed') expect(f.previous_filename).toBeTruthy();
    }
    const first = await get<FileEntry[]>(sim, `/repos/${repo}/pulls/${n}/files?per_page=2`);
    expect(first.body.map((f) => f.filename)).toEqual(all.body.slice(0, 2).map((f) => f.filename));
    const next = links(first.headers.get('link')).next!;
    expect(next).toContain('page=2');
    const second = await get<FileEntry[]>(sim, next);
    expect(second.body[0]!.filename).toBe(all.body[2]!.filename);
    expect((await get<FileEntry[]>(sim, `/repos/${repo}/pulls/${n}/files?per_page=100`)).text).toBe(all.text);
    // The pull request's size is the sum over its files.
    const pull = (await get<{ additions: number; deletions: number; changed_files: number }>(sim, `/repos/${repo}/pulls/${n}`)).body;
    expect(pull).toMatchObject({ additions: all.body.reduce((s, f) => s + f.additions, 0), deletions: all.body.reduce((s, f) => s + f.deletions, 0), changed_files: all.body.length });
  });

  it('a patch counts exactly the lines the two sides differ by', async () => {
    const n = prs.find((p) => listOf(p).some((f) => f.status === 'modified' && f.kind === 'py'))!;
    const file = listOf(n).find((f) => f.status === 'modified' && f.kind === 'py')!;
    const entry = (await get<FileEntry[]>(sim, `/repos/${repo}/pulls/${n}/files`)).body.find((f) => f.filename === file.filename)!;
    const lines = entry.patch!.split('\n').slice(1);
    expect(lines.filter((l) => l.startsWith('+')).length).toBe(entry.additions);
    expect(lines.filter((l) => l.startsWith('-')).length).toBe(entry.deletions);
    // The patch rebuilds both sides.
    const { base, head } = fileContents(file);
    expect(lines.filter((l) => !l.startsWith('+')).map((l) => l.slice(1)).join('\n') + '\n').toBe(base);
    expect(lines.filter((l) => !l.startsWith('-')).map((l) => l.slice(1)).join('\n') + '\n').toBe(head);
  });

  it('serves both sides at the commits /pulls names; an added file has no base, an unknown ref is 404', async () => {
    const n = prs.find((p) => listOf(p).some((f) => f.status === 'added') && listOf(p).some((f) => f.status === 'modified' && f.kind !== 'png'))!;
    const pull = (await get<Pull>(sim, `/repos/${repo}/pulls/${n}`)).body;
    const modified = listOf(n).find((f) => f.status === 'modified' && f.kind !== 'png')!;
    const head = await get<Contents>(sim, `/repos/${repo}/contents/${modified.filename}?ref=${pull.head.sha}`);
    const base = await get<Contents>(sim, `/repos/${repo}/contents/${modified.filename}?ref=${pull.base.sha}`);
    expect(head.body).toMatchObject({ type: 'file', encoding: 'base64', path: modified.filename });
    expect(decode(head.body).toString('utf8')).toBe(fileContents(modified).head);
    expect(decode(base.body).toString('utf8')).toBe(fileContents(modified).base);
    expect(head.body.size).toBe(Buffer.byteLength(fileContents(modified).head as string));
    const added = listOf(n).find((f) => f.status === 'added')!;
    expect((await get(sim, `/repos/${repo}/contents/${added.filename}?ref=${pull.base.sha}`)).status).toBe(404);
    expect((await get(sim, `/repos/${repo}/contents/${modified.filename}?ref=${'0'.repeat(40)}`)).status).toBe(404);
    expect((await get(sim, `/repos/${repo}/contents/${modified.filename}?ref=main`)).status).toBe(404);
  });

  it('varies: several languages, tests, binaries and a file over 1 MB (served without content) occur', async () => {
    const world = sim.dataset.world;
    const kinds = new Set<string>();
    let large: { n: number; file: SimFile } | null = null;
    for (const state of world.repos) {
      for (let i = 0; i < state.items.count; i++) {
        if (!state.items.isPr(i)) continue;
        for (const f of pullFileList(world, state, i + 1)) {
          kinds.add(f.kind);
          if (f.kind === 'large' && state === world.repo(repo)) large ??= { n: i + 1, file: f };
        }
      }
    }
    for (const k of ['py', 'ts', 'js', 'rs', 'go', 'md', 'py-test', 'ts-test', 'png', 'large']) expect(kinds, k).toContain(k);
    const png = fileContents(listOfAny(world, 'png'));
    expect(png.head === null || (png.head instanceof Uint8Array && png.head.includes(0))).toBe(true);
    expect(large).not.toBeNull();
    const pull = (await get<Pull>(sim, `/repos/${repo}/pulls/${large!.n}`)).body;
    const c = await get<Contents>(sim, `/repos/${repo}/contents/${large!.file.filename}?ref=${pull.head.sha}`);
    expect(c.body.size).toBeGreaterThan(1_000_000);
    expect(c.body).toMatchObject({ encoding: 'none', content: '' });
  });

  it('a push changes the head SHA and head contents, keeps the base, and updates the pull request', async () => {
    const state = sim.dataset.world.repo(repo);
    const n = prs.find((p) => state.items.has(p - 1, F_OPEN) && listOf(p).some((f) => f.status === 'modified' && f.kind !== 'png'))!;
    const before = (await get<Pull>(sim, `/repos/${repo}/pulls/${n}`)).body;
    const file = listOf(n).find((f) => f.status === 'modified' && f.kind !== 'png')!;
    const oldHead = decode((await get<Contents>(sim, `/repos/${repo}/contents/${file.filename}?ref=${before.head.sha}`)).body).toString();
    sim.clock.advance(60_000);
    const ev = sim.mutate.pushCommit(repo, n);
    expect(ev.type).toBe('pushed');
    const after = (await get<Pull>(sim, `/repos/${repo}/pulls/${n}`)).body;
    expect(after.head.sha).not.toBe(before.head.sha);
    expect(after.base.sha).toBe(before.base.sha);
    expect(after.updated_at > before.updated_at).toBe(true);
    const newHead = decode((await get<Contents>(sim, `/repos/${repo}/contents/${file.filename}?ref=${after.head.sha}`)).body).toString();
    expect(newHead).not.toBe(oldHead);
    // The old commit still answers with the old content, as git keeps it.
    expect(decode((await get<Contents>(sim, `/repos/${repo}/contents/${file.filename}?ref=${before.head.sha}`)).body).toString()).toBe(oldHead);
  });

  it("the subnet mirror serves the same files with both sides' contents, naming the head", async () => {
    const n = prs.find((p) => listOf(p).some((f) => f.kind === 'png') && listOf(p).some((f) => f.status === 'modified' && f.kind !== 'png'))!;
    const pull = (await get<Pull>(sim, `/repos/${repo}/pulls/${n}`)).body;
    const m = await get<{ head_sha: string; files: Array<{ filename: string; status: string; head_content: string | null; base_content: string | null; changes: number }> }>(sim, `${sim.subnetUrls.mirror}/pulls/${repo}/${n}/files`);
    expect(m.body.head_sha).toBe(pull.head.sha);
    const gh = (await get<FileEntry[]>(sim, `/repos/${repo}/pulls/${n}/files`)).body;
    expect(m.body.files.map((f) => [f.filename, f.status, f.changes])).toEqual(gh.map((f) => [f.filename, f.status, f.changes]));
    for (const f of listOf(n)) {
      const mf = m.body.files.find((x) => x.filename === f.filename)!;
      const c = fileContents(f);
      expect(mf.head_content).toBe(typeof c.head === 'string' ? c.head : null);
      expect(mf.base_content).toBe(typeof c.base === 'string' ? c.base : null);
    }
  });

  it('keeps nothing per pull request but its pushes', () => {
    expect(sim.dataset.world.pushes.size).toBe(1);
  });
});

function listOfAny(world: Simulator['dataset']['world'], kind: string): SimFile {
  for (const state of world.repos) {
    for (let i = 0; i < state.items.count; i++) {
      if (!state.items.isPr(i)) continue;
      const f = pullFileList(world, state, i + 1).find((x) => x.kind === kind);
      if (f) return f;
    }
  }
  throw new Error(`no ${kind} file`);
}

describe('scripted pull requests: exact files, an author, who merged', () => {
  let sim: Simulator;
  const repo = 'entrius/gittensor';
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, repos: 1, itemsPerRepo: 40 });
  });
  afterAll(() => sim.stop());

  it('serves the files a test sets, on every route, as a new head commit; a scripted author has no generated reviews or labels', async () => {
    const world = sim.dataset.world;
    const author = world.users.get(world.users.generalStart + 7).login;
    const n = sim.mutate.createPull(repo, { author }).number;
    const before = (await get<Pull & { user: { login: string }; labels: unknown[] }>(sim, `/repos/${repo}/pulls/${n}`)).body;
    expect(before.user.login).toBe(author);
    expect(before.labels).toEqual([]);
    expect((await get<unknown[]>(sim, `/repos/${repo}/pulls/${n}/reviews`)).body).toEqual([]);

    sim.clock.advance(60_000);
    const head = 'def one():\n    return 1\n\n\ndef two():\n    return 2\n';
    expect(sim.mutate.setFiles(repo, n, [{ filename: 'src/calc.py', base: null, head }, { filename: 'README.md', base: '# A\n', head: '# B\n\nmore\n' }]).type).toBe('pushed');
    const pull = (await get<Pull & { additions: number; deletions: number; changed_files: number }>(sim, `/repos/${repo}/pulls/${n}`)).body;
    expect(pull.head.sha).not.toBe(before.head.sha);
    // 6 lines added in calc.py; README: 1 deleted, 3 added.
    expect([pull.additions, pull.deletions, pull.changed_files]).toEqual([9, 1, 2]);
    const files = (await get<FileEntry[]>(sim, `/repos/${repo}/pulls/${n}/files`)).body;
    expect(files.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([['src/calc.py', 'added', 6, 0], ['README.md', 'modified', 3, 1]]);
    // The block diff lists a replaced block's new lines first, as for generated files.
    expect(files[1]!.patch).toBe('@@ -1,1 +1,3 @@\n+# B\n+\n+more\n-# A');
    const c = (await get<Contents>(sim, `/repos/${repo}/contents/src/calc.py?ref=${pull.head.sha}`)).body;
    expect(decode(c).toString()).toBe(head);
    expect(decode((await get<Contents>(sim, `/repos/${repo}/contents/README.md?ref=${pull.base.sha}`)).body).toString()).toBe('# A\n');
    const m = await get<{ files: Array<{ filename: string; head_content: string | null; base_content: string | null }> }>(sim, `${sim.subnetUrls.mirror}/pulls/${repo}/${n}/files`);
    expect(m.body.files).toMatchObject([{ filename: 'src/calc.py', head_content: head, base_content: null }, { filename: 'README.md', head_content: '# B\n\nmore\n', base_content: '# A\n' }]);

    expect(() => sim.mutate.setFiles(repo, n, [])).toThrow(/at least one file/);
    expect(() => sim.mutate.setFiles(repo, n, [{ filename: 'x', base: null, head: null }])).toThrow(/base or a head/);

    // Merged by its own author when the test says so (GitHub's merged_by).
    sim.mutate.merge(repo, n, { by: author });
    expect((await get<{ merged_by: { login: string } }>(sim, `/repos/${repo}/pulls/${n}`)).body.merged_by.login).toBe(author);
  });

  const decode = (c: Contents) => Buffer.from(c.content, 'base64');
});

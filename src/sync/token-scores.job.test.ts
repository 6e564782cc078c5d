import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { getRepo } from '../db/repos.queries.ts';
import { getTokenScore } from '../db/token-scores.queries.ts';
import { GithubGateway } from '../github/client.ts';
import { fileChangeShape, fileContents, headSha, pullFileList, type SimFile } from '../sim/files.ts';
import { F_OPEN } from '../sim/store.ts';
import type { RepoState } from '../sim/world.ts';
import { createSubnetClients, type SubnetMirrorClient } from '../subnet/clients.ts';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { lookbackDays, scoreRepoTokens, type TokenScoreDeps, type TokenScoreFile } from './token-scores.job.ts';
import { ThreadTokenScorer } from './token-scorer.ts';

const REPO = 'entrius/gittensor';
const DAY = 86_400_000;

describe('token-score job against the simulator', () => {
  let h: SyncHarness;
  const scorer = new ThreadTokenScorer();
  let mirror: SubnetMirrorClient;

  afterAll(() => scorer.close());

  beforeEach(async () => {
    h = await createSyncHarness({ seed: 11, repos: 1, itemsPerRepo: 200 });
    h.sim.subnet.mirrorLimit = { requests: 100_000, perMs: 1000 };
    // Fresh open pull requests, inside every window.
    for (let k = 0; k < 3; k++) {
      h.sim.clock.advance(60_000);
      h.sim.mutate.createPull(REPO);
    }
    mirror = mirrorClient(h.sim.subnetUrls.mirror);
    await h.syncAll();
  });
  afterEach(() => h.dispose());

  function mirrorClient(url: string): SubnetMirrorClient {
    const { services } = loadConfig({ GITTENSOR_MIRROR_URL: url, HUB_SERVICES_TIMEOUT_MS: '2000' }, { dotenvPath: null });
    return createSubnetClients(services, { retries: 1, backoffMs: 5, mirrorRateLimit: { requests: 100_000, perMs: 1000 } }).mirror;
  }

  const world = () => h.sim.dataset.world;
  const state = (): RepoState => world().repo(REPO);
  const deps = (over: Partial<TokenScoreDeps> = {}): TokenScoreDeps => ({
    db: h.database.db, gateway: h.gateway, mirror: null, scorer, logger: h.logs.logger, quotaPerPass: 100_000, now: () => world().nowSec * 1000, ...over,
  });
  const itemId = async (n: number) => (await h.database.db.selectFrom('items').select('id').where('number', '=', n).where('repo_id', '=', (await getRepo(h.database.db, REPO))!.id).executeTakeFirstOrThrow()).id;
  const filesOf = async (n: number) => JSON.parse((await getTokenScore(h.database.db, await itemId(n)))!.files) as TokenScoreFile[];

  /** The sim's own truth: pull requests merged, or opened and still open, inside the repository's window. */
  async function dueTruth(): Promise<number[]> {
    const days = lookbackDays((await getRepo(h.database.db, REPO))!);
    const from = world().nowSec - (days * DAY) / 1000;
    const s = state().items;
    const out: number[] = [];
    for (let i = 0; i < s.count; i++) {
      if (!s.isPr(i)) continue;
      if ((s.merged[i]! > 0 && s.merged[i]! >= from) || (s.has(i, F_OPEN) && s.created[i]! >= from)) out.push(i + 1);
    }
    return out;
  }

  it('GitHub path: scores each pull request in the window at its head, per file, and a second pass fetches nothing', async () => {
    const expected = await dueTruth();
    expect(expected.length).toBeGreaterThan(3);
    const out = await scoreRepoTokens(deps(), REPO);
    expect(out).toMatchObject({ due: expected.length, scored: expected.length, fromGithub: expected.length, fromMirror: 0, failed: 0, deferred: 0 });
    const rows = await h.database.db.selectFrom('pull_token_scores as t').innerJoin('items as i', 'i.id', 't.item_id').select(['i.number', 't.head_sha', 'i.head_sha as item_head', 'i.base_sha', 't.source', 't.file_count']).where('i.repo_id', '=', (await getRepo(h.database.db, REPO))!.id).execute();
    expect(rows.map((r) => r.number).sort((a, b) => a - b)).toEqual(expected);
    for (const r of rows) {
      // /pulls ingest stored the commits the simulator reports, and the score is for that head.
      expect(r.item_head).toBe(headSha(world(), state(), r.number - 1));
      expect(r.base_sha).toMatch(/^[0-9a-f]{40}$/);
      expect(r.head_sha).toBe(r.item_head);
      expect(r.source).toBe('github');
      expect(r.file_count).toBe(pullFileList(world(), state(), r.number).length);
    }
    // Per-file results name what each file is.
    const all = (await Promise.all(expected.map(async (n) => ({ n, files: await filesOf(n), sim: pullFileList(world(), state(), n) })))).flatMap((x) => x.files.map((f, k) => ({ f, sim: x.sim[k]! })));
    for (const { f, sim } of all) {
      expect(f.path).toBe(sim.filename);
      if (sim.status === 'removed') expect(f.note).toBe('removed');
      else if (sim.kind === 'png') expect(f.note).toBe('binary');
      else if (sim.kind === 'large') expect(f.note).toBe('too_large');
      else if (sim.kind === 'kt' || sim.kind === 'c') expect(f.note).toBe('no_grammar');
      if (sim.kind === 'md' || sim.kind === 'json') expect(f.kind).toBe('non_code');
      if ((sim.kind === 'py-test' || sim.kind === 'ts-test') && f.score > 0) expect([f.kind, f.note]).toEqual(['test', 'test']);
      if (sim.kind === 'py' && sim.status !== 'removed') expect([f.kind, f.language]).toEqual(['source', 'python']);
    }

    h.sim.resetStats();
    const again = await scoreRepoTokens(deps(), REPO);
    expect(again).toMatchObject({ due: 0, scored: 0 });
    expect(h.sim.stats().requests).toBe(0);
  }, 60_000);

  it('expected scores worked out by hand: an added Python test file, a Markdown or JSON file, a binary', async () => {
    // New pull requests (inside the window) until each kind of file below occurs in one.
    const wanted: Record<string, (f: SimFile) => boolean> = {
      test: (f) => f.kind === 'py-test' && f.status === 'added',
      text: (f) => (f.kind === 'md' || f.kind === 'json') && f.status !== 'removed',
      png: (f) => f.kind === 'png' && f.status !== 'removed',
    };
    const found: Record<string, { n: number; f: SimFile }> = {};
    for (let k = 0; k < 300 && Object.keys(found).length < 3; k++) {
      h.sim.clock.advance(60_000);
      const n = h.sim.mutate.createPull(REPO).number;
      for (const f of pullFileList(world(), state(), n)) for (const [name, ok] of Object.entries(wanted)) if (!found[name] && ok(f)) found[name] = { n, f };
    }
    expect(Object.keys(found).sort()).toEqual(['png', 'test', 'text']);
    await h.syncAll();
    await scoreRepoTokens(deps(), REPO);
    const find = (name: string) => found[name]!;
    // Each block of an added test file is
    //   def test_<name>():\n    value = <call>([<int>, <int>])\n    assert value == <int>
    // structural: function_definition 2.0 + assignment 0.2 + call 0.4 + assert_statement 0.25 = 2.85;
    // leaves: 4 identifiers × 0.07 + 3 integers × 0.03 = 0.37; per block 3.22. `import pytest` adds one
    // identifier, 0.07. Then × 1.75 (Python) × 0.05 (a test file).
    const t = find('test');
    const blocks = ((fileContents(t.f).head as string).match(/^def test_/gm) ?? []).length;
    const stored = (await filesOf(t.n)).find((x) => x.path === t.f.filename)!;
    expect(stored).toMatchObject({ kind: 'test', note: 'test', language: 'python' });
    expect(stored.score).toBeCloseTo((0.07 + blocks * 3.22) * 1.75 * 0.05, 10);

    // Non-code files: weight × min(changes, 300), Markdown 0.08, JSON 0.1 (programming_languages.json).
    const md = find('text');
    const shape = fileChangeShape(md.f, { apiBase: '', htmlBase: '', fullName: REPO, headSha: '' });
    const weight = md.f.kind === 'md' ? 0.08 : 0.1;
    expect((await filesOf(md.n)).find((x) => x.path === md.f.filename)!.score).toBeCloseTo(weight * Math.min(shape.changes, 300), 10);

    const png = find('png');
    expect((await filesOf(png.n)).find((x) => x.path === png.f.filename)).toMatchObject({ score: 0, note: 'binary', kind: 'non_code' });
  }, 90_000);

  it('a push re-scores that pull request alone, at its new head', async () => {
    await scoreRepoTokens(deps(), REPO);
    const due = await dueTruth();
    const n = due.find((p) => state().items.has(p - 1, F_OPEN) && pullFileList(world(), state(), p).some((f) => f.kind === 'py' && f.status === 'modified'))!;
    const before = (await getTokenScore(h.database.db, await itemId(n)))!;
    h.sim.clock.advance(60_000);
    h.sim.mutate.pushCommit(REPO, n);
    await h.syncAll();
    const out = await scoreRepoTokens(deps(), REPO);
    expect(out).toMatchObject({ due: 1, scored: 1 });
    const after = (await getTokenScore(h.database.db, await itemId(n)))!;
    expect(after.head_sha).toBe(headSha(world(), state(), n - 1));
    expect(after.head_sha).not.toBe(before.head_sha);
    expect(after.total_token_score).not.toBe(before.total_token_score);
  });

  it('mirror path: no GitHub request, and the same scores as from GitHub', async () => {
    const github = await scoreRepoTokens(deps(), REPO);
    const fromGithub = await h.database.db.selectFrom('pull_token_scores').selectAll().orderBy('item_id').execute();
    await h.database.db.deleteFrom('pull_token_scores').execute();
    h.sim.resetStats();
    const out = await scoreRepoTokens(deps({ mirror }), REPO);
    expect(out).toMatchObject({ scored: github.scored, fromMirror: github.scored, fromGithub: 0, githubRequests: 0 });
    expect(h.sim.log().filter((e) => !e.path.startsWith('/subnet/'))).toEqual([]);
    expect(h.sim.log().length).toBe(github.scored);
    const fromMirror = await h.database.db.selectFrom('pull_token_scores').selectAll().orderBy('item_id').execute();
    const strip = (r: (typeof fromGithub)[number]) => ({ ...r, source: null, computed_at: null });
    expect(fromMirror.map((r) => r.source)).toEqual(fromMirror.map(() => 'subnet_mirror'));
    expect(fromMirror.map(strip)).toEqual(fromGithub.map(strip));
  });

  it('mirror down: GitHub answers, and the mirror is asked once per pass, not once per pull request', async () => {
    const down = mirrorClient('http://127.0.0.1:9');
    const out = await scoreRepoTokens(deps({ mirror: down }), REPO);
    expect(out.scored).toBeGreaterThan(3);
    expect(out).toMatchObject({ fromGithub: out.scored, fromMirror: 0, mirrorRequests: 1, failed: 0 });
  });

  it('a malformed mirror answer for one pull request: that one from GitHub, the others still from the mirror', async () => {
    const due = await dueTruth();
    h.sim.subnet.tamper(`/${due[0]}/files`, () => ({ files: [{ filename: 7, status: 'added' }] }));
    const out = await scoreRepoTokens(deps({ mirror }), REPO);
    expect(out).toMatchObject({ scored: due.length, fromGithub: 1, fromMirror: due.length - 1, failed: 0 });
    expect(h.logs.text()).toContain('does not fit');
  });

  it('a mirror that serves an older head for a pull request: that one from GitHub, at the head the hub knows', async () => {
    const due = await dueTruth();
    h.sim.subnet.tamper(`/${due[1]}/files`, (body) => ({ ...(body as object), head_sha: 'f'.repeat(40) }));
    const out = await scoreRepoTokens(deps({ mirror }), REPO);
    expect(out).toMatchObject({ scored: due.length, fromGithub: 1, fromMirror: due.length - 1 });
    expect((await getTokenScore(h.database.db, await itemId(due[1]!)))!.source).toBe('github');
    expect(h.logs.text()).toContain('has not caught up');
  });

  it('respects the GitHub budget of a pass; the rest waits for later passes', async () => {
    const due = await dueTruth();
    let passes = 0;
    let scored = 0;
    for (; passes < 50 && scored < due.length; passes++) {
      h.sim.resetStats();
      const out = await scoreRepoTokens(deps({ quotaPerPass: 12 }), REPO);
      expect(out.githubQuota).toBeLessThanOrEqual(12);
      expect(h.sim.stats().charged.core).toBeLessThanOrEqual(12);
      expect(out.scored + out.deferred + out.overBudget).toBe(out.due);
      expect(out.overBudget).toBe(0);
      scored += out.scored;
    }
    expect(passes).toBeGreaterThan(1);
    expect(scored).toBe(due.length);
  }, 90_000);

  it('a pull request that needs more than a whole pass is skipped, remembered, and blocks nobody; a budget of 0 asks GitHub nothing', async () => {
    const due = await dueTruth();
    // 3 requests a pass: a pull request with two modified source files (1 + 4) never fits.
    const oversized = new Map<number, string>();
    const tight = await scoreRepoTokens(deps({ quotaPerPass: 3, oversized }), REPO);
    expect(tight.overBudget).toBeGreaterThan(0);
    expect(oversized.size).toBe(tight.overBudget);
    let left = tight;
    for (let k = 0; k < 50 && left.deferred > 0; k++) left = await scoreRepoTokens(deps({ quotaPerPass: 3, oversized }), REPO);
    expect(left.deferred).toBe(0);
    const stored = await h.database.db.selectFrom('pull_token_scores').select('item_id').execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length + oversized.size).toBe(due.length);
    // Once known, they cost nothing: the next pass asks GitHub nothing.
    h.sim.resetStats();
    expect(await scoreRepoTokens(deps({ quotaPerPass: 3, oversized }), REPO)).toMatchObject({ scored: 0, overBudget: oversized.size });
    expect(h.sim.stats().requests).toBe(0);
    await h.database.db.deleteFrom('pull_token_scores').execute();
    h.sim.resetStats();
    expect(await scoreRepoTokens(deps({ quotaPerPass: 0 }), REPO)).toMatchObject({ scored: 0, deferred: due.length });
    expect(h.sim.stats().requests).toBe(0);
  }, 90_000);

  it('a files answer of the wrong shape is a clear error for that pull request; its last score stays, the others are scored', async () => {
    await scoreRepoTokens(deps(), REPO);
    const due = await dueTruth();
    const n = due.find((p) => state().items.has(p - 1, F_OPEN))!;
    const kept = (await getTokenScore(h.database.db, await itemId(n)))!;
    h.sim.clock.advance(60_000);
    h.sim.mutate.pushCommit(REPO, n);
    const other = due.find((p) => p !== n && state().items.has(p - 1, F_OPEN))!;
    h.sim.mutate.pushCommit(REPO, other);
    await h.syncAll();
    const tampering = new GithubGateway({
      baseUrl: h.sim.url, tokens: ['test-token-1'], logger: h.logs.logger, retryBaseMs: 5,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (!url.includes(`/pulls/${n}/files`)) return res;
        return new Response(JSON.stringify([{ filename: 'a.py', status: 'modified', additions: 'many' }]), { status: 200, headers: res.headers });
      },
    });
    const out = await scoreRepoTokens(deps({ gateway: tampering }), REPO);
    expect(out).toMatchObject({ due: 2, scored: 1, failed: 1 });
    expect(out.errors[0]).toMatch(new RegExp(`#${n} at [0-9a-f]{12}: GitHub answered GET /repos/${REPO}/pulls/${n}/files\\?page=1 in an unexpected shape: 0\\.additions`));
    expect(await getTokenScore(h.database.db, await itemId(n))).toEqual(kept);
    // Once GitHub answers properly, the new head is scored.
    expect(await scoreRepoTokens(deps(), REPO)).toMatchObject({ due: 1, scored: 1 });
    expect((await getTokenScore(h.database.db, await itemId(n)))!.head_sha).toBe(headSha(world(), state(), n - 1));
  });
});

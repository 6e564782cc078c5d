/**
 * Token-scoring throughput: files per second and megabytes per second through the
 * worker's scorer (web-tree-sitter parses of base and head, the tree diff, the
 * weights), over a generated corpus of modified source files in Python,
 * TypeScript, JavaScript, Rust and Go, plus Markdown files.
 *
 *   node --import tsx bench/tokens.bench.ts              # 2,000 files
 *   node --import tsx bench/tokens.bench.ts --files 500
 *
 * MB/s counts the bytes the scorer reads: base plus head of every file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.ts';
import type { FileChangeInput } from '../src/core/tokens/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { listRepos } from '../src/db/repos.queries.ts';
import { GithubGateway } from '../src/github/client.ts';
import { createLogger } from '../src/logger.ts';
import { startSimulator } from '../src/sim/index.ts';
import { createSubnetClients } from '../src/subnet/clients.ts';
import { refreshRepoList } from '../src/sync/repo-list.ts';
import { syncThenRelink } from '../src/sync/sync-pass.ts';
import { scorePullRequestTokens, WasmGrammars } from '../src/sync/token-grammars.ts';
import { scoreRepoTokens } from '../src/sync/token-scores.job.ts';
import { ThreadTokenScorer } from '../src/sync/token-scorer.ts';
import { Rng } from '../src/sim/random.ts';

interface Generator {
  ext: string;
  fn(i: number, v: string): string;
}

// One function template per language, in the shape real code has: a loop, a branch, calls.
const GENERATORS: Generator[] = [
  { ext: 'py', fn: (i, v) => `def handler_${i}(items, limit=${i}):\n    ${v} = 0\n    for item in items:\n        if item.size > limit:\n            ${v} += compute(item, "mode_${i}")\n    return ${v}\n\n` },
  { ext: 'ts', fn: (i, v) => `export function handler${i}(items: Item[], limit = ${i}): number {\n  let ${v} = 0;\n  for (const item of items) {\n    if (item.size > limit) ${v} += compute(item, 'mode_${i}');\n  }\n  return ${v};\n}\n\n` },
  { ext: 'js', fn: (i, v) => `const handler${i} = (items, limit = ${i}) => {\n  let ${v} = 0;\n  items.forEach((item) => { if (item.size > limit) ${v} += compute(item, \`mode_${i}\`); });\n  return ${v};\n};\n\n` },
  { ext: 'rs', fn: (i, v) => `pub fn handler_${i}(items: &[Item], limit: usize) -> usize {\n    let mut ${v} = 0;\n    for item in items {\n        if item.size > limit { ${v} += compute(item, "mode_${i}"); }\n    }\n    ${v}\n}\n\n` },
  { ext: 'go', fn: (i, v) => `func Handler${i}(items []Item, limit int) int {\n\t${v} := 0\n\tfor _, item := range items {\n\t\tif item.Size > limit {\n\t\t\t${v} += compute(item, "mode_${i}")\n\t\t}\n\t}\n\treturn ${v}\n}\n\n` },
];

/** The simulator's deterministic generator, so every run uses the same input. */
function random(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.float();
}

/** A modified file: `functions` functions in the base; the head renames a local in some and adds a few. */
function sourceFile(g: Generator, n: number, rnd: () => number): FileChangeInput {
  const functions = 5 + Math.floor(rnd() * 120);
  const prefix = g.ext === 'go' ? 'package bench\n\n' : '';
  const base: string[] = [];
  const head: string[] = [];
  for (let i = 0; i < functions; i++) {
    base.push(g.fn(i, 'total'));
    head.push(g.fn(i, rnd() < 0.1 ? 'sum' : 'total'));
  }
  for (let i = 0; i < 1 + Math.floor(rnd() * 4); i++) head.push(g.fn(functions + i, 'total'));
  return { path: `src/mod${n}.${g.ext}`, status: 'modified', base: prefix + base.join(''), head: prefix + head.join(''), changes: 40 };
}

function markdownFile(n: number, rnd: () => number): FileChangeInput {
  const text = '# Notes\n\n' + 'Some prose about the change, with `code` and a [link](x).\n'.repeat(10 + Math.floor(rnd() * 200));
  return { path: `docs/notes${n}.md`, status: 'modified', base: text, head: `${text}One more line.\n`, changes: 1 };
}

export function tokensCorpus(files: number, seed = 74): FileChangeInput[] {
  const rnd = random(seed);
  const out: FileChangeInput[] = [];
  for (let n = 0; n < files; n++) {
    // Five source files to one Markdown file, about what merged pull requests hold.
    out.push(n % 6 === 5 ? markdownFile(n, rnd) : sourceFile(GENERATORS[n % 6]!, n, rnd));
  }
  return out;
}

const contentBytes = (f: FileChangeInput) =>
  (typeof f.base === 'string' ? Buffer.byteLength(f.base) : 0) + (typeof f.head === 'string' ? Buffer.byteLength(f.head) : 0);

export interface TokensBenchResult {
  files: number;
  megabytes: number;
  seconds: number;
  files_per_s: number;
  mb_per_s: number;
  /** Files per second of each language alone. */
  per_language: Record<string, { files: number; files_per_s: number; mb_per_s: number }>;
  source_score: number;
}

/** Scores the corpus one file at a time (as the worker scores a pull request's files), after a warm-up. */
export async function runTokensBench(opts: { files: number }): Promise<TokensBenchResult> {
  const grammars = await WasmGrammars.create();
  const corpus = tokensCorpus(opts.files);
  await scorePullRequestTokens(corpus.slice(0, 30), grammars); // loads the grammars, warms the JIT
  const perLanguage = new Map<string, { files: number; bytes: number; ms: number }>();
  let sourceScore = 0;
  const started = performance.now();
  for (const f of corpus) {
    const t0 = performance.now();
    sourceScore += (await scorePullRequestTokens([f], grammars)).sourceScore;
    const ext = f.path.slice(f.path.lastIndexOf('.') + 1);
    const entry = perLanguage.get(ext) ?? { files: 0, bytes: 0, ms: 0 };
    entry.files++;
    entry.bytes += contentBytes(f);
    entry.ms += performance.now() - t0;
    perLanguage.set(ext, entry);
  }
  const seconds = (performance.now() - started) / 1000;
  const megabytes = corpus.reduce((s, f) => s + contentBytes(f), 0) / 1e6;
  return {
    files: corpus.length,
    megabytes: round1(megabytes),
    seconds: round1(seconds),
    files_per_s: Math.round(corpus.length / seconds),
    mb_per_s: round1(megabytes / seconds),
    per_language: Object.fromEntries(
      [...perLanguage].map(([ext, e]) => [ext, { files: e.files, files_per_s: Math.round(e.files / (e.ms / 1000)), mb_per_s: round1(e.bytes / 1e6 / (e.ms / 1000)) }]),
    ),
    source_score: Math.round(sourceScore),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export interface TokenQuotaSide {
  pulls_scored: number;
  /** Requests the simulator's request log counted: GitHub's REST requests, or the mirror's. */
  requests: number;
  /** GitHub core quota charged. */
  github_quota: number;
  requests_per_pull: number;
  seconds: number;
}

export interface TokenQuotaResult {
  pulls: number;
  files: number;
  github: TokenQuotaSide;
  mirror: TokenQuotaSide;
}

/**
 * What scoring `pulls` pull requests costs through the worker's job
 * (token-scores.job.ts), once with files from GitHub (files list, then contents)
 * and once from the subnet mirror, counted by the simulator's request log. The
 * pull requests are new ones in one simulated repository (inside its window), with
 * the simulator's mix of files; limits are raised so that only the cost shows.
 */
export async function runTokenQuotaBench(opts: { pulls: number }): Promise<TokenQuotaResult> {
  const logger = createLogger({ level: 'warn' });
  const sim = await startSimulator({ seed: 74, repos: 1, itemsPerRepo: 5, startTime: Date.now(), rateLimit: { core: { limit: 1_000_000 } } });
  sim.subnet.mirrorLimit = { requests: 1_000_000, perMs: 1000 };
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-tokens-'));
  const database = openDatabase({ kind: 'sqlite', path: join(dir, 'hub.sqlite') });
  const scorer = new ThreadTokenScorer();
  try {
    await migrate(database);
    const config = loadConfig({ HUB_REPOS_URL: sim.masterListUrl('current'), GITHUB_API_URL: sim.url, GITHUB_TOKENS: 'bench', GITTENSOR_MIRROR_URL: sim.subnetUrls.mirror }, { dotenvPath: null });
    const listed = await refreshRepoList({ db: database.db, config, logger });
    if (listed.status !== 'saved') throw new Error(`master list refused: ${listed.reason}`);
    const repo = (await listRepos(database.db))[0]!.name_key;
    for (let k = 0; k < opts.pulls; k++) {
      sim.clock.advance(1000);
      sim.mutate.createPull(repo);
    }
    const gateway = new GithubGateway({ baseUrl: sim.url, tokens: ['bench'], logger, retryBaseMs: 5 });
    const synced = await syncThenRelink({ db: database.db, gateway, logger, reconcileHours: 24, graphqlState: { unavailableUntil: 0 } }, repo);
    if (!synced.ok) throw new Error(`sync failed: ${synced.error}`);
    const mirror = createSubnetClients(config.services, { mirrorRateLimit: { requests: 1_000_000, perMs: 1000 } }).mirror;
    const side = async (useMirror: boolean): Promise<TokenQuotaSide> => {
      await database.db.deleteFrom('pull_token_scores').execute();
      sim.resetStats();
      const t0 = performance.now();
      const out = await scoreRepoTokens({ db: database.db, gateway, mirror: useMirror ? mirror : null, scorer, logger, quotaPerPass: 100_000_000, now: () => sim.dataset.world.nowSec * 1000, maxPulls: opts.pulls + 10 }, repo);
      const seconds = (performance.now() - t0) / 1000;
      const stats = sim.stats();
      if (out.failed > 0) throw new Error(`token scores failed: ${out.errors.slice(0, 3).join('; ')}`);
      return { pulls_scored: out.scored, requests: stats.requests, github_quota: stats.charged.core, requests_per_pull: round1(stats.requests / Math.max(1, out.scored)), seconds: round1(seconds) };
    };
    const github = await side(false);
    const files = Number((await database.db.selectFrom('pull_token_scores').select((eb) => eb.fn.sum<number>('file_count').as('n')).executeTakeFirstOrThrow()).n);
    const viaMirror = await side(true);
    return { pulls: opts.pulls, files, github, mirror: viaMirror };
  } finally {
    await scorer.close();
    await database.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { files: { type: 'string' }, pulls: { type: 'string' } } });
  console.log(JSON.stringify(await runTokensBench({ files: Number(values.files ?? 2000) }), null, 2));
  console.log(JSON.stringify(await runTokenQuotaBench({ pulls: Number(values.pulls ?? 1000) }), null, 2));
}

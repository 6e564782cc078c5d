/**
 * Token scores of a repository's pull requests, computed the way the validator
 * computes them (docs/token-scores.md), once per head commit, after the
 * repository's sync pass (a `token-scores` job, off the request path).
 *
 * Which pull requests: those inside the repository's lookback window
 * (`pr_lookback_days` of its master-list policy): merged ones by merge time, open
 * ones by creation. Closed unmerged ones are skipped: no rule reads their tokens.
 *
 * Where the files come from: the subnet mirror's `/pulls/{o}/{r}/{n}/files`
 * (both sides' contents in one answer, no GitHub quota) when it answers for the
 * head the hub knows; else GitHub: the files list, then each parsed file's head
 * and base contents at the pull request's head and base commits. GitHub requests
 * are bounded per pass by HUB_TOKEN_SCORE_QUOTA_PER_PASS and by the tenth of the
 * core quota left that sync passes do not plan on (scheduler.ts); what does not
 * fit waits for the next pass.
 *
 * Nothing is lost on a bad answer: a pull request whose files could not be read
 * keeps its previous row and is tried again next pass; the error names the
 * request.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { toError } from '../core/errors.ts';
import { parsePolicy, DEFAULT_SCORING } from '../core/subnet/policy.ts';
import { windowStart } from '../core/subnet/window.ts';
import { toGithubTime } from '../core/time.ts';
import { fileExtension, TOKEN_TABLES, treeSitterLanguage, type FileChangeInput, type FileTokenScore } from '../core/tokens/index.ts';
import { isNonCodeExtension } from '../core/tokens/language.ts';
import type { RawContent } from '../core/tokens/content.ts';
import { getRepo } from '../db/repos.queries.ts';
import type { DB, RepoRow } from '../db/schema.ts';
import { saveTokenScore, tokenScoresDue, type TokenScoreCandidate } from '../db/token-scores.queries.ts';
import { Meter, type GithubGateway, type HubOctokitInstance } from '../github/client.ts';
import type { Logger } from '../logger.ts';
import type { SubnetMirrorClient } from '../subnet/clients.ts';
import { ServiceError } from '../subnet/service-error.ts';
import type { PrFiles } from '../subnet/schemas.ts';
import { coreQuota } from './scheduler.ts';
import type { TokenScorer } from './token-scorer.ts';

export interface TokenScoreDeps {
  db: Kysely<DB>;
  gateway: GithubGateway;
  /** The subnet mirror; null: GitHub only. */
  mirror: SubnetMirrorClient | null;
  scorer: TokenScorer;
  logger: Logger;
  /** GitHub requests this pass may spend (HUB_TOKEN_SCORE_QUOTA_PER_PASS). */
  quotaPerPass: number;
  signal?: AbortSignal;
  /** Epoch ms (tests move it). Default Date.now. */
  now?: () => number;
  /** Most pull requests looked at in one pass. Default 2,000. */
  maxPulls?: number;
  /**
   * Pull requests (item id → head SHA and setting) already found to need more than a
   * whole pass: not asked GitHub again until the head or the setting changes. Kept by
   * the worker across passes; absent, each pass finds them again.
   */
  oversized?: Map<number, string>;
}

/** One file's result as stored in pull_token_scores.files. */
export interface TokenScoreFile {
  path: string;
  /** The grammar the validator parses it with; null when it is not parsed. */
  language: string | null;
  score: number;
  /** The validator's category: `source`, `test` or `non_code` (line counts, and files scoring 0 unparsed). */
  kind: 'source' | 'test' | 'non_code';
  /**
   * Why it scored what it did: a zero reason (`removed`, `binary`, `too_large`,
   * `unsupported`, `no_grammar`, `parse_failed`, `no_change`), `test` for a test
   * file that scored, `inline_tests` for source with inline test blocks, else null.
   */
  note: string | null;
}

export interface TokenScoreOutcome {
  repo: string;
  /** Pull requests due (no score for their current head), up to maxPulls. */
  due: number;
  scored: number;
  fromMirror: number;
  fromGithub: number;
  /** Left for the next pass: the GitHub budget ran out. */
  deferred: number;
  /** Skipped: one pull request needs more GitHub requests than a whole pass may spend (they stay due). */
  overBudget: number;
  /** Could not be read (bad or missing answers); kept as they were, tried again next pass. */
  failed: number;
  /** GitHub requests and quota spent. */
  githubRequests: number;
  githubQuota: number;
  mirrorRequests: number;
  errors: string[];
}

/** The head and base contents of one file, as the scorer reads them. */
type Sides = { base: RawContent; head: RawContent };

class OverBudget extends Error {
  constructor(
    message: string,
    /** The pull request needs more than a whole pass's budget: waiting for the next pass will not help. */
    readonly never: boolean,
  ) {
    super(message);
  }
}

/** A pull request's files as GitHub lists them (`GET /repos/{o}/{r}/pulls/{n}/files`); unknown fields are ignored. */
const githubFileSchema = z.object({
  filename: z.string().min(1),
  status: z.string().min(1),
  additions: z.number().int().min(0),
  deletions: z.number().int().min(0),
  changes: z.number().int().min(0),
  previous_filename: z.string().optional(),
  patch: z.string().optional(),
});
const githubFilesSchema = z.array(githubFileSchema);
type GithubFile = z.infer<typeof githubFileSchema>;

/** `GET /repos/{o}/{r}/contents/{path}?ref=`: base64 up to 1 MB; above it, encoding `none` and the size alone. */
const contentsSchema = z.object({
  type: z.string(),
  encoding: z.string().optional(),
  size: z.number().int().min(0),
  content: z.string().optional(),
});

/** Files GitHub lists per page (its maximum). */
const FILES_PER_PAGE = 100;
/** Contents fetched at once for one pull request. */
const CONTENT_CONCURRENCY = 4;

/** The first days of the repository's lookback window, from its master-list policy. */
export function lookbackDays(repo: Pick<RepoRow, 'full_name' | 'entry'>): number {
  let entry: unknown;
  try {
    entry = JSON.parse(repo.entry);
  } catch {
    entry = null;
  }
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return DEFAULT_SCORING.prLookbackDays;
  const parsed = parsePolicy(repo.full_name, entry as Record<string, unknown>);
  return parsed.ok ? parsed.policy.scoring.prLookbackDays : DEFAULT_SCORING.prLookbackDays;
}

/** Scores the due pull requests of one repository. Throws only for the repository itself being unknown (or on shutdown). */
export async function scoreRepoTokens(deps: TokenScoreDeps, repoKey: string): Promise<TokenScoreOutcome> {
  const { db, logger } = deps;
  const repo = await getRepo(db, repoKey);
  if (!repo) throw new Error(`no tracked repository ${repoKey}`);
  const fullName = repo.github_full_name ?? repo.full_name;
  const nowMs = (deps.now ?? Date.now)();
  const due = await tokenScoresDue(db, repo.id, toGithubTime(windowStart(nowMs, lookbackDays(repo))), deps.maxPulls ?? 2000);
  const out: TokenScoreOutcome = { repo: fullName, due: due.length, scored: 0, fromMirror: 0, fromGithub: 0, deferred: 0, overBudget: 0, failed: 0, githubRequests: 0, githubQuota: 0, mirrorRequests: 0, errors: [] };
  if (due.length === 0) return out;

  const meter = new Meter();
  const { octokit } = deps.gateway.session(meter, deps.signal);
  // Sync passes plan on 90 % of the core quota left (scheduler.ts): token scores take at most the rest.
  const quota = coreQuota(deps.gateway.pool.snapshot());
  const budget = Math.min(deps.quotaPerPass, quota ? Math.floor(quota.remaining * 0.1) : Infinity);
  let mirrorUp = deps.mirror !== null;

  for (let k = 0; k < due.length; k++) {
    deps.signal?.throwIfAborted();
    const pull = due[k]!;
    let files: FileChangeInput[] | null = null;
    let source: 'subnet_mirror' | 'github' = 'subnet_mirror';
    if (mirrorUp) {
      out.mirrorRequests++;
      const got = await fromMirror(deps.mirror!, fullName, pull, deps.signal).catch((err: unknown) => toError(err));
      if (got instanceof Error) {
        if (deps.signal?.aborted) throw got;
        // The mirror being down, slow or limited holds for the whole pass; an answer it cannot give for one pull request does not.
        if (got instanceof ServiceError && got.failure === 'unavailable') mirrorUp = false;
        logger.warn({ repo: fullName, number: pull.number, err: got.message, mirrorUp }, 'the subnet mirror gave no files for this pull request; asking GitHub');
      } else if (got !== null) {
        files = got;
      }
    }
    if (files === null) {
      source = 'github';
      const memo = `${pull.head_sha}:${deps.quotaPerPass}`;
      if (deps.oversized?.get(pull.id) === memo) {
        out.overBudget++;
        continue;
      }
      try {
        files = await fromGithub(octokit, meter, { pass: budget, setting: deps.quotaPerPass }, fullName, pull, deps.scorer);
      } catch (err) {
        if (deps.signal?.aborted) throw err;
        if (err instanceof OverBudget && err.never) {
          out.overBudget++;
          deps.oversized?.set(pull.id, memo);
          logger.warn({ repo: fullName, number: pull.number, budget, reason: err.message }, 'a pull request needs more GitHub requests than a token-score pass may spend (HUB_TOKEN_SCORE_QUOTA_PER_PASS); skipped');
          continue;
        }
        if (err instanceof OverBudget) {
          out.deferred = due.length - k;
          logger.info({ repo: fullName, deferred: out.deferred, budget, spent: meter.quota, reason: err.message }, 'token-score budget of this pass spent; the rest waits for the next pass');
          break;
        }
        const message = `#${pull.number} at ${pull.head_sha.slice(0, 12)}: ${toError(err).message}`;
        out.failed++;
        out.errors.push(message);
        logger.warn({ repo: fullName, number: pull.number, err: message }, 'could not read the files of a pull request; its token score stays as it was');
        continue;
      }
    }
    const score = await deps.scorer.score(files);
    await saveTokenScore(db, {
      item_id: pull.id,
      head_sha: pull.head_sha,
      token_score: score.tokenScore,
      source_token_score: score.sourceScore,
      total_token_score: score.totalScore,
      file_count: score.files.length,
      files: JSON.stringify(score.files.map(fileResult)),
      source,
      complete: score.complete ? 1 : 0,
      computed_at: toGithubTime((deps.now ?? Date.now)()),
    });
    out.scored++;
    if (source === 'github') out.fromGithub++;
    else out.fromMirror++;
    if (score.missingGrammars.length > 0) logger.debug({ repo: fullName, number: pull.number, missing: score.missingGrammars }, 'scored without some grammars');
  }
  out.githubRequests = meter.requests;
  out.githubQuota = meter.quota;
  return out;
}

/** The mirror's files for the head the hub knows; null when it has none (404) or serves another head. */
async function fromMirror(mirror: SubnetMirrorClient, fullName: string, pull: TokenScoreCandidate, signal?: AbortSignal): Promise<FileChangeInput[] | null> {
  let answer: PrFiles;
  try {
    const r = await mirror.pullFiles(fullName, pull.number, { signal });
    if (r.notModified) return null;
    answer = r.data;
  } catch (err) {
    if (err instanceof ServiceError && err.httpStatus === 404) return null;
    throw err;
  }
  if (answer.headSha !== null && answer.headSha !== pull.head_sha) throw new Error(`the mirror serves head ${answer.headSha.slice(0, 12)}, not ${pull.head_sha.slice(0, 12)} (it has not caught up)`);
  if (answer.files.length === 0) return null;
  // The validator's mirror gives binary files no content: absent, which the scorer counts as binary.
  return answer.files.map((f) => ({ path: f.filename, status: f.status, changes: f.changes ?? f.additions + f.deletions, base: f.baseContent, head: f.headContent }));
}

/** What the scorer needs to read of a file: both sides, the head only, or nothing (its score does not depend on content). */
function needs(f: GithubFile, scorer: TokenScorer): 'both' | 'head' | 'none' {
  if (f.status === 'removed') return 'none';
  const ext = fileExtension(f.filename);
  if (isNonCodeExtension(ext)) return 'none';
  const language = treeSitterLanguage(TOKEN_TABLES, ext);
  if (language === null || !scorer.hasGrammar(language)) return 'none';
  return f.status === 'added' ? 'head' : 'both';
}

/**
 * GitHub's files list, then the contents the scorer reads. A file whose score
 * does not depend on its content (removed, non-code, an extension the validator
 * does not parse, a language the hub has no grammar for) is not fetched: GitHub
 * sends no patch for a binary file, so one without patch or changed lines counts
 * as binary, any other as text of unknown content.
 */
async function fromGithub(octokit: HubOctokitInstance, meter: Meter, budget: { pass: number; setting: number }, fullName: string, pull: TokenScoreCandidate, scorer: TokenScorer): Promise<FileChangeInput[]> {
  const [owner, repo] = fullName.split('/') as [string, string];
  const startedAt = meter.quota;
  const spend = (n: number, what: string) => {
    if (meter.quota + n <= budget.pass) return;
    // Counted from this pull request's first request: more than the setting allows a pass never fits.
    throw new OverBudget(`${what} of #${pull.number} needs ${n} more (${meter.quota} of ${budget.pass} spent)`, budget.setting > 0 && meter.quota - startedAt + n > budget.setting);
  };
  const listed: GithubFile[] = [];
  for (let page = 1; ; page++) {
    spend(1, 'the files list');
    const r = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner, repo, pull_number: pull.number, per_page: FILES_PER_PAGE, page });
    const parsed = githubFilesSchema.safeParse(r.data);
    if (!parsed.success) throw new Error(`GitHub answered GET /repos/${fullName}/pulls/${pull.number}/files?page=${page} in an unexpected shape: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(the answer)'}: ${i.message}`).join('; ')}`);
    listed.push(...parsed.data);
    // GitHub lists at most 3,000 files; a short page is the last.
    if (parsed.data.length < FILES_PER_PAGE || listed.length >= 3000) break;
  }
  const plan = listed.map((f) => ({ f, need: needs(f, scorer) }));
  spend(plan.reduce((n, p) => n + (p.need === 'both' ? 2 : p.need === 'head' ? 1 : 0), 0), 'the contents');

  const fetchOne = async (path: string, ref: string | null): Promise<RawContent> => {
    if (ref === null) return null;
    try {
      const r = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path, ref });
      const c = contentsSchema.safeParse(r.data);
      if (!c.success || c.data.type !== 'file') throw new Error(`GitHub answered GET /repos/${fullName}/contents/${path}?ref=${ref} with something other than a file`);
      if (c.data.encoding === 'base64') return new Uint8Array(Buffer.from(c.data.content ?? '', 'base64'));
      // Over 1 MB GitHub sends the size without the content.
      return { oversizedBytes: c.data.size };
    } catch (err) {
      // Not at that commit (a force-push removed it, say): that side is absent.
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    }
  };
  const sides: Sides[] = new Array(plan.length);
  const jobs = plan.map(({ f, need }, idx) => async () => {
    if (need === 'none') {
      const looksBinary = f.patch === undefined && f.changes === 0;
      sides[idx] = { base: null, head: f.status === 'removed' || looksBinary ? null : '' };
      return;
    }
    const head = await fetchOne(f.filename, pull.head_sha);
    const base = need === 'both' ? await fetchOne(f.previous_filename ?? f.filename, pull.base_sha) : null;
    sides[idx] = { base, head };
  });
  for (let i = 0; i < jobs.length; i += CONTENT_CONCURRENCY) await Promise.all(jobs.slice(i, i + CONTENT_CONCURRENCY).map((j) => j()));
  return plan.map(({ f }, idx) => ({ path: f.filename, status: f.status, changes: f.changes, ...sides[idx]! }));
}

/** The validator's category (`FileScoreResult.category`): test files; other files of a parsed language; the rest. */
export function fileResult(f: FileTokenScore): TokenScoreFile {
  const kind = f.isTest ? 'test' : f.method === 'tree-diff' ? 'source' : 'non_code';
  const note = f.reason ?? (f.inlineTests ? 'inline_tests' : f.isTest ? 'test' : null);
  return { path: f.path, language: f.language, score: f.score, kind, note };
}

/**
 * GitHub's closing-keyword grammar: which issues a pull request description
 * ("Fixes #12") links, and, for support, why every other reference was not taken.
 *
 * Bodies come from strangers and may be megabytes long, so everything here is a
 * single forward pass plus look-behinds of bounded length; no regular expression
 * ever runs over the body. `docs/closing-references.md` records the grammar and
 * each decision taken where GitHub documents nothing.
 */

import { ALL_PROSE, codeRegions, FENCED, HTML_COMMENT, INLINE_CODE, lazyRegions, maskRegions, PROSE, type RegionLookup, type StepMeter } from './markdown-regions.ts';
import { LF, CR, HASH, AMP, STAR, PLUS, COMMA, DASH, DOT, SLASH, COLON, QUESTION, AT, UNDERSCORE, TILDE, wordCharAt, wordCharBefore, isDigit, isAsciiAlnum, isOwnerChar, isRepoChar, isHostChar, isAsciiSpace, isUnicodeSpace, isUrlTerminator } from './char-classes.ts';

/** Bump on any change to what links: the relink job re-derives every stored link when it moves. */
export const GRAMMAR_VERSION = 1;

export interface ClosingRef {
  /** "owner/name" as written, or the pull request's own repository for `#N` and `GH-N`. */
  repo: string;
  /** `repo` in lower case: GitHub compares owner and repository names case-insensitively. */
  repoKey: string;
  number: number;
}

export type CandidateReason =
  | 'taken'
  | 'duplicate'
  | 'in_title'
  | 'in_fenced_code'
  | 'in_inline_code'
  | 'in_html_comment'
  | 'no_keyword'
  | 'not_a_keyword'
  | 'keyword_not_at_word_boundary'
  | 'keyword_not_followed_by_whitespace'
  | 'blank_line_between_keyword_and_reference'
  | 'extra_reference_after_keyword'
  | 'words_between_keyword_and_reference'
  | 'trailing_characters'
  | 'invalid_number'
  | 'not_an_issue_url'
  | 'unknown_host'
  | 'non_default_base';

export interface Candidate {
  where: 'title' | 'body';
  /** UTF-16 offset of `text` within the title or the body. */
  offset: number;
  /** The reference as written (at most 200 characters). */
  text: string;
  /** The keyword, or keyword-like word, the verdict is about; null when there is none. */
  keyword: string | null;
  repo: string;
  repoKey: string;
  number: number;
  taken: boolean;
  reason: CandidateReason;
}

export interface PullText {
  /** The pull request's own "owner/name". */
  repo: string;
  title?: string | null;
  body: string | null;
  baseRef?: string | null;
  defaultBranch?: string | null;
}

export interface ParseOptions {
  /** Hosts whose issue URLs count, e.g. a GitHub Enterprise host; default `['github.com']`. */
  webHosts?: string[];
}

/** The closing references GitHub would derive from the description (empty when base != default branch; when baseRef or defaultBranch is null/unknown, treat as default). */
export function closingRefs(pull: PullText, options?: ParseOptions): ClosingRef[] {
  if (!isDefaultBase(pull)) return [];
  return fastRefs(pull, options);
}

/** Every candidate reference in title and body, taken or not, and why: for "why is my PR not linked?". */
export function explainClosingRefs(pull: PullText, options?: ParseOptions): { refs: ClosingRef[]; candidates: Candidate[] } {
  const { refs, candidates } = run(pull, options, true);
  return { refs, candidates };
}

/**
 * Characters visited by a full explain pass. Tests hold it to a constant times the
 * input length: a proof of linear time that does not depend on the machine's speed.
 */
export function closingRefsScanSteps(pull: PullText, options?: ParseOptions): number {
  return run(pull, options, true).steps;
}

const KEYWORDS = new Set(['close', 'closes', 'closed', 'fix', 'fixes', 'fixed', 'resolve', 'resolves', 'resolved']);
// Longest first, so "hotfixes" is reported against "fixes" rather than "fix".
const KEYWORD_SUFFIXES = [...KEYWORDS].sort((a, b) => b.length - a.length);
// Words users write believing they link ("fixing", "closing", "resolution").
const KEYWORD_STEMS = ['clos', 'fix', 'resol'];
const MAX_DIGITS = 9;
const MAX_OWNER = 39;
const MAX_REPO = 100;
const MAX_HOST = 253;
const MAX_WORD_LOOKBEHIND = 40;
// "Fixes issue #3" is reported as words-between only while the keyword is this close.
const WORDS_BETWEEN_WINDOW = 64;
const SNIPPET_MAX = 200;

const REGION_REASON: Record<number, CandidateReason> = {
  [FENCED]: 'in_fenced_code',
  [INLINE_CODE]: 'in_inline_code',
  [HTML_COMMENT]: 'in_html_comment',
};

function run(pull: PullText, options: ParseOptions | undefined, explain: boolean) {
  const meter: StepMeter = { steps: 0 };
  const hosts = hostSet(options);
  const repo = typeof pull.repo === 'string' ? pull.repo : '';
  const refs: ClosingRef[] = [];
  const candidates: Candidate[] = [];
  const base = { repo, repoKey: repo.toLowerCase(), hosts, meter, defaultBase: isDefaultBase(pull), explain, refs, candidates };
  const title = typeof pull.title === 'string' ? pull.title : '';
  const body = typeof pull.body === 'string' ? pull.body : '';
  if (explain && title.length > 0) scan({ ...base, t: title, n: title.length, where: 'title', regions: ALL_PROSE });
  if (body.length > 0) {
    scan({ ...base, t: body, n: body.length, where: 'body', regions: maskRegions(codeRegions(body, meter)) });
  }
  return { refs, candidates, steps: meter.steps };
}

const NOT_FOUND = -1;
const isDigitCode = (c: number) => c >= 48 && c <= 57;

const DEFAULT_HOSTS = new Set(['github.com']);
// The sync passes the same one or two hosts for every pull request of a repository.
let lastHosts: { key: string; set: Set<string> } | null = null;

function hostSet(options: ParseOptions | undefined): Set<string> {
  const hosts = options?.webHosts;
  if (hosts === undefined) return DEFAULT_HOSTS;
  const key = hosts.join('\n');
  if (lastHosts?.key !== key) lastHosts = { key, set: new Set(hosts.map(normaliseHostOption)) };
  return lastHosts.set;
}

/**
 * `closingRefs` without explanations. It visits only the places where the full scan
 * acts on a reference (a "#" before a digit, the "GH-" of a word, the "http(s)://" of
 * a word, all found with native string search), in the order the full scan reaches
 * them, skipping what the full scan skips (the rest of a URL, a reference's own
 * characters), and asks where code and comments lie only about a reference with a
 * keyword before it. The property tests hold it equal to the full scan.
 */
function fastRefs(pull: PullText, options?: ParseOptions): ClosingRef[] {
  const raw = typeof pull.body === 'string' ? pull.body : '';
  if (raw.length === 0) return [];
  // "\r\n", "\r" and "\n" are one line break each to the grammar; only offsets move.
  const t = raw.includes('\r') ? raw.replaceAll('\r\n', '\n').replaceAll('\r', '\n') : raw;
  const repo = typeof pull.repo === 'string' ? pull.repo : '';
  const ctx: ScanCtx = {
    t, n: t.length, where: 'body', regions: lazyRegions(t), repo, repoKey: repo.toLowerCase(), hosts: hostSet(options),
    meter: { steps: 0 }, defaultBase: true, explain: false, refs: [], candidates: [],
  };
  let resume = 0;
  let hash = t.indexOf('#');
  let dash = t.indexOf('-');
  let scheme = t.indexOf('://');
  let url = NOT_FOUND;
  for (;;) {
    // Each stream moves to the next place the full scan would act at, at or after resume.
    while (hash !== NOT_FOUND && (hash < resume || !isDigitCode(t.charCodeAt(hash + 1)))) hash = t.indexOf('#', Math.max(hash + 1, resume));
    while (dash !== NOT_FOUND && (dash < resume + 2 || !ghBefore(t, dash))) dash = t.indexOf('-', Math.max(dash + 1, resume + 2));
    while (scheme !== NOT_FOUND && (url = urlStart(t, scheme)) < resume) scheme = t.indexOf('://', Math.max(scheme + 1, resume + 4));
    const h = hash === NOT_FOUND ? Infinity : hash;
    const g = dash === NOT_FOUND ? Infinity : dash - 2;
    const u = scheme === NOT_FOUND ? Infinity : url;
    let found: Found | null;
    if (h < g && h < u) {
      found = parseHash(ctx, h);
      resume = found ? found.end : h + 1;
    } else if (g < u) {
      found = parseGh(ctx, g);
      resume = found ? found.end : g + 1;
    } else if (u !== Infinity) {
      const r = parseUrl(ctx, u);
      found = typeof r === 'number' ? null : r;
      resume = typeof r === 'number' ? r : r ? r.end : u + 1;
    } else break;
    if (found) takeIfLinked(ctx, found);
  }
  return ctx.refs;
}

/** Whether the "-" at d ends a word-initial "GH" followed by a digit. */
function ghBefore(t: string, d: number): boolean {
  return d >= 2 && (t.charCodeAt(d - 2) | 32) === 0x67 && (t.charCodeAt(d - 1) | 32) === 0x68 && isDigit(t.charCodeAt(d + 1)) && wordCharBefore(t, d - 2) === 0;
}

/** Where the word-initial "http" or "https" before the "://" at k starts, or NOT_FOUND. */
function urlStart(t: string, k: number): number {
  let s = NOT_FOUND;
  if ((t.charCodeAt(k - 1) | 32) === 0x73) {
    if (k >= 5 && (t.charCodeAt(k - 5) | 32) === 0x68 && (t.charCodeAt(k - 4) | 32) === 0x74 && (t.charCodeAt(k - 3) | 32) === 0x74 && (t.charCodeAt(k - 2) | 32) === 0x70) s = k - 5;
  } else if (k >= 4 && (t.charCodeAt(k - 4) | 32) === 0x68 && (t.charCodeAt(k - 3) | 32) === 0x74 && (t.charCodeAt(k - 2) | 32) === 0x74 && (t.charCodeAt(k - 1) | 32) === 0x70) s = k - 4;
  return s !== NOT_FOUND && wordCharBefore(t, s) === 0 ? s : NOT_FOUND;
}

/** The full scan's verdict on a body reference, reduced to "taken" (the only one `closingRefs` reports). */
function takeIfLinked(ctx: ScanCtx, f: Found): void {
  if (f.problem !== null || keywordBefore(ctx, f.start, true).kind !== 'direct' || ctx.regions.at(f.start) !== PROSE) return;
  const repoKey = f.repo.toLowerCase();
  // A description links a handful of issues: a scan of them beats building keys.
  for (const r of ctx.refs) if (r.number === f.number && r.repoKey === repoKey) return;
  ctx.refs.push({ repo: f.repo, repoKey, number: f.number });
}

function isDefaultBase(pull: PullText): boolean {
  const b = branchName(pull.baseRef);
  const d = branchName(pull.defaultBranch);
  return b === '' || d === '' || b === d;
}

function branchName(ref: string | null | undefined): string {
  if (typeof ref !== 'string') return '';
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}

function normaliseHostOption(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('https://')) h = h.slice(8);
  else if (h.startsWith('http://')) h = h.slice(7);
  while (h.endsWith('/')) h = h.slice(0, -1);
  return h.startsWith('www.') ? h.slice(4) : h;
}

// ---------------------------------------------------------------------------
// Reference scanning and classification.

interface ScanCtx {
  t: string;
  n: number;
  where: 'title' | 'body';
  /** Where code and comments lie; a title is all prose. */
  regions: RegionLookup;
  repo: string;
  repoKey: string;
  hosts: Set<string>;
  meter: StepMeter;
  defaultBase: boolean;
  explain: boolean;
  refs: ClosingRef[];
  candidates: Candidate[];
}

interface Found { start: number; end: number; repo: string; number: number; problem: CandidateReason | null }

interface ScanState {
  seen: Set<string>;
  /** The previous reference in prose, and the keyword it (or its chain) hung from. */
  lastRef: { end: number; chain: string | null } | null;
  lastKeyword: { end: number; text: string } | null;
}

function scan(ctx: ScanCtx): void {
  const { t, n } = ctx;
  const st: ScanState = { seen: new Set(), lastRef: null, lastKeyword: null };
  let i = 0;
  while (i < n) {
    ctx.meter.steps++;
    const c = t.charCodeAt(i);
    if (c === HASH) {
      const f = isDigit(t.charCodeAt(i + 1)) ? parseHash(ctx, i) : null;
      if (f) { classify(ctx, st, f); i = f.end; } else i++;
      continue;
    }
    const w = wordCharAt(t, i);
    if (w === 0) { i++; continue; }
    if (wordCharBefore(t, i) !== 0) { i += w; continue; }
    const lc = c | 32;
    if (lc === 0x68) {
      const u = parseUrl(ctx, i);
      if (typeof u === 'number') { i = u; continue; }
      if (u) { classify(ctx, st, u); i = u.end; continue; }
    } else if (lc === 0x67) {
      const g = parseGh(ctx, i);
      if (g) { classify(ctx, st, g); i = g.end; continue; }
    }
    let e = i;
    for (let k = w; k > 0; k = wordCharAt(t, e)) { e += k; ctx.meter.steps++; }
    noteKeyword(ctx, st, i, e);
    i = e;
  }
}

/** Remembers the last prose keyword, for "Fixes issue #3" explanations. */
function noteKeyword(ctx: ScanCtx, st: ScanState, s: number, e: number): void {
  if (e - s > 8 || ctx.regions.at(s) !== PROSE) return;
  const before = ctx.t.charCodeAt(s - 1);
  if (before === DASH || before === AT) return;
  const word = ctx.t.slice(s, e);
  if (KEYWORDS.has(word.toLowerCase())) st.lastKeyword = { end: e, text: word };
}

function readNumber(ctx: ScanCtx, p: number): { end: number; number: number; problem: CandidateReason | null } {
  const { t } = ctx;
  let q = p;
  while (isDigit(t.charCodeAt(q))) { q++; ctx.meter.steps++; }
  const len = q - p;
  const number = len <= 15 ? Number(t.slice(p, q)) : 0;
  // Leading zeros and ten or more digits never name a real issue; refusing them
  // keeps "#007" and pasted hashes or timestamps out of the link table.
  let problem: CandidateReason | null = len > MAX_DIGITS || t.charCodeAt(p) === 48 ? 'invalid_number' : null;
  if (wordCharAt(t, q) !== 0) {
    problem = 'trailing_characters';
    for (let k = wordCharAt(t, q); k > 0; k = wordCharAt(t, q)) { q += k; ctx.meter.steps++; }
  }
  return { end: q, number, problem };
}

/** `#N`, or `owner/repo#N` found by looking back from the "#". */
function parseHash(ctx: ScanCtx, i: number): Found | null {
  const { t } = ctx;
  // "&#39;" is an HTML character reference, not issue 39.
  if (t.charCodeAt(i - 1) === AMP) return null;
  const cross = repoBefore(ctx, i);
  if (!cross && wordCharBefore(t, i) !== 0 && !keywordishBefore(ctx, i)) return null;
  const num = readNumber(ctx, i + 1);
  if (cross) return { start: cross.start, end: num.end, repo: cross.repo, number: num.number, problem: num.problem };
  return { start: i, end: num.end, repo: ctx.repo, number: num.number, problem: num.problem };
}

function repoBefore(ctx: ScanCtx, hash: number): { start: number; repo: string } | null {
  const { t } = ctx;
  let k = hash;
  while (k > 0 && isRepoChar(t.charCodeAt(k - 1)) && hash - k <= MAX_REPO) { k--; ctx.meter.steps++; }
  const repoLen = hash - k;
  if (repoLen === 0 || repoLen > MAX_REPO || t.charCodeAt(k - 1) !== SLASH) return null;
  const name = t.slice(k, hash);
  if (name === '.' || name === '..') return null;
  const slash = k - 1;
  let o = slash;
  while (o > 0 && isOwnerChar(t.charCodeAt(o - 1)) && slash - o <= MAX_OWNER) { o--; ctx.meter.steps++; }
  const ownerLen = slash - o;
  if (ownerLen === 0 || ownerLen > MAX_OWNER || t.charCodeAt(o) === DASH) return null;
  // A path ("src/a/b#1"), a host ("example.com/a#1") or a team mention ("@org/team") is not an owner.
  const pc = t.charCodeAt(o - 1);
  if (wordCharBefore(t, o) !== 0 || pc === DOT || pc === SLASH || pc === AT) return null;
  return { start: o, repo: t.slice(o, hash) };
}

/** Whether the word glued to a "#" looks like a keyword attempt ("fixes#1", "bugfix#42"). */
function keywordishBefore(ctx: ScanCtx, i: number): boolean {
  const word = wordBefore(ctx, i);
  if (word === null) return false;
  const lower = word.toLowerCase();
  return KEYWORDS.has(lower) || KEYWORD_SUFFIXES.some((k) => lower.endsWith(k)) || KEYWORD_STEMS.some((s) => lower.startsWith(s));
}

/** The word ending at i (at most MAX_WORD_LOOKBEHIND characters), or null when longer. */
function wordBefore(ctx: ScanCtx, i: number): string | null {
  let w = i;
  for (let count = 0, k = wordCharBefore(ctx.t, w); k > 0; k = wordCharBefore(ctx.t, w)) {
    if (++count > MAX_WORD_LOOKBEHIND) return null;
    w -= k;
    ctx.meter.steps++;
  }
  return ctx.t.slice(w, i);
}

function parseGh(ctx: ScanCtx, i: number): Found | null {
  const { t } = ctx;
  if ((t.charCodeAt(i + 1) | 32) !== 0x68 || t.charCodeAt(i + 2) !== DASH || !isDigit(t.charCodeAt(i + 3))) return null;
  if (t.charCodeAt(i - 1) === DASH) return null;
  const num = readNumber(ctx, i + 3);
  return { start: i, end: num.end, repo: ctx.repo, number: num.number, problem: num.problem };
}

function urlEnd(ctx: ScanCtx, p: number): number {
  while (p < ctx.n && !isUrlTerminator(ctx.t.charCodeAt(p))) { p++; ctx.meter.steps++; }
  return p;
}

/**
 * An http(s) URL starting at i: a Found for `/owner/repo/issues/N` and
 * `/owner/repo/pull/N` on any host, the index to resume at for any other URL (its
 * "#12" anchors are not references), or null when i does not start a URL.
 */
function parseUrl(ctx: ScanCtx, i: number): Found | number | null {
  const { t, n } = ctx;
  let p = i;
  if ((t.charCodeAt(p + 1) | 32) !== 0x74 || (t.charCodeAt(p + 2) | 32) !== 0x74 || (t.charCodeAt(p + 3) | 32) !== 0x70) return null;
  p += 4;
  if ((t.charCodeAt(p) | 32) === 0x73) p++;
  if (t.charCodeAt(p) !== COLON || t.charCodeAt(p + 1) !== SLASH || t.charCodeAt(p + 2) !== SLASH) return null;
  p += 3;
  const hostStart = p;
  while (p < n && isHostChar(t.charCodeAt(p)) && p - hostStart <= MAX_HOST) { p++; ctx.meter.steps++; }
  if (p === hostStart || p - hostStart > MAX_HOST) return urlEnd(ctx, p);
  if (t.charCodeAt(p) === COLON && isDigit(t.charCodeAt(p + 1))) {
    let q = p + 1;
    while (isDigit(t.charCodeAt(q)) && q - p <= 5) { q++; ctx.meter.steps++; }
    if (q - p > 5) return urlEnd(ctx, q);
    p = q;
  }
  let host = t.slice(hostStart, p).toLowerCase();
  if (host.startsWith('www.')) host = host.slice(4);

  const segment = (accept: (c: number) => boolean, max: number): string | null => {
    if (t.charCodeAt(p) !== SLASH) return null;
    const s = ++p;
    while (p < n && accept(t.charCodeAt(p)) && p - s <= max) { p++; ctx.meter.steps++; }
    return p > s && p - s <= max ? t.slice(s, p) : null;
  };
  const owner = segment(isOwnerChar, MAX_OWNER);
  if (owner === null || owner.startsWith('-')) return urlEnd(ctx, p);
  const name = segment(isRepoChar, MAX_REPO);
  if (name === null || name === '.' || name === '..') return urlEnd(ctx, p);
  const kind = segment((c) => c >= 97 && c <= 122, 6);
  if ((kind !== 'issues' && kind !== 'pull') || t.charCodeAt(p) !== SLASH || !isDigit(t.charCodeAt(p + 1))) return urlEnd(ctx, p);

  const num = readNumber(ctx, p + 1);
  let problem = num.problem;
  let q = num.end;
  if (problem === null && t.charCodeAt(q) === SLASH) {
    const after = t.charCodeAt(q + 1);
    // ".../issues/5/" is the issue; ".../pull/5/files" or ".../issues/5/x" is some other page.
    if (isAsciiAlnum(after) || after === DASH || after === UNDERSCORE || after === TILDE || after === 37) {
      problem = 'not_an_issue_url';
      q = urlEnd(ctx, q);
    } else q++;
  }
  if (t.charCodeAt(q) === QUESTION || t.charCodeAt(q) === HASH) q = urlEnd(ctx, q);
  if (kind === 'pull') problem = 'not_an_issue_url';
  if (!ctx.hosts.has(host)) problem = 'unknown_host';
  return { start: i, end: q, repo: `${owner}/${name}`, number: num.number, problem };
}

type KeywordVerdict =
  | { kind: 'direct' | 'boundary' | 'not_a_keyword' | 'no_space' | 'blank_line'; keyword: string }
  | { kind: 'none'; keyword: null };

const VERDICT_REASON: Record<Exclude<KeywordVerdict['kind'], 'direct' | 'none'>, CandidateReason> = {
  boundary: 'keyword_not_at_word_boundary',
  not_a_keyword: 'not_a_keyword',
  no_space: 'keyword_not_followed_by_whitespace',
  blank_line: 'blank_line_between_keyword_and_reference',
};

/**
 * What stands right before a reference starting at s: a keyword, an optional
 * colon, whitespace. Looks back over the whitespace run (which belongs to this
 * reference alone, so the total stays linear) and a bounded word.
 */
function keywordBefore(ctx: ScanCtx, s: number, useMask: boolean): KeywordVerdict {
  const { t } = ctx;
  let j = s;
  let breaks = 0;
  let foreignSpace = false;
  while (j > 0) {
    const c = t.charCodeAt(j - 1);
    if (isAsciiSpace(c)) {
      if (c === LF || (c === CR && t.charCodeAt(j) !== LF)) breaks++;
    } else if (isUnicodeSpace(c)) foreignSpace = true;
    else break;
    j--;
    ctx.meter.steps++;
  }
  let e = j;
  let colon = false;
  let emphasis = false;
  if (t.charCodeAt(e - 1) === COLON) { colon = true; e--; }
  while (t.charCodeAt(e - 1) === STAR && j - e < 4) { e--; emphasis = true; }
  if (emphasis && !colon && t.charCodeAt(e - 1) === COLON) e--;
  const word = wordBefore(ctx, e);
  if (word === null || word === '') return { kind: 'none', keyword: null };
  let core = word;
  while (core.endsWith('_')) { core = core.slice(0, -1); emphasis = true; }
  // "_Fixes_" is emphasis, not a glued prefix: report it with the other emphasis cases.
  while (emphasis && core.startsWith('_')) core = core.slice(1);
  const lower = core.toLowerCase();
  const w0 = e - word.length;
  if (KEYWORDS.has(lower)) {
    const pc = t.charCodeAt(w0 - 1);
    if (pc === DASH || pc === AT) return { kind: 'boundary', keyword: word };
    if (useMask && ctx.regions.at(w0) !== PROSE) return { kind: 'none', keyword: null };
    if (emphasis || j === s || foreignSpace) return { kind: 'no_space', keyword: core };
    if (breaks >= 2) return { kind: 'blank_line', keyword: core };
    return { kind: 'direct', keyword: core };
  }
  if (KEYWORD_SUFFIXES.some((k) => lower.endsWith(k))) return { kind: 'boundary', keyword: word };
  if (KEYWORD_STEMS.some((k) => lower.startsWith(k))) return { kind: 'not_a_keyword', keyword: word };
  return { kind: 'none', keyword: null };
}

/** Whether only list punctuation separates two references ("#1, #2 and #3"), in one paragraph. */
function onlySeparators(ctx: ScanCtx, from: number, to: number): boolean {
  const { t } = ctx;
  let breaks = 0;
  let p = from;
  while (p < to) {
    ctx.meter.steps++;
    const c = t.charCodeAt(p);
    if (isAsciiSpace(c)) {
      if (c === LF || (c === CR && t.charCodeAt(p + 1) !== LF)) breaks++;
      p++;
    } else if (c === COMMA || c === AMP || c === SLASH || c === PLUS) p++;
    else if ((c | 32) === 0x61 || (c | 32) === 0x6f) {
      const lc = t.slice(p, p + 3).toLowerCase();
      const len = lc === 'and' ? 3 : lc.startsWith('or') ? 2 : 0;
      if (len === 0 || wordCharAt(t, p + len) !== 0) return false;
      p += len;
    } else return false;
  }
  return breaks <= 1;
}

function hasLineBreak(t: string, from: number, to: number, m: StepMeter): boolean {
  for (let p = from; p < to; p++) {
    m.steps++;
    const c = t.charCodeAt(p);
    if (c === LF || c === CR) return true;
  }
  return false;
}

function classify(ctx: ScanCtx, st: ScanState, f: Found): void {
  const repoKey = f.repo.toLowerCase();
  const key = `${repoKey}#${f.number}`;
  const region = ctx.regions.at(f.start);
  let reason: CandidateReason;
  let keyword: string | null = null;
  if (ctx.where === 'title' || region !== PROSE) {
    const k = keywordBefore(ctx, f.start, false);
    keyword = k.kind === 'direct' ? k.keyword : null;
    reason = ctx.where === 'title' ? 'in_title' : (REGION_REASON[region] ?? 'no_keyword');
  } else {
    const k = keywordBefore(ctx, f.start, true);
    let chain: string | null = null;
    const { lastRef, lastKeyword } = st;
    if (k.kind === 'direct') {
      keyword = chain = k.keyword;
      reason = f.problem ?? (st.seen.has(key) ? 'duplicate' : 'taken');
    } else if (k.kind !== 'none') {
      keyword = k.keyword;
      reason = VERDICT_REASON[k.kind];
    } else if (lastRef && lastRef.chain !== null && onlySeparators(ctx, lastRef.end, f.start)) {
      keyword = chain = lastRef.chain;
      reason = 'extra_reference_after_keyword';
    } else if (
      lastKeyword && lastKeyword.end > (lastRef?.end ?? -1) && f.start - lastKeyword.end <= WORDS_BETWEEN_WINDOW &&
      !hasLineBreak(ctx.t, lastKeyword.end, f.start, ctx.meter)
    ) {
      keyword = lastKeyword.text;
      reason = 'words_between_keyword_and_reference';
    } else reason = 'no_keyword';
    st.lastRef = { end: f.end, chain };
    if (reason === 'taken') st.seen.add(key);
  }
  if (!ctx.defaultBase && (reason === 'taken' || reason === 'duplicate')) reason = 'non_default_base';
  const taken = reason === 'taken';
  if (taken) ctx.refs.push({ repo: f.repo, repoKey, number: f.number });
  if (ctx.explain) {
    ctx.candidates.push({
      where: ctx.where, offset: f.start, text: snippet(ctx.t, f.start, f.end), keyword,
      repo: f.repo, repoKey, number: f.number, taken, reason,
    });
  }
}

function snippet(t: string, from: number, to: number): string {
  let end = Math.min(to, from + SNIPPET_MAX);
  const last = t.charCodeAt(end - 1);
  if (end < to && last >= 0xd800 && last <= 0xdbff) end--;
  // NUL is kept out of anything that may be stored or printed.
  return t.slice(from, end).replaceAll('\u0000', '\uFFFD');
}

/**
 * Reading one reference (`#N`, `owner/repo#N`, `GH-N`, an issue URL) at a known
 * place, and the keyword standing before it: the pieces both scanners share.
 * Every look-behind here is bounded, so a scan stays linear in the body's length.
 */

import { PROSE, type RegionLookup, type StepMeter } from './markdown-regions.ts';
import { LF, CR, HASH, AMP, STAR, DASH, DOT, SLASH, COLON, QUESTION, AT, UNDERSCORE, TILDE, wordCharAt, wordCharBefore, isDigit, isAsciiAlnum, isOwnerChar, isRepoChar, isHostChar, isAsciiSpace, isUnicodeSpace, isUrlTerminator } from './char-classes.ts';
import type { Candidate, CandidateReason, ClosingRef, ParseOptions, PullText } from './closing-refs.types.ts';

export const KEYWORDS = new Set(['close', 'closes', 'closed', 'fix', 'fixes', 'fixed', 'resolve', 'resolves', 'resolved']);
// Longest first, so "hotfixes" is reported against "fixes" rather than "fix".
const KEYWORD_SUFFIXES = [...KEYWORDS].sort((a, b) => b.length - a.length);
// Words users write believing they link ("fixing", "closing", "resolution").
const KEYWORD_STEMS = ['clos', 'fix', 'resol'];
// The keywords by length, for the fast path's comparison of character codes.
const KEYWORDS_BY_LENGTH: string[][] = [];
for (const k of KEYWORDS) (KEYWORDS_BY_LENGTH[k.length] ??= []).push(k);
const MAX_KEYWORD = Math.max(...[...KEYWORDS].map((k) => k.length));
const MAX_DIGITS = 9;
const MAX_OWNER = 39;
const MAX_REPO = 100;
const MAX_HOST = 253;
const MAX_WORD_LOOKBEHIND = 40;

const DEFAULT_HOSTS = new Set(['github.com']);
// The sync passes the same one or two hosts for every pull request of a repository.
let lastHosts: { key: string; set: Set<string> } | null = null;

export function hostSet(options: ParseOptions | undefined): Set<string> {
  const hosts = options?.webHosts;
  if (hosts === undefined) return DEFAULT_HOSTS;
  const key = hosts.join('\n');
  if (lastHosts?.key !== key) lastHosts = { key, set: new Set(hosts.map(normaliseHostOption)) };
  return lastHosts.set;
}

export function isDefaultBase(pull: PullText): boolean {
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


export interface ScanCtx {
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

export interface Found { start: number; end: number; repo: string; number: number; problem: CandidateReason | null }

function readNumber(ctx: ScanCtx, p: number): { end: number; number: number; problem: CandidateReason | null } {
  const { t } = ctx;
  let q = p;
  // Fifteen digits stay below 2^53, so the sum is exact; longer numbers are invalid anyway.
  let number = 0;
  for (let c = t.charCodeAt(q); isDigit(c); c = t.charCodeAt(++q)) {
    if (q - p < 15) number = number * 10 + (c - 48);
    ctx.meter.steps++;
  }
  const len = q - p;
  if (len > 15) number = 0;
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
export function parseHash(ctx: ScanCtx, i: number): Found | null {
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

export function parseGh(ctx: ScanCtx, i: number): Found | null {
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
export function parseUrl(ctx: ScanCtx, i: number): Found | number | null {
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

  const seg = { p };
  const owner = segment(ctx, seg, isOwnerChar, MAX_OWNER);
  p = seg.p;
  if (owner === null || owner.startsWith('-')) return urlEnd(ctx, p);
  const name = segment(ctx, seg, isRepoChar, MAX_REPO);
  p = seg.p;
  if (name === null || name === '.' || name === '..') return urlEnd(ctx, p);
  const kind = segment(ctx, seg, isLowerLetter, 6);
  p = seg.p;
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

const isLowerLetter = (c: number) => c >= 97 && c <= 122;

/**
 * A "/" and the path segment after it, of at most max accepted characters, moving
 * at.p past what it read; null when there is none or it is longer. A module-level
 * function, not a closure: the loader names every closure it creates (esbuild's
 * keepNames), a property definition per call.
 */
function segment(ctx: ScanCtx, at: { p: number }, accept: (c: number) => boolean, max: number): string | null {
  const { t, n } = ctx;
  let p = at.p;
  if (t.charCodeAt(p) !== SLASH) return null;
  const s = ++p;
  while (p < n && accept(t.charCodeAt(p)) && p - s <= max) { p++; ctx.meter.steps++; }
  at.p = p;
  return p > s && p - s <= max ? t.slice(s, p) : null;
}

export type KeywordVerdict =
  | { kind: 'direct' | 'boundary' | 'not_a_keyword' | 'no_space' | 'blank_line'; keyword: string }
  | { kind: 'none'; keyword: null };


/**
 * What stands right before a reference starting at s: a keyword, an optional
 * colon, whitespace. Looks back over the whitespace run (which belongs to this
 * reference alone, so the total stays linear) and a bounded word.
 */
export function keywordBefore(ctx: ScanCtx, s: number, useMask: boolean): KeywordVerdict {
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

/**
 * Where the keyword of a reference starting at s begins when `keywordBefore` would
 * call it "direct" (the mask aside: the caller asks about code and comments), or -1.
 * The same rules without building the verdict: the fast path reads character codes
 * and copies nothing. The property tests hold the two scanners equal.
 */
export function directKeywordStart(t: string, s: number): number {
  let j = s;
  let breaks = 0;
  while (j > 0) {
    const c = t.charCodeAt(j - 1);
    if (!isAsciiSpace(c)) {
      // A no-break space (or any non-ASCII space) before the reference: "no_space".
      if (isUnicodeSpace(c)) return -1;
      break;
    }
    // Two line breaks: "blank_line".
    if ((c === LF || (c === CR && t.charCodeAt(j) !== LF)) && ++breaks >= 2) return -1;
    j--;
  }
  if (j === s) return -1;
  let e = j;
  if (t.charCodeAt(e - 1) === COLON) e--;
  // A keyword is a whole word of ASCII letters: no other character lower-cases into one
  // (U+0130 becomes two characters, the Kelvin sign a "k", which no keyword has). So
  // "**Fixes** #1" and "_Fixes_ #1" (emphasis, "no_space" at best) end in no letter here.
  let w = e;
  while (w > 0 && e - w <= MAX_KEYWORD && isAsciiLetter(t.charCodeAt(w - 1))) w--;
  const candidates = KEYWORDS_BY_LENGTH[e - w];
  if (candidates === undefined || wordCharBefore(t, w) !== 0) return -1;
  const pc = t.charCodeAt(w - 1);
  if (pc === DASH || pc === AT) return -1;
  for (const k of candidates) if (sameLetters(t, w, k)) return w;
  return -1;
}

const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Whether the ASCII letters of t at w spell the lower-case word k, in any case. */
function sameLetters(t: string, w: number, k: string): boolean {
  for (let i = 0; i < k.length; i++) if ((t.charCodeAt(w + i) | 32) !== k.charCodeAt(i)) return false;
  return true;
}

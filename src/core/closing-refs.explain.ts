/**
 * The full scanner behind `links explain`: every candidate reference in title and
 * body, taken or not, and why. `closingRefs` answers from its fast path instead;
 * the property tests hold the two equal.
 */

import { ALL_PROSE, codeRegions, FENCED, HTML_COMMENT, INLINE_CODE, maskRegions, PROSE, type StepMeter } from './markdown-regions.ts';
import { LF, CR, HASH, AMP, PLUS, COMMA, DASH, SLASH, AT, wordCharAt, wordCharBefore, isDigit, isAsciiSpace } from './char-classes.ts';
import type { Candidate, CandidateReason, ClosingRef, ParseOptions, PullText } from './closing-refs.types.ts';
import { hostSet, isDefaultBase, keywordBefore, KEYWORDS, parseGh, parseHash, parseUrl, type Found, type KeywordVerdict, type ScanCtx } from './closing-refs.references.ts';

// "Fixes issue #3" is reported as words-between only while the keyword is this close.
const WORDS_BETWEEN_WINDOW = 64;
const SNIPPET_MAX = 200;

const REGION_REASON: Record<number, CandidateReason> = {
  [FENCED]: 'in_fenced_code',
  [INLINE_CODE]: 'in_inline_code',
  [HTML_COMMENT]: 'in_html_comment',
};

export function run(pull: PullText, options: ParseOptions | undefined, explain: boolean) {
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

const VERDICT_REASON: Record<Exclude<KeywordVerdict['kind'], 'direct' | 'none'>, CandidateReason> = {
  boundary: 'keyword_not_at_word_boundary',
  not_a_keyword: 'not_a_keyword',
  no_space: 'keyword_not_followed_by_whitespace',
  blank_line: 'blank_line_between_keyword_and_reference',
};

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
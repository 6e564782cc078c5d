/**
 * GitHub's closing-keyword grammar: which issues a pull request description
 * ("Fixes #12") links, and, for support, why every other reference was not taken.
 *
 * Bodies come from strangers and may be megabytes long, so everything here is a
 * single forward pass plus look-behinds of bounded length; no regular expression
 * ever runs over the body. `docs/closing-references.md` records the grammar and
 * each decision taken where GitHub documents nothing.
 *
 * This module holds the entry points and the fast path `closingRefs` runs;
 * `closing-refs.references.ts` reads single references and the keyword before
 * them, `closing-refs.explain.ts` is the full scanner behind `links explain`.
 */

import { ALL_PROSE, lazyRegions, PROSE, type RegionLookup } from './markdown-regions.ts';
import { ProseHints, UNKNOWN } from './markdown-prose-hints.ts';
import { HASH, wordCharBefore, isDigit } from './char-classes.ts';
import type { Candidate, ClosingRef, ParseOptions, PullText } from './closing-refs.types.ts';
import { directKeywordStart, hostSet, isDefaultBase, parseGh, parseHash, parseUrl, type Found, type ScanCtx } from './closing-refs.references.ts';
import { run } from './closing-refs.explain.ts';

export type { Candidate, CandidateReason, ClosingRef, ParseOptions, PullText } from './closing-refs.types.ts';

/** Bump on any change to what links: the relink job re-derives every stored link when it moves. */
export const GRAMMAR_VERSION = 1;

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

const NOT_FOUND = -1;
const isDigitCode = (c: number) => c >= 48 && c <= 57;

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
  const repo = typeof pull.repo === 'string' ? pull.repo : '';
  const hosts = hostSet(options);
  // Reading a reference and its keyword treats "\r\n", "\r" and "\n" alike; only the
  // code and comment lookup needs one kind of line break. Most texts never need that
  // lookup, so line breaks are normalised only when a text with "\r" does.
  return scanBody(raw, repo, hosts, false) ?? (scanBody(raw.replaceAll('\r\n', '\n').replaceAll('\r', '\n'), repo, hosts, true) as ClosingRef[]);
}

/** What the fast path knows about code and comments in one text, found only when asked. */
interface Regions { hints: ProseHints | null; lookup: RegionLookup | null }

/**
 * The fast scan of one body; null when a text with "\r" needs the code and comment
 * lookup (only a text without "\r" may get one, `normalised` says it has none).
 */
function scanBody(t: string, repo: string, hosts: Set<string>, normalised: boolean): ClosingRef[] | null {
  const ctx: ScanCtx = {
    // The parsers never read regions: the fast path asks `prose` itself.
    t, n: t.length, where: 'body', regions: ALL_PROSE, repo, repoKey: '', hosts,
    meter: { steps: 0 }, defaultBase: true, explain: false, refs: [], candidates: [],
  };
  const regions: Regions = { hints: null, lookup: null };
  let resume = 0;
  let hash = t.indexOf('#');
  // The "-" of a "GH-" is found as the "h-" or "H-" it ends: a "-" anywhere else is never
  // GH's, and where hyphens are common (Markdown lists, rules, hyphenated words: about 14
  // a kilobyte in the simulator's descriptions) an "h-" is rare (0.1). Each of the two
  // searches keeps its own position, so no character is searched twice by either.
  let lowerH = t.indexOf('h-');
  let upperH = t.indexOf('H-');
  let dash = NOT_FOUND;
  let scheme = t.indexOf('://');
  let url = NOT_FOUND;
  for (;;) {
    // Each stream moves to the next place the full scan would act at, at or after resume.
    // A "#" right after the one before ("## Heading") is stepped to with a comparison:
    // a native search costs more.
    while (hash !== NOT_FOUND && (hash < resume || !isDigitCode(t.charCodeAt(hash + 1)))) hash = nextAt(t, Math.max(hash + 1, resume), HASH, '#');
    for (;;) {
      const at = lowerH === NOT_FOUND || (upperH !== NOT_FOUND && upperH < lowerH) ? upperH : lowerH;
      dash = at === NOT_FOUND ? NOT_FOUND : at + 1;
      if (dash === NOT_FOUND || (dash >= resume + 2 && ghBefore(t, dash))) break;
      // Never a GH- the full scan reads: before resume (which only grows), or not a GH- at all.
      const from = Math.max(at + 1, resume + 1);
      if (at === lowerH) lowerH = t.indexOf('h-', from);
      else upperH = t.indexOf('H-', from);
    }
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
    if (found && takeIfLinked(ctx, regions, normalised, found) === null) return null;
  }
  return ctx.refs;
}

/** The first offset at or after i holding the character c (its code and itself), or NOT_FOUND. */
function nextAt(t: string, i: number, code: number, c: string): number {
  return t.charCodeAt(i) === code ? i : t.indexOf(c, i);
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

/**
 * The full scan's verdict on a body reference, reduced to "taken" (the only one
 * `closingRefs` reports): taken, false, or null when the code and comment lookup is
 * needed in a text that still has "\r".
 */
function takeIfLinked(ctx: ScanCtx, regions: Regions, normalised: boolean, f: Found): boolean | null {
  if (f.problem !== null) return false;
  const w = directKeywordStart(ctx.t, f.start);
  if (w === NOT_FOUND) return false;
  const keywordProse = prose(ctx.t, regions, normalised, w);
  if (keywordProse !== true) return keywordProse;
  const refProse = prose(ctx.t, regions, normalised, f.start);
  if (refProse !== true) return refProse;
  const repoKey = f.repo.toLowerCase();
  // A description links a handful of issues: a scan of them beats building keys.
  for (const r of ctx.refs) if (r.number === f.number && r.repoKey === repoKey) return false;
  ctx.refs.push({ repo: f.repo, repoKey, number: f.number });
  return true;
}

/** Whether offset x is prose; null when only the lookup can tell and the text still has "\r". */
function prose(t: string, regions: Regions, normalised: boolean, x: number): boolean | null {
  if (regions.lookup === null) {
    regions.hints ??= new ProseHints(t);
    const hint = regions.hints.at(x);
    if (hint !== UNKNOWN) return hint === PROSE;
    if (!normalised && t.includes('\r')) return null;
    regions.lookup = lazyRegions(t);
  }
  return regions.lookup.at(x) === PROSE;
}

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

import { lazyRegions, PROSE } from './markdown-regions.ts';
import { wordCharBefore, isDigit } from './char-classes.ts';
import type { Candidate, ClosingRef, ParseOptions, PullText } from './closing-refs.types.ts';
import { hostSet, isDefaultBase, keywordBefore, parseGh, parseHash, parseUrl, type Found, type ScanCtx } from './closing-refs.references.ts';
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

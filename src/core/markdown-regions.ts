/**
 * Which parts of a Markdown text are code or HTML comments, the places where
 * GitHub's renderer shows a reference without linking it. Only the structure
 * needed for that is recognised (fences, inline code spans, comments); see
 * `docs/closing-references.md` for what is approximated.
 *
 * Texts come from strangers and may be megabytes long: the work is a fixed number
 * of forward passes, every step counted in a meter so tests can prove it linear.
 */

/** Characters visited, for linear-time proofs that do not depend on the machine's speed. */
export interface StepMeter { steps: number }

/** What a character of the text belongs to: one byte per UTF-16 code unit in the mask. */
export const PROSE = 0;
export const FENCED = 1;
export const INLINE_CODE = 2;
export const HTML_COMMENT = 3;
export type RegionKind = typeof PROSE | typeof FENCED | typeof INLINE_CODE | typeof HTML_COMMENT;

// CommonMark caps an ordered-list marker at nine digits; more is a paragraph.
const MAX_LIST_DIGITS = 9;

const TAB = 9, LF = 10, CR = 13, SPACE = 32, RPAREN = 41, STAR = 42, PLUS = 43, DASH = 45, DOT = 46;
const LT = 60, GT = 62, BACKTICK = 96, TILDE = 126;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpaceOrTab = (c: number) => c === SPACE || c === TAB;

/**
 * The region kind of every UTF-16 code unit of `t`. Markdown block structure
 * comes first (fences), then inline code spans and HTML comments, leftmost first.
 */
export function codeRegions(t: string, m: StepMeter = { steps: 0 }): Uint8Array {
  const n = t.length;
  const mask = new Uint8Array(n);

  let lineCount = 1;
  for (let i = 0; i < n; i++) {
    m.steps++;
    const c = t.charCodeAt(i);
    if (c === LF || (c === CR && t.charCodeAt(i + 1) !== LF)) lineCount++;
  }
  // lineStart[lineCount] is a sentinel equal to n.
  const lineStart = new Int32Array(lineCount + 1);
  for (let i = 0, l = 1; i < n; i++) {
    m.steps++;
    const c = t.charCodeAt(i);
    if (c === LF || (c === CR && t.charCodeAt(i + 1) !== LF)) lineStart[l++] = i + 1;
  }
  lineStart[lineCount] = n;
  const startOf = (l: number) => lineStart[l] ?? n;
  const endOf = (l: number) => {
    let e = startOf(l + 1);
    if (l + 1 < lineCount) {
      e--;
      if (t.charCodeAt(e) === LF && e > startOf(l) && t.charCodeAt(e - 1) === CR) e--;
    }
    return e;
  };

  const fenceChar = new Uint16Array(lineCount);
  const fenceLen = new Int32Array(lineCount);
  const closable = new Uint8Array(lineCount);
  const isBreak = new Uint8Array(lineCount);
  for (let l = 0; l < lineCount; l++) {
    const f = fenceShape(t, startOf(l), endOf(l), m);
    fenceChar[l] = f.char;
    fenceLen[l] = f.len;
    closable[l] = f.closable ? 1 : 0;
    isBreak[l] = f.blank || f.char !== 0 ? 1 : 0;
  }
  // A code span cannot cross a blank line or a fence: it ends with its paragraph.
  const paragraphEnd = new Int32Array(lineCount);
  for (let l = lineCount - 1, next = n; l >= 0; l--) {
    m.steps++;
    paragraphEnd[l] = next;
    if (isBreak[l]) next = startOf(l);
  }

  // Within a paragraph a code span closes at the next backtick run of the same
  // length, whatever lies between; precomputing that run keeps "` `` ``` ..." linear.
  const runStart: number[] = [];
  const runLen: number[] = [];
  for (let i = 0; i < n; ) {
    m.steps++;
    if (t.charCodeAt(i) !== BACKTICK) { i++; continue; }
    let j = i;
    while (t.charCodeAt(j) === BACKTICK) { j++; m.steps++; }
    runStart.push(i);
    runLen.push(j - i);
    i = j;
  }
  const nextSame = new Int32Array(runStart.length).fill(-1);
  const lastOfLen = new Map<number, number>();
  for (let r = runStart.length - 1; r >= 0; r--) {
    m.steps++;
    const len = runLen[r] ?? 0;
    nextSame[r] = lastOfLen.get(len) ?? -1;
    lastOfLen.set(len, r);
  }

  const mark = (kind: number, from: number, to: number) => {
    mask.fill(kind, from, to);
    m.steps += to - from;
  };

  let openChar = 0;
  let openLen = 0;
  let run = 0;
  let l = 0;
  let p = 0;
  while (l < lineCount) {
    m.steps++;
    const ls = startOf(l);
    const next = startOf(l + 1);
    if (openChar !== 0) {
      mark(FENCED, ls, next);
      if (fenceChar[l] === openChar && (fenceLen[l] ?? 0) >= openLen && closable[l]) openChar = 0;
      l++;
      p = next;
      continue;
    }
    if (p === ls && fenceChar[l]) {
      openChar = fenceChar[l] ?? 0;
      openLen = fenceLen[l] ?? 0;
      mark(FENCED, ls, next);
      l++;
      p = next;
      continue;
    }
    const le = endOf(l);
    let jumped = false;
    while (p < le) {
      m.steps++;
      const c = t.charCodeAt(p);
      if (c === BACKTICK) {
        while ((runStart[run] ?? n) < p) { run++; m.steps++; }
        if (runStart[run] !== p) { p++; continue; }
        const len = runLen[run] ?? 1;
        const closer = nextSame[run] ?? -1;
        const closerStart = closer >= 0 ? (runStart[closer] ?? n) : n;
        if (closer >= 0 && closerStart < (paragraphEnd[l] ?? n)) {
          const end = closerStart + len;
          mark(INLINE_CODE, p, end);
          p = end;
          jumped = true;
          break;
        }
        p += len;
      } else if (c === LT && t.charCodeAt(p + 1) === 33 && t.charCodeAt(p + 2) === DASH && t.charCodeAt(p + 3) === DASH) {
        // Searching from the first dash makes "<!-->" and "<!--->" complete comments, as in CommonMark.
        let end = n;
        for (let k = p + 2; k + 2 < n; k++) {
          m.steps++;
          if (t.charCodeAt(k) === DASH && t.charCodeAt(k + 1) === DASH && t.charCodeAt(k + 2) === GT) { end = k + 3; break; }
        }
        mark(HTML_COMMENT, p, end);
        p = end;
        jumped = true;
        break;
      } else {
        p++;
      }
    }
    if (jumped) {
      // A jump never lands on a line start (the region ends in "`" or ">"), so the
      // rest of the landing line is inline text and cannot open a fence.
      while (l + 1 < lineCount && startOf(l + 1) <= p) { l++; m.steps++; }
      continue;
    }
    l++;
    p = startOf(l);
  }
  return mask;
}

export interface FenceShape { char: number; len: number; closable: boolean; blank: boolean }

/**
 * Whether a line could open or close a fence. CommonMark allows three spaces of
 * indentation relative to the enclosing list item or block quote; without a block
 * parser the hub skips any such markers and any indentation instead.
 */
export function fenceShape(t: string, ls: number, le: number, m: StepMeter): FenceShape {
  let p = ls;
  while (p < le && isSpaceOrTab(t.charCodeAt(p))) { p++; m.steps++; }
  if (p >= le) return { char: 0, len: 0, closable: false, blank: true };
  for (;;) {
    m.steps++;
    while (p < le && isSpaceOrTab(t.charCodeAt(p))) { p++; m.steps++; }
    const c = t.charCodeAt(p);
    if (c === GT) { p++; continue; }
    if ((c === DASH || c === PLUS || c === STAR) && isSpaceOrTab(t.charCodeAt(p + 1))) { p += 2; continue; }
    if (isDigit(c)) {
      let q = p;
      while (q < le && isDigit(t.charCodeAt(q)) && q - p <= MAX_LIST_DIGITS) { q++; m.steps++; }
      const d = t.charCodeAt(q);
      if (q - p <= MAX_LIST_DIGITS && (d === DOT || d === RPAREN) && isSpaceOrTab(t.charCodeAt(q + 1))) { p = q + 2; continue; }
    }
    break;
  }
  const c = t.charCodeAt(p);
  if (c !== BACKTICK && c !== TILDE) return { char: 0, len: 0, closable: false, blank: false };
  let q = p;
  while (q < le && t.charCodeAt(q) === c) { q++; m.steps++; }
  if (q - p < 3) return { char: 0, len: 0, closable: false, blank: false };
  let onlySpace = true;
  let backtickInInfo = false;
  for (let r = q; r < le; r++) {
    m.steps++;
    const ch = t.charCodeAt(r);
    if (!isSpaceOrTab(ch)) onlySpace = false;
    if (ch === BACKTICK) backtickInInfo = true;
  }
  // "```js `x`" is a paragraph with code spans, not a fence.
  if (c === BACKTICK && backtickInInfo) return { char: 0, len: 0, closable: false, blank: false };
  return { char: c, len: q - p, closable: onlySpace, blank: false };
}

/** The region kind at any offset, computed only as far as the questions reach. */
export interface RegionLookup {
  at(i: number): RegionKind;
}

/**
 * The same regions as `codeRegions`, found with native string search and only up
 * to the furthest offset asked about: the closing-reference fast path asks about a
 * handful of offsets per description, so most of a text is never classified.
 *
 * Line breaks must be "\n" alone (a text with "\r" is answered from the full mask;
 * `closingRefs` normalises them before it asks). Searches for code span closers stop
 * at the paragraph's end; if unmatched openers make them revisit more than a fixed
 * multiple of the text, the rest is answered from the full mask, so the work stays
 * linear in the length of the text whatever it holds.
 */
export function lazyRegions(t: string): RegionLookup {
  if (t.includes('\r')) return maskRegions(codeRegions(t));
  return new LazyRegions(t);
}

/** Regions read from a full mask (`codeRegions`). */
export function maskRegions(mask: Uint8Array): RegionLookup {
  return { at: (i) => (mask[i] ?? PROSE) as RegionKind };
}

/** A text without code or comments (a title). */
export const ALL_PROSE: RegionLookup = { at: () => PROSE };

interface FenceLine { index: number; start: number; char: number; len: number; closable: boolean }

const NONE = -1;
// Shared by every lookup that has classified nothing yet; never written to.
const NO_REGIONS: number[] = [];
// Closer searches may revisit this many times the text before the full mask takes over.
const SEARCH_BUDGET_PER_CHAR = 4;

class LazyRegions implements RegionLookup {
  private readonly n: number;
  /** Classified regions in text order: [start, end) of kind. */
  private starts: number[] = NO_REGIONS;
  private ends: number[] = NO_REGIONS;
  private kinds: number[] = NO_REGIONS;
  /** Everything before p is classified; outside the regions above it is prose. */
  private p = 0;
  private full: Uint8Array | null = null;
  private budget: number;
  // Native-search caches; each only ever moves forward.
  private tick = -2;
  private comment = -2;
  /** Fence-shaped lines found so far, in order; every one starting before fenceScanned is listed. */
  private readonly fences: FenceLine[] = [];
  private fenceScanned = 0;
  private blankFrom = -1;
  private blankAt = -1;
  private backticks3 = -2;
  private tildes3 = -2;
  private lfFrom = 1;
  private lfAt = 0;

  constructor(private readonly t: string) {
    this.n = t.length;
    this.budget = SEARCH_BUDGET_PER_CHAR * this.n + 64;
  }

  at(i: number): RegionKind {
    if (this.full) return (this.full[i] ?? PROSE) as RegionKind;
    if (i >= this.p) this.advance(i);
    if (this.full) return (this.full[i] ?? PROSE) as RegionKind;
    // The last region starting at or before i.
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] ?? 0) <= i) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return (found >= 0 && i < (this.ends[found] ?? 0) ? this.kinds[found] : PROSE) as RegionKind;
  }

  private push(kind: number, from: number, to: number): void {
    if (this.starts === NO_REGIONS) { this.starts = []; this.ends = []; this.kinds = []; }
    this.starts.push(from);
    this.ends.push(to);
    this.kinds.push(kind);
    this.p = to;
  }

  /** Classifies up to and including offset x (or the end of the text). */
  private advance(x: number): void {
    const { t, n } = this;
    while (this.p <= x && this.p < n) {
      const p = this.p;
      const atLineStart = p === 0 || t.charCodeAt(p - 1) === LF;
      const fence = this.fenceFrom(atLineStart ? p : this.lineEnd(p) + 1);
      const fenceStart = fence ? fence.start : n;
      const tick = this.nextTick(p);
      const comment = this.nextComment(p);
      const next = Math.min(fenceStart, tick, comment);
      if (next > x || next >= n) return;
      if (next === fenceStart && fence) this.fenced(fence);
      else if (next === tick) this.codeSpan(tick);
      else this.htmlComment(comment);
      if (this.full) return;
    }
  }

  private fenced(open: FenceLine): void {
    let end = this.n;
    for (let k = open.index + 1; ; k++) {
      const f = this.fences[k] ?? this.scanFence();
      if (!f) break;
      if (f.char === open.char && f.len >= open.len && f.closable) { end = Math.min(this.n, this.lineEnd(f.start) + 1); break; }
    }
    this.push(FENCED, open.start, end);
  }

  private codeSpan(at: number): void {
    const { t, n } = this;
    if (at > 0 && t.charCodeAt(at - 1) === BACKTICK) {
      // Inside a run (never reached in practice): the rest of the run is literal.
      let q = at;
      while (t.charCodeAt(q) === BACKTICK) q++;
      this.p = q;
      return;
    }
    let q = at;
    while (t.charCodeAt(q) === BACKTICK) q++;
    const len = q - at;
    const limit = this.paragraphEnd(this.lineEnd(at));
    const needle = len === 1 ? '`' : '`'.repeat(len);
    let from = q;
    for (;;) {
      const c = from < limit ? t.indexOf(needle, from) : NONE;
      if (c === NONE || c >= limit) {
        this.budget -= limit - q;
        if (this.budget < 0) { this.full = codeRegions(t); return; }
        this.p = q;
        return;
      }
      let e = c + len;
      if (t.charCodeAt(c - 1) !== BACKTICK && t.charCodeAt(e) !== BACKTICK) {
        this.push(INLINE_CODE, at, e);
        return;
      }
      while (e < n && t.charCodeAt(e) === BACKTICK) e++;
      from = e;
    }
  }

  private htmlComment(at: number): void {
    const close = this.t.indexOf('-->', at + 2);
    this.push(HTML_COMMENT, at, close === NONE ? this.n : close + 3);
  }

  private nextTick(p: number): number {
    if (this.tick !== NONE && this.tick < p) this.tick = this.t.indexOf('`', p);
    return this.tick === NONE ? this.n : this.tick;
  }

  private nextComment(p: number): number {
    if (this.comment !== NONE && this.comment < p) this.comment = this.t.indexOf('<!--', p);
    return this.comment === NONE ? this.n : this.comment;
  }

  /** The offset of the line break ending the line that holds p, or n. */
  private lineEnd(p: number): number {
    // No "\n" lies in [lfFrom, lfAt): many code spans on one long line cost one search.
    if (p < this.lfFrom || p > this.lfAt) {
      this.lfFrom = p;
      const e = this.t.indexOf('\n', p);
      this.lfAt = e === NONE ? this.n : e;
    }
    return this.lfAt;
  }

  /** The start of the first line after lineEnd that is blank or fence-shaped (a code span ends there), or n. */
  private paragraphEnd(lineEnd: number): number {
    if (lineEnd >= this.n) return this.n;
    const from = lineEnd + 1;
    const fence = this.fenceFrom(from);
    return Math.min(fence ? fence.start : this.n, this.blankFromLine(from));
  }

  /** The start of the first blank line starting at or after `from` (a line start), or n when none before the end. */
  private blankFromLine(from: number): number {
    if (this.blankAt >= from && this.blankFrom <= from) return this.blankAt;
    const { t, n } = this;
    let s = from;
    for (;;) {
      let q = s;
      while (q < n && isSpaceOrTab(t.charCodeAt(q))) q++;
      if (q >= n || t.charCodeAt(q) === LF) break;
      const e = t.indexOf('\n', q);
      if (e === NONE) { s = n; break; }
      s = e + 1;
    }
    this.blankFrom = from;
    this.blankAt = s;
    return s;
  }

  /** The first fence-shaped line starting at or after `from`, or null. */
  private fenceFrom(from: number): FenceLine | null {
    const { fences } = this;
    const last = fences[fences.length - 1];
    if (!last || last.start < from) {
      for (;;) {
        const f = this.scanFence();
        if (!f) return null;
        if (f.start >= from) return f;
      }
    }
    let lo = 0;
    let hi = fences.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((fences[mid]?.start ?? 0) < from) lo = mid + 1; else hi = mid;
    }
    return fences[lo] ?? null;
  }

  /** Finds the next fence-shaped line after those already listed, or null at the end. */
  private scanFence(): FenceLine | null {
    const { t, n } = this;
    while (this.fenceScanned < n) {
      const from = this.fenceScanned;
      if (this.backticks3 !== NONE && this.backticks3 < from) this.backticks3 = t.indexOf('```', from);
      if (this.tildes3 !== NONE && this.tildes3 < from) this.tildes3 = t.indexOf('~~~', from);
      const a = this.backticks3;
      const b = this.tildes3;
      const k = a === NONE ? b : b === NONE ? a : Math.min(a, b);
      if (k === NONE) { this.fenceScanned = n; return null; }
      const ls = k === 0 ? 0 : t.lastIndexOf('\n', k - 1) + 1;
      const le = this.lineEnd(k);
      this.fenceScanned = le + 1;
      // A line starting before `from` was judged already.
      if (ls < from) continue;
      const shape = fenceShape(t, ls, le, { steps: 0 });
      if (shape.char !== 0) {
        const f = { index: this.fences.length, start: ls, char: shape.char, len: shape.len, closable: shape.closable };
        this.fences.push(f);
        return f;
      }
    }
    return null;
  }
}

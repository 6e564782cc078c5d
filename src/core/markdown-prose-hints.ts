/**
 * Quick answers to "is this offset prose?" for the closing-reference fast path,
 * before it builds a region lookup (`markdown-regions.ts`) for the texts that
 * need one. Kept apart from the region scanners it answers for: they classify a
 * whole text, this reads only the first regions from where it stands.
 */
import { BACKTICK, CR, DASH, DOT, GT, LF, PLUS, RPAREN, SPACE, STAR, TAB, isDigit } from './char-classes.ts';
import { FENCED, fenceShape, HTML_COMMENT, INLINE_CODE, PROSE, type FenceShape, type RegionKind, type StepMeter } from './markdown-regions.ts';

const NONE = -1;
const NOT_SEARCHED = -2;
const isSpaceOrTab = (c: number) => c === SPACE || c === TAB;

/** What `ProseHints` answers when only a lookup can tell. */
export const UNKNOWN = -1;

/**
 * Quick answers about a few offsets, asked in increasing order, for texts whose code
 * is simple or sits after the references. From its position on it knows the first
 * backtick, "~~~" and "<!--" (native string search) and reads the region the first
 * of them opens, exactly as `codeRegions` reads it when nothing came before:
 *
 * - an HTML comment, through its "-->";
 * - a fenced block, when the marker's line is fence-shaped (`fenceShape`), through its
 *   closing fence line, found through the next "```" or "~~~" lines;
 * - a code span whose closing run of the same length is on the opener's line (a
 *   paragraph never ends inside a line);
 * - "~~~" on a line that is not fence-shaped: nothing.
 *
 * Past such a region it starts over where the region ends, as `codeRegions` resumes
 * there (a fence ends at a line start; after a comment or span the rest of the line
 * is inline text). An offset before every marker is prose when no backtick and no
 * "~~~" stands before the end of its line: every region starts at its marker or at
 * the start of the marker's line (a fence, preceded only by spaces, ">" and list
 * markers). Anything else (a span closing on a later line or never, an offset behind
 * one already answered) is `UNKNOWN`, for `lazyRegions` or `codeRegions` to decide.
 *
 * Any line break ("\n", "\r\n", "\r") is one here, so the answers hold for texts with
 * "\r" too. Every search starts where the last one ended: linear in the text.
 */
export class ProseHints {
  private readonly n: number;
  /** Everything before `from` was read; the text is read on from there as if it began there. */
  private from = 0;
  private backtick = NOT_SEARCHED;
  private tildes = NOT_SEARCHED;
  private comment = NOT_SEARCHED;
  private lfFrom = 1;
  private lfAt = 0;
  private crFrom = 1;
  private crAt = 0;
  /** The region the marker at `regionAt` opens, once read. */
  private regionAt = NOT_SEARCHED;
  private regionKind: RegionKind = PROSE;
  private regionEnd = 0;
  /** Steps of `fenceShape`, which counts them; nobody reads these. */
  private readonly meter: StepMeter = { steps: 0 };

  constructor(private readonly t: string) {
    this.n = t.length;
  }

  at(x: number): RegionKind | typeof UNKNOWN {
    if (x < this.from) return UNKNOWN;
    if (this.comment === NOT_SEARCHED) {
      this.backtick = this.search('`', 0);
      this.tildes = this.search('~~~', 0);
      this.comment = this.search('<!--', 0);
    }
    for (;;) {
      const k = Math.min(this.backtick, this.tildes, this.comment);
      if (k > x) break;
      let kind: RegionKind;
      let end: number;
      if (k === this.regionAt) {
        // Asked again inside the region read last: read once, or an unclosed comment or
        // fence would be searched to the end of the text once per question.
        kind = this.regionKind;
        end = this.regionEnd;
      } else if (k === this.comment) {
        // Searching from the first dash, as `codeRegions` does: "<!-->" is complete.
        const close = this.t.indexOf('-->', k + 2);
        kind = HTML_COMMENT;
        end = close === NONE ? this.n : close + 3;
      } else {
        const fence = this.fenceAt(k);
        if (fence !== null) {
          kind = FENCED;
          end = this.fenceEnd(fence);
        } else if (k === this.tildes) {
          // Tildes off a fence line are text; no later "~~~" on the line makes it one.
          this.tildes = this.search('~~~', this.lineEnd(k));
          continue;
        } else {
          const close = this.spanEnd(k);
          if (close === NONE) return UNKNOWN;
          kind = INLINE_CODE;
          end = close;
        }
      }
      this.regionAt = k;
      this.regionKind = kind;
      this.regionEnd = end;
      if (x < end) return kind;
      this.from = end;
      if (this.comment < end) this.comment = this.search('<!--', end);
      if (this.backtick < end) this.backtick = this.search('`', end);
      if (this.tildes < end) this.tildes = this.search('~~~', end);
    }
    const marker = Math.min(this.backtick, this.tildes);
    if (marker >= this.n || this.lineEnd(x) < marker) return PROSE;
    // On the marker's line, before it: only a fence line's markers can be code there.
    return isFencePrefixChar(this.t.charCodeAt(x)) ? UNKNOWN : PROSE;
  }

  /** The fence the marker at k opens (its line is fence-shaped and starts at or after `from`), or null. */
  private fenceAt(k: number): FenceShape & { start: number; lineEnd: number } | null {
    const { t } = this;
    // Only spaces, tabs, ">" and list markers may stand before a fence on its line.
    let ls = k;
    for (;;) {
      const c = t.charCodeAt(ls - 1);
      if (ls === 0 || c === LF || c === CR) break;
      if (!isFencePrefixChar(c)) return null;
      ls--;
    }
    // A line starting before `from` continues a comment or span: its rest is inline.
    if (ls < this.from) return null;
    const le = this.lineEnd(k);
    const shape = fenceShape(t, ls, le, this.meter);
    return shape.char === 0 ? null : { char: shape.char, len: shape.len, closable: shape.closable, blank: false, start: ls, lineEnd: le };
  }

  /** Where the fenced block opened by `open` ends: after its closing fence line, or the end of the text. */
  private fenceEnd(open: FenceShape & { lineEnd: number }): number {
    const { t } = this;
    const needle = open.char === BACKTICK ? '```' : '~~~';
    let from = this.nextLine(open.lineEnd);
    while (from < this.n) {
      const k = t.indexOf(needle, from);
      if (k === NONE) break;
      let ls = k;
      while (ls > from && t.charCodeAt(ls - 1) !== LF && t.charCodeAt(ls - 1) !== CR) ls--;
      const le = this.lineEnd(k);
      const shape = fenceShape(t, ls, le, this.meter);
      if (shape.char === open.char && shape.len >= open.len && shape.closable) return this.nextLine(le);
      from = this.nextLine(le);
    }
    return this.n;
  }

  /** The end of the code span opened by the backtick run at k when its closer is on the same line, or NONE. */
  private spanEnd(k: number): number {
    const { t } = this;
    const len = this.runLength(k);
    const le = this.lineEnd(k);
    let q = k + len;
    for (;;) {
      const c = t.indexOf('`', q);
      if (c === NONE || c > le) return NONE;
      const r = this.runLength(c);
      if (r === len) return c + len;
      q = c + r;
    }
  }

  private runLength(k: number): number {
    let q = k;
    while (this.t.charCodeAt(q) === BACKTICK) q++;
    return q - k;
  }

  /** The offset of the line break ending the line that holds p ("\r" of "\r\n"), or n. */
  private lineEnd(p: number): number {
    // No "\n" lies in [lfFrom, lfAt), no "\r" in [crFrom, crAt): while p stays in those
    // ranges the answer is known, so many spans on one long line cost one search.
    if (p < this.lfFrom || p > this.lfAt) {
      this.lfFrom = p;
      this.lfAt = this.search('\n', p);
    }
    if (p < this.crFrom || p > this.crAt) {
      this.crFrom = p;
      this.crAt = this.search('\r', p);
    }
    return Math.min(this.lfAt, this.crAt);
  }

  /** The start of the line after the break at le. */
  private nextLine(le: number): number {
    if (le >= this.n) return this.n;
    return this.t.charCodeAt(le) === CR && this.t.charCodeAt(le + 1) === LF ? le + 2 : le + 1;
  }

  private search(needle: string, from: number): number {
    const k = this.t.indexOf(needle, from);
    return k === NONE ? this.n : k;
  }
}

/** Whether c may stand before a fence on its line (indentation, ">", list markers). */
function isFencePrefixChar(c: number): boolean {
  return isSpaceOrTab(c) || c === GT || c === DASH || c === PLUS || c === STAR || c === DOT || c === RPAREN || isDigit(c);
}


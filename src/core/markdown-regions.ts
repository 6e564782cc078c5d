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

interface FenceShape { char: number; len: number; closable: boolean; blank: boolean }

/**
 * Whether a line could open or close a fence. CommonMark allows three spaces of
 * indentation relative to the enclosing list item or block quote; without a block
 * parser the hub skips any such markers and any indentation instead.
 */
function fenceShape(t: string, ls: number, le: number, m: StepMeter): FenceShape {
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

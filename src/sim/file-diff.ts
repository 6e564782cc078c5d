/**
 * The block-level diff behind a simulated file's patch and line counts
 * (files.ts). A file is a list of blocks, each named by a key; an LCS over the
 * keys says which blocks are kept (context), added or deleted. The patch needs
 * every block's lines; the counts need only the lines of the blocks added or
 * deleted, so a pull request's size (`additions`, `deletions`) is told without
 * generating the blocks both sides keep or building the patch text.
 *
 * Hand-written rather than a diff library: the diff is over a few block keys,
 * not over lines, and its tie-breaking fixes every patch the simulator serves.
 */

/** What happens to the next block: kept on both sides, added from the head, deleted from the base. */
export const KEEP = 0;
export const ADD = 1;
export const DELETE = 2;

/** The lines of `text`, each with its newline (a last line without one kept as is). */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** `splitLines(text).length`, without the array. */
export function lineCount(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return text.length > 0 && text.charCodeAt(text.length - 1) !== 10 ? n + 1 : n;
}

/** The edit script from the base's block keys to the head's: one KEEP, ADD or DELETE per step. */
export function blockOps(baseKeys: readonly string[], headKeys: readonly string[]): number[] {
  const n = baseKeys.length;
  const m = headKeys.length;
  const w = m + 1;
  // lcs[i * w + j]: the LCS length of baseKeys[i..] and headKeys[j..].
  const lcs = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i * w + j] = baseKeys[i] === headKeys[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  }
  const ops: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && baseKeys[i] === headKeys[j]) {
      ops.push(KEEP);
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i * w + j + 1]! >= lcs[(i + 1) * w + j]!)) {
      ops.push(ADD);
      j++;
    } else {
      ops.push(DELETE);
      i++;
    }
  }
  return ops;
}

/** Lines added and deleted by `ops`, given the line count of the k-th block of each side. */
export function opCounts(ops: readonly number[], baseLines: (k: number) => number, headLines: (k: number) => number): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === KEEP) {
      i++;
      j++;
    } else if (op === ADD) additions += headLines(j++);
    else deletions += baseLines(i++);
  }
  return { additions, deletions };
}

/** The patch of `ops` over both sides' blocks (as lines): one hunk covering the whole file. */
export function blockDiff(base: string[][], head: string[][], baseKeys: string[], headKeys: string[]): { additions: number; deletions: number; patch: string } {
  const ops = blockOps(baseKeys, headKeys);
  const out: string[] = [];
  const emit = (prefix: string, lines: string[]) => {
    for (const l of lines) out.push(prefix + l.replace(/\n$/, ''));
  };
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === KEEP) {
      emit(' ', base[i++]!);
      j++;
    } else if (op === ADD) emit('+', head[j++]!);
    else emit('-', base[i++]!);
  }
  const { additions, deletions } = opCounts(ops, (k) => base[k]!.length, (k) => head[k]!.length);
  if (additions + deletions === 0) return { additions, deletions, patch: '' };
  const baseLines = base.reduce((s, b) => s + b.length, 0);
  const headLines = head.reduce((s, b) => s + b.length, 0);
  return { additions, deletions, patch: `@@ -${baseLines ? 1 : 0},${baseLines} +${headLines ? 1 : 0},${headLines} @@\n${out.join('\n')}` };
}

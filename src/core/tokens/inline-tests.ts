/**
 * Inline test blocks inside source files (Rust `#[cfg(test)] mod tests { … }`,
 * Zig `test "…" { … }`, D `unittest { … }`), found the way the validator finds
 * them (`has_inline_tests` and `_inline_test_line_ranges` in
 * `gittensor/validator/utils/tree_sitter_scoring.py`): by line patterns and brace
 * counting, not by the syntax tree. Nodes that start inside such a block are
 * scored as test code.
 */
import { INLINE_TEST_EXTENSIONS, INLINE_TEST_PATTERNS, INNER_CFG_TEST } from './constants.ts';

/** Inclusive 0-based line ranges. */
export type LineRange = readonly [start: number, end: number];

/** How many lines past the opening line the block's `{` may be looked for. */
const BRACE_LOOKAHEAD_LINES = 6;

export function hasInlineTests(content: string, extension: string): boolean {
  const pattern = INLINE_TEST_PATTERNS[extension];
  return pattern !== undefined && pattern.test(content);
}

function braceDelta(line: string): number {
  let delta = 0;
  for (const ch of line) {
    if (ch === '{') delta++;
    else if (ch === '}') delta--;
  }
  return delta;
}

export function inlineTestLineRanges(content: string | null, extension: string): LineRange[] {
  if (!content || !INLINE_TEST_EXTENSIONS.has(extension)) return [];
  const pattern = INLINE_TEST_PATTERNS[extension];
  if (pattern === undefined) return [];
  const lines = content.split('\n');
  const n = lines.length;
  if (INNER_CFG_TEST.test(content)) return [[0, n - 1]];
  const ranges: LineRange[] = [];
  let i = 0;
  while (i < n) {
    if (pattern.test(lines[i]!)) {
      // The validator counts braces per line, strings and comments included; so does the hub.
      let j = i;
      while (j < n && j - i < BRACE_LOOKAHEAD_LINES && !lines[j]!.includes('{')) j++;
      if (j < n && lines[j]!.includes('{')) {
        let depth = braceDelta(lines[j]!);
        let end = j;
        while (depth > 0 && end + 1 < n) {
          end++;
          depth += braceDelta(lines[end]!);
        }
        ranges.push([i, end]);
        i = end + 1;
        continue;
      }
    }
    i++;
  }
  return ranges;
}

export function inRanges(ranges: readonly LineRange[], line: number): boolean {
  return ranges.some(([s, e]) => s <= line && line <= e);
}

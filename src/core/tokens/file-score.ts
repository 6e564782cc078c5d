/**
 * One changed file's token score, decided in the validator's order
 * (`calculate_token_score_from_file_changes` in
 * `gittensor/validator/utils/tree_sitter_scoring.py`, `entrius/gittensor`):
 *
 * 1. removed files score 0;
 * 2. non-code extensions score language weight × min(changes, 300), before any
 *    look at the content (so neither the size limit nor binary content applies);
 * 3. no head content (binary, or not fetched) scores 0;
 * 4. head content over 1,000,000 UTF-8 bytes scores 0;
 * 5. an extension the validator does not parse scores 0;
 * 6. otherwise the tree diff of base and head, times the language weight.
 *
 * A test file's score is then multiplied by 0.05. A source file with inline test
 * blocks (Rust, Zig, D) is split: nodes inside the blocks score as test code.
 */
import {
  DEFAULT_CODE_LANGUAGE_WEIGHT, DEFAULT_PROGRAMMING_LANGUAGE_WEIGHT, INLINE_TEST_EXTENSIONS, MAX_FILE_SIZE_BYTES,
  MAX_LINES_SCORED_FOR_NON_CODE_EXT, TEST_FILE_CONTRIBUTION_WEIGHT,
} from './constants.ts';
import { readContent, type RawContent } from './content.ts';
import { hasInlineTests, inlineTestLineRanges } from './inline-tests.ts';
import { fileExtension, isNonCodeExtension, languageEntry, treeSitterLanguage } from './language.ts';
import type { Grammars } from './syntax-tree.ts';
import { TOKEN_TABLES, type TokenTables } from './tables.ts';
import { isTestFile } from './test-files.ts';
import { addBreakdowns, breakdownScore, collectSignatures, diffSignatures, weighBreakdown, type Breakdown } from './tree-diff.ts';

export interface FileChangeInput {
  path: string;
  /** GitHub's file status: added, modified, removed, renamed, copied, changed. */
  status: string;
  base?: RawContent;
  head?: RawContent;
  /** GitHub's `changes` (additions + deletions). */
  changes: number;
}

/** Why a file scored nothing. */
export type ZeroReason =
  | 'removed'
  | 'binary'
  | 'too_large'
  /** the validator does not parse this extension (no `language` in the table) */
  | 'unsupported'
  /** the validator parses it, but the hub ships no grammar for its language: the hub's score is short of the validator's */
  | 'no_grammar'
  /** the head could not be parsed in its time budget (and the base gave nothing either) */
  | 'parse_failed'
  /** parsed, and nothing scoring changed (or a non-code file with 0 changes) */
  | 'no_change';

export type ScoringMethod = 'tree-diff' | 'line-count' | 'skipped';

export interface FileTokenScore {
  path: string;
  extension: string;
  /** The grammar the validator parses the file with; null when it is not parsed. */
  language: string | null;
  languageWeight: number;
  isTest: boolean;
  method: ScoringMethod;
  /** The file's token score: the sum of the three parts below. */
  score: number;
  /** Part that counts as source code (the validator's SOURCE category, S). */
  sourceScore: number;
  /** Part that counts as test code: test files, and inline test blocks of source files. */
  testScore: number;
  /** Part from non-code files (line counts). */
  nonCodeScore: number;
  /** Weighted scores and node counts of the tree diff (test weight included); null unless parsed. */
  breakdown: Breakdown | null;
  /** Lines counted for a non-code file. */
  linesScored: number;
  /** The file is source code holding inline test blocks, scored apart. */
  inlineTests: boolean;
  /** Sides whose parse failed, each then scored as empty (as the validator does). */
  parseFailed: ('base' | 'head')[];
  /** Why the file scored 0; null when it scored. */
  reason: ZeroReason | null;
}

function result(input: FileChangeInput, fields: Partial<FileTokenScore> & Pick<FileTokenScore, 'method'>): FileTokenScore {
  const base: FileTokenScore = {
    path: input.path, extension: fileExtension(input.path), language: null, languageWeight: 0, isTest: false,
    score: 0, sourceScore: 0, testScore: 0, nonCodeScore: 0, breakdown: null, linesScored: 0, inlineTests: false,
    parseFailed: [], reason: null, ...fields,
  };
  base.score = base.sourceScore + base.testScore + base.nonCodeScore;
  // A reason is given exactly when nothing scored.
  if (base.score !== 0) base.reason = null;
  else base.reason ??= 'no_change';
  return base;
}

export function scoreFile(input: FileChangeInput, grammars: Grammars, tables: TokenTables = TOKEN_TABLES): FileTokenScore {
  const extension = fileExtension(input.path);
  const isTest = isTestFile(input.path);
  const fileWeight = isTest ? TEST_FILE_CONTRIBUTION_WEIGHT : 1;

  if (input.status === 'removed') return result(input, { method: 'skipped', isTest, reason: 'removed' });

  if (isNonCodeExtension(extension)) {
    const languageWeight = languageEntry(tables, extension)?.weight ?? DEFAULT_PROGRAMMING_LANGUAGE_WEIGHT;
    const linesScored = Math.min(Math.max(0, input.changes), MAX_LINES_SCORED_FOR_NON_CODE_EXT);
    const score = languageWeight * linesScored * fileWeight;
    return result(input, {
      method: 'line-count', isTest, languageWeight, linesScored,
      ...(isTest ? { testScore: score } : { nonCodeScore: score }),
    });
  }

  const head = readContent(input.head);
  // Known by its size alone (a host that sends no content that big): too large, whatever it holds.
  if (head.kind === 'oversized' && head.bytes > MAX_FILE_SIZE_BYTES) return result(input, { method: 'skipped', isTest, reason: 'too_large' });
  if (head.kind !== 'text') return result(input, { method: 'skipped', isTest, reason: 'binary' });
  if (head.bytes > MAX_FILE_SIZE_BYTES) return result(input, { method: 'skipped', isTest, reason: 'too_large' });

  const language = treeSitterLanguage(tables, extension);
  if (language === null) return result(input, { method: 'skipped', isTest, reason: 'unsupported' });

  const languageWeight = languageEntry(tables, extension)?.weight ?? DEFAULT_CODE_LANGUAGE_WEIGHT;
  const common = { method: 'tree-diff' as const, isTest, language, languageWeight };
  if (!grammars.hasGrammar(language)) return result(input, { ...common, reason: 'no_grammar' });

  const base = readContent(input.base);
  const oldText = base.kind === 'text' ? base.text : null;
  const newText = head.text;
  const inlineTests = !isTest && INLINE_TEST_EXTENSIONS.has(extension)
    && (hasInlineTests(newText, extension) || (oldText !== null && hasInlineTests(oldText, extension)));

  const parseFailed: ('base' | 'head')[] = [];
  const signaturesOf = (text: string | null, side: 'base' | 'head') => {
    if (!text) return new Map<string, number>();
    const tree = grammars.parse(language, text);
    if (tree === null) {
      parseFailed.push(side);
      return new Map<string, number>();
    }
    try {
      return collectSignatures(tree, tables, inlineTests ? inlineTestLineRanges(text, extension) : []);
    } finally {
      tree.delete?.();
    }
  };
  const diff = diffSignatures(signaturesOf(oldText, 'base'), signaturesOf(newText, 'head'), tables);
  const reason = parseFailed.includes('head') ? 'parse_failed' as const : null;

  if (inlineTests) {
    const code = weighBreakdown(diff.code, languageWeight);
    const test = weighBreakdown(diff.test, languageWeight * TEST_FILE_CONTRIBUTION_WEIGHT);
    return result(input, {
      ...common, inlineTests, parseFailed, reason, breakdown: addBreakdowns(code, test),
      sourceScore: breakdownScore(code), testScore: breakdownScore(test),
    });
  }
  // Without inline tests every node is in `code`; `test` stays empty.
  const weighed = weighBreakdown(addBreakdowns(diff.code, diff.test), languageWeight * fileWeight);
  const score = breakdownScore(weighed);
  return result(input, {
    ...common, parseFailed, reason, breakdown: weighed,
    ...(isTest ? { testScore: score } : { sourceScore: score }),
  });
}

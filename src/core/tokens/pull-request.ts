/**
 * A pull request's token scores, from its changed files, as the validator sums
 * them (`calculate_token_score_from_file_changes` and
 * `calculate_base_score_for_pr_files` in `entrius/gittensor`):
 *
 * - S, `sourceScore`: the SOURCE category, i.e. parsed files that are not tests
 *   (and the non-test part of files with inline test blocks); it drives the
 *   saturating term 25 · (1 − e^(−S/s)) of the base score;
 * - T, `totalScore`: every file's score, tests and non-code files included; it
 *   drives the bonus min(1, T/1500) · 5;
 * - `tokenScore`: the parsed files' scores alone (tests included, non-code
 *   files not), the validator's `token_score` of a pull request, which its spam
 *   thresholds and the issue-discovery "valid solve" test add up.
 */
import { scoreFile, type FileChangeInput, type FileTokenScore } from './file-score.ts';
import type { Grammars } from './syntax-tree.ts';
import { TOKEN_TABLES, type TokenTables } from './tables.ts';
import { breakdownScore } from './tree-diff.ts';

export interface PullRequestTokenScore {
  sourceScore: number;
  totalScore: number;
  tokenScore: number;
  files: FileTokenScore[];
  /** Languages the validator parses but the hub has no grammar for, in this pull request. */
  missingGrammars: string[];
  /**
   * False when some file could not be scored as the validator scores it: a missing grammar (the
   * validator's score is then higher) or a parse past its time budget (that side counted as empty).
   */
  complete: boolean;
}

export function scorePullRequest(files: readonly FileChangeInput[], grammars: Grammars, tables: TokenTables = TOKEN_TABLES): PullRequestTokenScore {
  const scored = files.map((f) => scoreFile(f, grammars, tables));
  let sourceScore = 0;
  let totalScore = 0;
  let tokenScore = 0;
  const missing = new Set<string>();
  for (const f of scored) {
    sourceScore += f.sourceScore;
    totalScore += f.score;
    if (f.breakdown) tokenScore += breakdownScore(f.breakdown);
    if (f.reason === 'no_grammar' && f.language) missing.add(f.language);
  }
  const complete = missing.size === 0 && scored.every((f) => f.parseFailed.length === 0);
  return { sourceScore, totalScore, tokenScore, files: scored, missingGrammars: [...missing].sort(), complete };
}

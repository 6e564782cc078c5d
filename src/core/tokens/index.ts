/** Token scores of pull request files, as Gittensor's validator computes them. See docs/token-scores.md. */
export { scoreFile, type FileChangeInput, type FileTokenScore, type ScoringMethod, type ZeroReason } from './file-score.ts';
export { scorePullRequest, type PullRequestTokenScore } from './pull-request.ts';
export { fileExtension, treeSitterLanguage } from './language.ts';
export { isTestFile } from './test-files.ts';
export { TOKEN_TABLES, type TokenTables } from './tables.ts';
export type { Grammars, SyntaxCursor, SyntaxTree } from './syntax-tree.ts';
export type { Breakdown } from './tree-diff.ts';

/**
 * Token-scoring constants that the Gittensor validator keeps in code rather than in
 * its weight files: `gittensor/constants.py` (and `FileChange` in
 * `gittensor/classes.py` for the extensionless names), repository
 * `entrius/gittensor`. The weight tables themselves are data: `weights/`.
 */

/** Files whose head content is larger than this, in UTF-8 bytes, score 0 (1 MB, decimal). */
export const MAX_FILE_SIZE_BYTES = 1_000_000;

/** A test file's score is multiplied by this. */
export const TEST_FILE_CONTRIBUTION_WEIGHT = 0.05;

/** Language weight of a non-code extension missing from `programming_languages.json`. */
export const DEFAULT_PROGRAMMING_LANGUAGE_WEIGHT = 0.12;

/** Language weight of a parsed file whose extension has no entry (cannot happen with the shipped table). */
export const DEFAULT_CODE_LANGUAGE_WEIGHT = 1.0;

/** Non-code files score language weight × min(changes, this). */
export const MAX_LINES_SCORED_FOR_NON_CODE_EXT = 300;

/** Documentation, configuration and data: scored by changed lines, never parsed. */
export const NON_CODE_EXTENSIONS: ReadonlySet<string> = new Set([
  'md', 'mdx', 'markdown', 'txt', 'text', 'tex', 'rst', 'adoc', 'asciidoc', 'json', 'jsonc', 'yaml', 'yml',
  'toml', 'xml', 'csv', 'tsv', 'ini', 'cfg', 'conf', 'config', 'properties', 'plist', 'erb',
]);

/** File names without a dot that still name a language (`Dockerfile`, `Makefile`), lower case. */
export const EXTENSIONLESS_FILE_EXTENSIONS: ReadonlySet<string> = new Set(['dockerfile', 'makefile']);

/** Comment nodes: skipped with everything under them. */
export const COMMENT_NODE_TYPES: ReadonlySet<string> = new Set([
  'comment', 'line_comment', 'block_comment', 'documentation_comment', 'doc_comment',
]);

/** Extensions whose source files may hold inline test blocks (Rust `#[cfg(test)]`, Zig `test {}`, D `unittest`). */
export const INLINE_TEST_EXTENSIONS: ReadonlySet<string> = new Set(['rs', 'zig', 'd']);

/**
 * The line that opens an inline test block, per extension. The validator's Python
 * patterns are compiled with MULTILINE and used both to search a whole file and to
 * match one line at its start; `^` with the `m` flag does both here.
 */
export const INLINE_TEST_PATTERNS: Readonly<Record<string, RegExp>> = {
  rs: /^[ \t]*(?:#\[(?:cfg\()?test\b|#!\[cfg\(test\)\]|#\[\w+::test\b)/m,
  zig: /^[ \t]*test\b[ \t]*[{"]/m,
  d: /^[ \t]*unittest\b/m,
};

/** `#![cfg(test)]` at the top of a Rust file makes the whole file a test module. */
export const INNER_CFG_TEST = /^\s*#!\[cfg\(test\)\]/m;

/** A parse that runs longer than this is abandoned (the validator's 2 s `TREE_SITTER_PARSE_TIMEOUT_MICROS`). */
export const PARSE_TIMEOUT_MS = 2_000;

/**
 * Which language a changed file is, from its path alone, as the validator decides
 * it (`FileChange._calculate_file_extension`, `TokenConfig.get_language` and
 * `supports_tree_sitter` in `entrius/gittensor`).
 */
import { EXTENSIONLESS_FILE_EXTENSIONS, NON_CODE_EXTENSIONS } from './constants.ts';
import type { LanguageEntry, TokenTables } from './tables.ts';

/** The text after the basename's last dot, lower case; `dockerfile`/`makefile` for those names; else ''. */
export function fileExtension(path: string): string {
  const basename = path.slice(path.lastIndexOf('/') + 1);
  const dot = basename.lastIndexOf('.');
  if (dot >= 0) return basename.slice(dot + 1).toLowerCase();
  const lower = basename.toLowerCase();
  return EXTENSIONLESS_FILE_EXTENSIONS.has(lower) ? lower : '';
}

export function isNonCodeExtension(extension: string): boolean {
  return NON_CODE_EXTENSIONS.has(extension);
}

export function languageEntry(tables: TokenTables, extension: string): LanguageEntry | null {
  return tables.languages.get(extension) ?? null;
}

/** The grammar a file is parsed with; null for non-code extensions and extensions the validator does not parse. */
export function treeSitterLanguage(tables: TokenTables, extension: string): string | null {
  if (!extension || isNonCodeExtension(extension)) return null;
  return languageEntry(tables, extension)?.language ?? null;
}

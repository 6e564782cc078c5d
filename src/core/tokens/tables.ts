/**
 * The validator's weight tables (`weights/`, copied from `entrius/gittensor`; the
 * commits are in `weights/README.md`), read once and typed.
 */
import languagesJson from './weights/programming_languages.json' with { type: 'json' };
import weightsJson from './weights/token_weights.json' with { type: 'json' };

export interface LanguageEntry {
  /** The language weight a file's score is multiplied by. */
  weight: number;
  /** The tree-sitter grammar the validator parses the extension with; null when it does not parse it. */
  language: string | null;
}

export interface TokenTables {
  structural: ReadonlyMap<string, number>;
  leaf: ReadonlyMap<string, number>;
  languages: ReadonlyMap<string, LanguageEntry>;
}

function numberMap(record: Record<string, number>): Map<string, number> {
  return new Map(Object.entries(record).map(([k, v]) => [k, Number(v)]));
}

function languageMap(record: Record<string, { weight?: number; language?: string }>): Map<string, LanguageEntry> {
  // The validator's loader: a missing weight is 1.0, a missing language means "not parsed".
  return new Map(
    Object.entries(record).map(([ext, v]) => [ext, { weight: Number(v.weight ?? 1), language: v.language ?? null }]),
  );
}

export const TOKEN_TABLES: TokenTables = Object.freeze({
  structural: numberMap(weightsJson.structural_bonus),
  leaf: numberMap(weightsJson.leaf_tokens),
  languages: languageMap(languagesJson),
});

export function structuralWeight(tables: TokenTables, nodeType: string): number {
  return tables.structural.get(nodeType) ?? 0;
}

export function leafWeight(tables: TokenTables, nodeType: string): number {
  return tables.leaf.get(nodeType) ?? 0;
}

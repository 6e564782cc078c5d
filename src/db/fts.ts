import { HubError } from '../core/errors.ts';

/** More words than this make a query whose cost is hard to bound; GitHub's own search has similar limits. */
export const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 100;

/**
 * Turns what a user typed into a safe SQLite FTS5 query: every word (or
 * "quoted phrase") becomes one quoted FTS5 string, all of them required.
 * Inside quotes FTS5 reads only text to tokenize, so operators (AND, OR, NOT,
 * NEAR, `*`, `^`, `column:`, parentheses) and SQL-looking text are plain words
 * and can never make MATCH fail. Prefix searches are not offered: a short prefix
 * would expand to thousands of terms.
 *
 * Returns null when the text holds no searchable word (only punctuation, say):
 * such a query matches nothing.
 */
export function toFtsQuery(text: string): string | null {
  // Control characters and unpaired surrogates are never part of a word.
  const clean = text.normalize('NFKC').replace(/[\p{Cc}\p{Cs}\p{Co}]/gu, ' ');
  const terms: string[] = [];
  for (const m of clean.matchAll(/"([^"]*)"?|([^\s"]+)/g)) {
    const term = (m[1] ?? m[2] ?? '').trim().slice(0, MAX_TERM_LENGTH);
    // A term without a letter or digit tokenizes to nothing and would match nothing.
    if (!/[\p{L}\p{N}]/u.test(term)) continue;
    terms.push(`"${term.replaceAll('"', '""')}"`);
  }
  if (terms.length > MAX_TERMS) {
    throw new HubError(400, 'query_too_long', `Use at most ${MAX_TERMS} words or phrases (got ${terms.length})`);
  }
  return terms.length === 0 ? null : [...new Set(terms)].join(' ');
}

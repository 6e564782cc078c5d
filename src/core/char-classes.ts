/**
 * Character codes and classes used by the closing-reference scanner.
 */

export const TAB = 9, LF = 10, CR = 13, SPACE = 32, QUOTE = 34, HASH = 35, AMP = 38, APOS = 39;
export const LPAREN = 40, RPAREN = 41, STAR = 42, PLUS = 43, COMMA = 44, DASH = 45, DOT = 46, SLASH = 47;
export const COLON = 58, LT = 60, GT = 62, QUESTION = 63, AT = 64, LBRACKET = 91, RBRACKET = 93, UNDERSCORE = 95;
export const BACKTICK = 96, LBRACE = 123, PIPE = 124, RBRACE = 125, TILDE = 126;

// Character classes. Word characters follow Unicode (letters, marks, numbers and
// "_"), so "éfixes #1" is one word; owner, repository and host names are ASCII.

const UNICODE_WORD = /^[\p{L}\p{M}\p{N}]$/u;

function isWordCodePoint(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === UNDERSCORE;
  return UNICODE_WORD.test(String.fromCodePoint(cp));
}

/** Length (1 or 2 code units) of the word character starting at i, or 0. */
export function wordCharAt(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (Number.isNaN(c)) return 0;
  if (c >= 0xd800 && c <= 0xdbff) {
    const lo = t.charCodeAt(i + 1);
    if (lo >= 0xdc00 && lo <= 0xdfff) return isWordCodePoint((c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000) ? 2 : 0;
  }
  return isWordCodePoint(c) ? 1 : 0;
}

/** Length of the word character ending just before i, or 0. */
export function wordCharBefore(t: string, i: number): number {
  if (i <= 0) return 0;
  const c = t.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const hi = t.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return isWordCodePoint((hi - 0xd800) * 0x400 + (c - 0xdc00) + 0x10000) ? 2 : 0;
  }
  return isWordCodePoint(c) ? 1 : 0;
}

export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isAsciiAlnum = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isOwnerChar = (c: number) => isAsciiAlnum(c) || c === DASH;
export const isRepoChar = (c: number) => isAsciiAlnum(c) || c === DASH || c === DOT || c === UNDERSCORE;
export const isHostChar = (c: number) => isAsciiAlnum(c) || c === DASH || c === DOT;
// GitHub is written in Ruby, whose \s is ASCII-only: a no-break space does not separate.
export const isAsciiSpace = (c: number) => c === SPACE || (c >= TAB && c <= CR);
export const isUnicodeSpace = (c: number) =>
  c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;

export function isUrlTerminator(c: number): boolean {
  return (
    Number.isNaN(c) || c <= SPACE || isUnicodeSpace(c) || c === LT || c === GT || c === QUOTE || c === APOS || c === BACKTICK ||
    c === LPAREN || c === RPAREN || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE || c === PIPE
  );
}


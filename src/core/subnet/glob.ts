import picomatch from 'picomatch';

/**
 * Glob patterns as the validator reads them, with Python's `fnmatch`: `*` matches
 * anything (slashes included), `?` one character, `[abc]`, `[a-z]`, `[!abc]`; braces,
 * extglobs and a leading `!` are plain text. picomatch in bash mode (a single star
 * crosses slashes) with braces, extglobs and negation switched off behaves so.
 * Known differences, none used by the master list: picomatch's `?` and `[…]` never
 * match `/`, a backslash escapes, and `[^…]` negates (fnmatch reads `^` literally).
 */
const BASE: picomatch.PicomatchOptions = { bash: true, dot: true, nobrace: true, noextglob: true, nonegate: true, posix: true };

export type Matcher = (value: string) => boolean;

const never: Matcher = () => false;

/**
 * Labels compare lower-cased on both sides (the validator lowers both before
 * `fnmatch`); branch names compare case-sensitively, as `fnmatch.fnmatch` does on the
 * validator's Linux hosts.
 */
export function compileGlob(pattern: string, options: { nocase: boolean }): Matcher {
  return picomatch(pattern, { ...BASE, nocase: options.nocase });
}

export function compileGlobs(patterns: readonly string[], options: { nocase: boolean }): Matcher {
  const matchers = patterns.map((p) => compileGlob(p, options));
  if (matchers.length === 0) return never;
  return (value) => {
    for (const m of matchers) if (m(value)) return true;
    return false;
  };
}

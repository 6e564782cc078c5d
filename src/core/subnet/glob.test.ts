import { describe, expect, it } from 'vitest';
import { compileGlob } from './glob.ts';

// Expected values are Python's fnmatch.fnmatch(name, pattern) (the validator lowers
// both sides for labels; branches compare as they are).
describe('compileGlob behaves like fnmatch on the cases the master list uses', () => {
  it.each([
    ['kind/*', 'kind/bug', true],
    ['*', 'a/b', true], // a star crosses slashes
    ['release/*', 'release/1/2', true],
    ['*-dev', '3.0-dev', true],
    ['eval:*', 'eval:high', true],
    ['eval:*', 'eval:', true], // a star matches nothing too
    ['eval:?', 'eval:a', true],
    ['eval:?', 'eval:ab', false],
    ['[abc]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['[!abc]x', 'dx', true],
    ['[!abc]x', 'ax', false],
    ['{a,b}', '{a,b}', true], // no brace expansion
    ['{a,b}', 'a', false],
    ['+(a)', '+(a)', true], // no extglobs
    ['!(a)', '!(a)', true], // no negation
    ['!(a)', 'b', false],
    ['*', '.hidden', true], // dots are not special
    ['a[', 'a[', true], // an unclosed bracket is literal
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(compileGlob(pattern, { nocase: false })(name)).toBe(expected);
  });

  it('compares labels case-insensitively and branches case-sensitively', () => {
    expect(compileGlob('eval:*', { nocase: true })('EVAL:High')).toBe(true);
    expect(compileGlob('Main', { nocase: false })('main')).toBe(false);
  });

  it('differs from fnmatch on `?` against a slash (documented in docs/scoring.md)', () => {
    // fnmatch('/', '?') is True; picomatch never lets `?` match a path separator.
    expect(compileGlob('?', { nocase: false })('/')).toBe(false);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { closingRefs } from './closing-refs.ts';

/**
 * The fast path's work, counted without a clock: every native string search it makes
 * (indexOf, includes) is charged the characters it may visit, from its start to what
 * it found (or to the end of the text when it found nothing). Hostile bodies that ask
 * many questions inside one unclosed region must not pay a search of the rest of the
 * text per question: the total stays a small multiple of the text's length.
 */
const SEARCHED_PER_CHAR = 40;

function searchedChars(body: string): number {
  let charged = 0;
  const indexOf = String.prototype.indexOf;
  const includes = String.prototype.includes;
  vi.spyOn(String.prototype, 'indexOf').mockImplementation(function (this: string, needle: string, from?: number) {
    const start = Math.max(0, from ?? 0);
    const at = indexOf.call(this, needle, from);
    charged += (at === -1 ? this.length : at) - start;
    return at;
  });
  vi.spyOn(String.prototype, 'includes').mockImplementation(function (this: string, needle: string, from?: number) {
    const at = indexOf.call(this, needle, from);
    charged += (at === -1 ? this.length : at) - Math.max(0, from ?? 0);
    return includes.call(this, needle, from);
  });
  try {
    closingRefs({ repo: 'o/r', body });
  } finally {
    vi.restoreAllMocks();
  }
  return charged;
}

afterEach(() => vi.restoreAllMocks());

describe('closing references: the fast path searches a bounded multiple of the text', () => {
  // Each repeats a question (a keyword and a reference) inside, beside or after a
  // region that never closes or closes far away.
  const hostile = [
    '<!--\nfixes #1\n', // an unclosed comment: every reference in it
    '```\nfixes #1\n', // an unclosed backtick fence
    '~~~\nfixes #1\n', // an unclosed tilde fence
    ' - ~~~\nfixes #1\n', // a fence in a list item
    '``a` Fixes #1\n', // spans that never close on their line
    '`a` Fixes #1\n', // spans closed on their line
    '<!-- a -->Fixes #1 ', // closed comments on one long line
    'Fixes #1 `x\n', // a backtick after each reference
    'Fixes #1\r\n<!--\r\n', // "\r" that needs the lookup
    'GH-1 fixes https://github.com/o/r/issues/1 \n',
    // The GH- search looks for "h-" and "H-" apart: where one of them never comes, the
    // search for it must not start again from each stop of the other.
    'th-1 gh-x\n',
    'TH-1 GH-x\n',
    'fixes gh-1 GH-2 - -- ', // GH- references, and hyphens that are not
  ];
  it.each(hostile)('%j repeated 5,000 times', (unit) => {
    const body = unit.repeat(5_000);
    expect(searchedChars(body)).toBeLessThanOrEqual(SEARCHED_PER_CHAR * body.length);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeRegions, FENCED, HTML_COMMENT, INLINE_CODE, lazyRegions, PROSE } from './markdown-regions.ts';
import { ProseHints, UNKNOWN } from './markdown-prose-hints.ts';

// Pieces that make fences, code spans, comments, blank lines and list or quote markers.
const PIECES = [
  'a', 'word ', ' ', '  ', '\t', '\n', '\n\n', '\n  \n', '\r\n', '\r', '`', '``', '```', '````', '~~~', '~~~~', '```js', '``` x `y`',
  '<!--', '-->', '<!-->', '<!--->', '<', '!', '-', '- ', '> ', '1. ', '1234567890. ', '   ', '#1', 'é', '🐛',
];
const markdownish = fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }).map((p) => p.join(''));
// Whole lines: fences open and close far more often than in a random mix of pieces.
const FENCE_LINES = ['```', '````', '~~~', '~~~~', '```js', '  ```', '- ```', '> ~~~', '1. ```', '``` x `y`', '```  ', '~~~ ~'];
const line = fc.oneof(
  fc.constantFrom(...FENCE_LINES, '', '  ', '\t'),
  fc.array(fc.constantFrom(...PIECES.filter((p) => !/[\r\n]/.test(p))), { maxLength: 8 }).map((p) => p.join('')),
);
const lines = fc.tuple(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n')).map(([ls, br]) => ls.join(br));
const anyText = fc.oneof(markdownish, lines, lines, fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }));

describe('lazyRegions', () => {
  it('answers every offset as codeRegions does, asked in order', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const mask = codeRegions(text);
        const lazy = lazyRegions(text);
        for (let i = 0; i < text.length; i++) expect(lazy.at(i), `offset ${i} of ${JSON.stringify(text)}`).toBe(mask[i]);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers as codeRegions does whatever order the offsets are asked in', () => {
    fc.assert(
      fc.property(anyText, fc.array(fc.nat(), { maxLength: 30 }), (text, picks) => {
        const mask = codeRegions(text);
        const lazy = lazyRegions(text);
        for (const pick of picks) {
          if (text.length === 0) break;
          const i = pick % text.length;
          expect(lazy.at(i), `offset ${i} of ${JSON.stringify(text)}`).toBe(mask[i]);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees on long hostile texts, including one whose unmatched openers exhaust its search budget', () => {
    // Backtick runs of 200 different lengths in one paragraph: none has a closer.
    const distinct = Array.from({ length: 200 }, (_, k) => `${'`'.repeat(k + 1)}a`).join('');
    for (const text of [distinct, ...['` `` ``` ', '`a\n\n', '```\n', '<!--', '` ``\n'].map((u) => u.repeat(3000))]) {
      const mask = codeRegions(text);
      const lazy = lazyRegions(text);
      for (let i = 0; i < text.length; i += 7) expect(lazy.at(i)).toBe(mask[i]);
    }
  });
});

// Descriptions as templates shape them: a comment or prose first, code spans closed on
// their line, fenced blocks, and the line breaks of every platform.
const OPENERS = ['<!-- template -->', '<!--\nmulti\n-->', '<!-->', '<!-- `x` ``` -->', '', 'Summary', '    indented', '\tindented'];
const PROSE_LINES = ['Fixes #1', 'see `a` and `b`', 'a ``b ` c`` d', '`open', 'x ` y', '``` x `y`', 'a ~~~ b', '~~~~ ~', '- ~~~', '  > ```', '1. ```js', '```', '~~~', '````', '', '  ', 'text <!-- c --> `d`', '`<!--` x', 'é `🐛`'];
const templated = fc
  .tuple(fc.constantFrom(...OPENERS), fc.array(fc.constantFrom(...PROSE_LINES), { maxLength: 25 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([first, ls, br]) => [first, ...ls].join(br).replaceAll('\n', br));
const hintText = fc.oneof(anyText, templated, templated);

describe('ProseHints', () => {
  it('answers, when it answers, as codeRegions does, for offsets asked in increasing order', () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(hintText, fc.array(fc.nat(), { maxLength: 12 }), (text, picks) => {
        const mask = codeRegions(text);
        const hints = new ProseHints(text);
        const offsets = text.length === 0 ? [] : [...new Set(picks.map((p) => p % text.length))].sort((a, b) => a - b);
        for (const i of offsets) {
          const hint = hints.at(i);
          if (hint === UNKNOWN) continue;
          seen.add(hint);
          expect(hint, `offset ${i} of ${JSON.stringify(text)}`).toBe(mask[i]);
        }
      }),
      { numRuns: 4000 },
    );
    // The generators reach every answer, so none of them goes untested.
    expect([...seen].sort()).toEqual([PROSE, FENCED, INLINE_CODE, HTML_COMMENT].sort());
  });

  it('answers every offset of a text in order as codeRegions does, or not at all', () => {
    fc.assert(
      fc.property(hintText, (text) => {
        const mask = codeRegions(text);
        const hints = new ProseHints(text);
        for (let i = 0; i < text.length; i++) {
          const hint = hints.at(i);
          if (hint !== UNKNOWN) expect(hint, `offset ${i} of ${JSON.stringify(text)}`).toBe(mask[i]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('answers the plain cases without the lookup', () => {
    // Worked by hand: offsets of "#1" after a closed comment, a closed span, a closed fence, in any line breaks.
    for (const br of ['\n', '\r\n', '\r']) {
      const text = ['<!-- a -->', 'see `x` here', '```', 'code #2', '```', 'Fixes #1', 'a ~~~ b', 'a `b'].join(br);
      const hints = new ProseHints(text);
      expect(hints.at(text.indexOf('a -->'))).toBe(HTML_COMMENT);
      expect(hints.at(text.indexOf('x`'))).toBe(INLINE_CODE);
      expect(hints.at(text.indexOf('here'))).toBe(PROSE);
      expect(hints.at(text.indexOf('#2'))).toBe(FENCED);
      expect(hints.at(text.indexOf('#1'))).toBe(PROSE);
      expect(hints.at(text.indexOf('~~~ b'))).toBe(PROSE);
      // "a `b" has no closer on its line: only the lookup can tell.
      expect(hints.at(text.indexOf('b', text.indexOf('a `b')))).toBe(UNKNOWN);
      // Behind an offset already answered.
      expect(hints.at(0)).toBe(UNKNOWN);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeRegions, lazyRegions } from './markdown-regions.ts';

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

import { describe, expect, it } from 'vitest';
import { codeRegions, FENCED, HTML_COMMENT, INLINE_CODE, PROSE, type StepMeter } from './markdown-regions.ts';

const KIND_LETTER: Record<number, string> = { [PROSE]: '.', [FENCED]: 'F', [INLINE_CODE]: 'I', [HTML_COMMENT]: 'C' };

/** One letter per code unit: a picture of the mask that reads next to the input. */
function picture(text: string): string {
  return [...codeRegions(text)].map((k) => KIND_LETTER[k] ?? '?').join('');
}

/** The region kind of the first occurrence of `needle`. */
function kindAt(text: string, needle: string): number | undefined {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in ${text}`);
  return codeRegions(text)[at];
}

describe('codeRegions', () => {
  it('leaves plain prose alone', () => {
    expect(picture('Fixes #1')).toBe('........');
    expect(codeRegions('')).toHaveLength(0);
  });

  it('marks inline code spans, delimiters included', () => {
    expect(picture('a `b` c')).toBe('..III..');
    expect(picture('a ``x ` y`` z')).toBe('..IIIIIIIII..');
  });

  it('treats an unmatched backtick run as literal text', () => {
    expect(picture('a ` b')).toBe('.....');
    expect(picture('a `` b `')).toBe('........');
  });

  it('ends a code span at a blank line', () => {
    const text = 'a `b\n\nc` #1';
    expect(kindAt(text, '#1')).toBe(PROSE);
    expect(kindAt(text, 'b')).toBe(PROSE);
  });

  it('lets a code span cross a single line break', () => {
    expect(kindAt('a `b\nc #1` d', '#1')).toBe(INLINE_CODE);
  });

  it('marks fenced code with backticks or tildes, fences included', () => {
    const text = 'x\n```js\nfixes #1\n```\nfixes #2';
    expect(kindAt(text, '```js')).toBe(FENCED);
    expect(kindAt(text, '#1')).toBe(FENCED);
    expect(kindAt(text, '#2')).toBe(PROSE);
    expect(kindAt('~~~\n#1\n~~~\n#2', '#1')).toBe(FENCED);
    expect(kindAt('~~~\n#1\n~~~\n#2', '#2')).toBe(PROSE);
  });

  it('closes a fence only with the same character, at least as long, followed by spaces only', () => {
    expect(kindAt('````\n```\n#1\n````\n#2', '#1')).toBe(FENCED);
    expect(kindAt('````\n```\n#1\n````\n#2', '#2')).toBe(PROSE);
    expect(kindAt('```\n~~~\n#1', '#1')).toBe(FENCED);
    expect(kindAt('```\n``` x\n#1', '#1')).toBe(FENCED);
  });

  it('runs an unclosed fence to the end of the text', () => {
    expect(kindAt('```\nfixes #1\n\n\nfixes #2', '#2')).toBe(FENCED);
  });

  it('opens fences inside block quotes and list items', () => {
    expect(kindAt('> ```\n> #1\n> ```\n#2', '#1')).toBe(FENCED);
    expect(kindAt('- ```\n  #1\n  ```\n#2', '#2')).toBe(PROSE);
    expect(kindAt('1. ```\n#1', '#1')).toBe(FENCED);
  });

  it('does not take a backtick line with a backtick in its info string for a fence', () => {
    const text = '```js `x`\n#1';
    expect(kindAt(text, '#1')).toBe(PROSE);
    expect(kindAt(text, '`x`')).toBe(INLINE_CODE);
  });

  it('does not open a fence in the middle of a line', () => {
    expect(kindAt('text ```\n#1', '#1')).toBe(PROSE);
  });

  it('marks HTML comments, unclosed ones to the end', () => {
    expect(picture('a <!-- b --> c')).toBe('..CCCCCCCCCC..');
    expect(kindAt('a <!-- b\n\nfixes #1', '#1')).toBe(HTML_COMMENT);
    expect(picture('<!-->x')).toBe('CCCCC.');
    expect(picture('<!--->x')).toBe('CCCCCC.');
  });

  it('takes whichever of a code span and a comment starts first', () => {
    expect(kindAt('`<!--` #1', '#1')).toBe(PROSE);
    expect(kindAt('<!-- `x --> #1 `', '#1')).toBe(PROSE);
  });

  it('knows Windows and old Mac line endings', () => {
    expect(kindAt('```\r\n#1\r\n```\r\n#2', '#1')).toBe(FENCED);
    expect(kindAt('```\r\n#1\r\n```\r\n#2', '#2')).toBe(PROSE);
    expect(kindAt('```\r#1\r```\r#2', '#2')).toBe(PROSE);
  });

  it('visits a bounded number of characters per input character on hostile input', () => {
    const patterns = ['`', '` ``', '```\n', '<!--', '- > 1. ```x\n', '\n\n`a'];
    for (const p of patterns) {
      const text = p.repeat(Math.ceil(100_000 / p.length));
      const meter: StepMeter = { steps: 0 };
      codeRegions(text, meter);
      expect(meter.steps / text.length, JSON.stringify(p)).toBeLessThan(12);
    }
  });
});

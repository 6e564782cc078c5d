import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from './csv.ts';

describe('CSV fields', () => {
  it('quotes fields with commas, quotes, CR or LF, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' edge')).toBe('" edge"');
  });

  it('guards text a spreadsheet would run as a formula, but not numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@me')).toBe("'@me");
    expect(csvField(-1.5)).toBe('-1.5');
  });

  it('writes empty fields for null and non-finite numbers, and CRLF records', () => {
    expect(csvRecord([1, null, undefined, Number.NaN, true, 'x'])).toBe('1,,,,true,x\r\n');
  });
});

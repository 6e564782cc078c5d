import { describe, expect, it } from 'vitest';
import { formatPay, pct, progress } from './pay-format.ts';

describe('pay figures', () => {
  const p = { share: 0.17084944, alpha: 1230.116, tao: 12.3012, usd: 4920.46 };
  it('formats each unit', () => {
    expect(formatPay(p, 'usd')).toBe('$4,920.46/day');
    expect(formatPay(p, 'tao')).toBe('12.3012 TAO/day');
    expect(formatPay(p, 'alpha')).toBe('1,230.12 α/day');
    // 0.17084944 × 100 = 17.084944 → 17.0849 %
    expect(formatPay(p, 'share')).toBe('17.0849 % of emission');
  });
  it('says "price unknown" where a price is missing, never a number', () => {
    const unknown = { share: 0.1, alpha: 720, tao: null, usd: null };
    expect(formatPay(unknown, 'usd')).toBe('price unknown');
    expect(formatPay(unknown, 'tao')).toBe('price unknown');
    expect(formatPay(unknown, 'alpha')).toBe('720 α/day');
  });
  it('progress is value ÷ threshold, within 0 and 1', () => {
    expect(progress(2, 3)).toBeCloseTo(0.6667, 4);
    expect(progress(5, 3)).toBe(1);
    expect(progress(1, 0)).toBe(1);
    expect(pct(0.9492)).toBe('94.92 %');
    expect(pct(null)).toBe('—');
  });
});

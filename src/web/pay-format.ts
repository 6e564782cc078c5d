/**
 * The miner view's figures in words: a pay point in the chosen unit, or "price unknown"
 * where the price that converts it is not known (never a made-up number).
 */
import type { PayUnit } from './url-state.ts';

export interface PayFigures {
  share: number;
  alpha: number | null;
  tao: number | null;
  usd: number | null;
}

export const UNIT_WORDS: Record<PayUnit, string> = { usd: 'dollars', tao: 'TAO', alpha: 'alpha', share: 'share of emission' };

export const PRICE_UNKNOWN = 'price unknown';

/** The value in the unit, or null when its price is unknown. */
export function payValue(p: PayFigures, unit: PayUnit): number | null {
  return unit === 'share' ? p.share * 100 : p[unit];
}

export function formatPay(p: PayFigures, unit: PayUnit): string {
  const v = payValue(p, unit);
  if (v === null) return PRICE_UNKNOWN;
  switch (unit) {
    case 'usd':
      return `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}/day`;
    case 'tao':
      return `${v.toLocaleString('en-US', { maximumFractionDigits: 4 })} TAO/day`;
    case 'alpha':
      return `${v.toLocaleString('en-US', { maximumFractionDigits: 2 })} α/day`;
    case 'share':
      return `${v.toLocaleString('en-US', { maximumFractionDigits: 4 })} % of emission`;
  }
}

/** "2 of 3 merged" style progress, with the fraction a meter shows (capped at 1). */
export function progress(value: number, threshold: number): number {
  if (threshold <= 0) return 1;
  return Math.max(0, Math.min(1, value / threshold));
}

export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`);

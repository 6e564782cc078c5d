import type { Money } from './api/types.ts';

/**
 * How the pay views write amounts, durations and rates. Dollars where prices are
 * known, else TAO, else alpha, else the share of the miners' pool: the best unit
 * the hub has, with the others in the tooltip.
 */
export function moneyText(m: Money | null | undefined): string {
  if (!m) return '—';
  if (m.usd_per_day !== null) return `$${compact(m.usd_per_day)}/day`;
  if (m.tao_per_day !== null) return `${compact(m.tao_per_day)} τ/day`;
  if (m.alpha_per_day !== null) return `${compact(m.alpha_per_day)} α/day`;
  return `${percent(m.pool_percent)} of pool`;
}

export function moneyTitle(m: Money | null | undefined): string {
  if (!m) return 'Not split yet: the scoring job computes the split after its first run';
  const parts = [`${percent(m.pool_percent)} of the miners’ pool`];
  if (m.alpha_per_day !== null) parts.push(`${compact(m.alpha_per_day)} alpha/day`);
  if (m.tao_per_day !== null) parts.push(`${compact(m.tao_per_day)} TAO/day`);
  if (m.usd_per_day !== null) parts.push(`$${compact(m.usd_per_day)}/day`);
  if (m.reason) parts.push(`Amounts missing: ${m.reason}`);
  return parts.join(' · ');
}

export function compact(n: number): string {
  const a = Math.abs(n);
  if (a === 0) return '0';
  if (a >= 1000) return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(a >= 1 ? 2 : 3);
}

export function percent(p: number): string {
  return `${p >= 10 ? p.toFixed(1) : p.toFixed(2)} %`;
}

export function rateText(r: number | null): string {
  return r === null ? '—' : `${Math.round(r * 100)} %`;
}

/** 3 d 4 h, 5 h 10 min, 40 min; '—' when nothing was measured. */
export function durationText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 && h < 10 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** Sorting order of the pay views: unmeasured values (null) after every measured one, whichever the direction. */
export function compareValues(x: number | string | null, y: number | string | null, sign: number): number {
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  return (x < y ? -1 : x > y ? 1 : 0) * sign;
}

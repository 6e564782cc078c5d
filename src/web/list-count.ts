/**
 * How many items a list holds, in words, for the line above it. The API's
 * `total_count` is exact when it is known; when it is not (filters it does not
 * count), a first page with nothing after it is still an exact count, and a
 * longer list says "more than" its first page. Later pages of such a list say
 * nothing rather than guess.
 */
const fmt = new Intl.NumberFormat('en');

export interface ListCountInput {
  total: number | null;
  /** Items on the page shown. */
  shown: number;
  /** The page shown is the first (no cursor). */
  first: boolean;
  /** Another page follows. */
  more: boolean;
}

export function listCount(p: ListCountInput, noun: { one: string; many: string }): string | null {
  const n = (k: number) => `${fmt.format(k)} ${k === 1 ? noun.one : noun.many}`;
  if (p.total !== null) return n(p.total);
  if (!p.first) return null;
  return p.more ? `More than ${n(p.shown)}` : n(p.shown);
}

/**
 * Ordered listing with GitHub's two pagination styles: offset pages (`page=`)
 * and opaque `after=` cursors. A cursor holds the last item's sort key and
 * index, so resuming is a binary search and stays correct while items move.
 */
import type { ItemStore } from './store.ts';
import type { RepoState, World } from './world.ts';

export type SortField = 'created' | 'updated' | 'comments' | 'long-running';

export interface Cursor {
  key: number;
  index: number;
}

function keyFn(s: ItemStore, sort: SortField): (i: number) => number {
  switch (sort) {
    case 'created':
      return (i) => s.created[i]!;
    case 'updated':
      return (i) => s.updated[i]!;
    case 'comments':
      return (i) => s.comments[i]!;
    case 'long-running':
      // GitHub ranks by how long a PR has been around; updated − created keeps it independent of the clock.
      return (i) => s.updated[i]! - s.created[i]!;
  }
}

/** Item indices in ascending (key, index) order, rebuilt when the repository changes. */
export function sortedIndex(world: World, state: RepoState, sort: SortField): Int32Array {
  return world.cached(state, `order:${sort}`, () => {
    const s = state.items;
    const key = keyFn(s, sort);
    const idx = new Int32Array(s.count);
    for (let i = 0; i < s.count; i++) idx[i] = i;
    return idx.sort((a, b) => key(a) - key(b) || a - b);
  });
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`cursor:v2:${c.key}:${c.index}`).toString('base64');
}

export function decodeCursor(raw: string): Cursor | null {
  const m = /^cursor:v2:(\d+):(\d+)$/.exec(Buffer.from(raw, 'base64').toString('utf8'));
  return m ? { key: Number(m[1]), index: Number(m[2]) } : null;
}

export interface PageRequest {
  sort: SortField;
  direction: 'asc' | 'desc';
  perPage: number;
  filter: (i: number) => boolean;
  after?: Cursor;
  /** Matching items to skip (offset pagination). */
  offset?: number;
}

export interface PageResult {
  items: number[];
  /** Cursor after the last item, when more items follow. */
  next: Cursor | null;
}

/** First position whose (key, index) is after the cursor, or at/after it when `inclusive`. */
function bound(order: Int32Array, key: (i: number) => number, c: Cursor, inclusive: boolean): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const i = order[mid]!;
    const k = key(i);
    const before = k < c.key || (k === c.key && (inclusive ? i < c.index : i <= c.index));
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function listPage(world: World, state: RepoState, req: PageRequest): PageResult {
  const order = sortedIndex(world, state, req.sort);
  const key = keyFn(state.items, req.sort);
  const asc = req.direction === 'asc';
  let pos: number;
  if (req.after) {
    // Ascending resumes strictly after the cursor, descending strictly before it.
    pos = asc ? bound(order, key, req.after, false) : bound(order, key, req.after, true) - 1;
  } else {
    pos = asc ? 0 : order.length - 1;
  }
  const step = asc ? 1 : -1;
  let skip = req.offset ?? 0;
  const items: number[] = [];
  let more = false;
  for (; pos >= 0 && pos < order.length; pos += step) {
    const i = order[pos]!;
    if (!req.filter(i)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    if (items.length === req.perPage) {
      more = true;
      break;
    }
    items.push(i);
  }
  const last = items[items.length - 1];
  return { items, next: more && last !== undefined ? { key: key(last), index: last } : null };
}

export function countMatching(world: World, state: RepoState, filter: (i: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < state.items.count; i++) if (filter(i)) n++;
  return n;
}

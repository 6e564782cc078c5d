/**
 * Compact per-repository item state. A million items must fit well inside 1 GiB,
 * so every item is a row across typed arrays (about 32 bytes) and its title and
 * body are re-derived from (seed, origin, revision) when served, never stored.
 */

export const F_PR = 1;
export const F_OPEN = 2;
export const F_DRAFT = 4;
export const F_LOCKED = 8;
export const F_DELETED = 16;
export const F_TRANSFERRED = 32;
/** The head repository (a fork) was deleted: `head.repo` is null. */
export const F_HEAD_GONE = 64;
export const F_FROM_FORK = 128;

export const REASONS = [null, 'completed', 'not_planned', 'duplicate', 'reopened'] as const;
export type StateReason = (typeof REASONS)[number];

export function reasonCode(reason: StateReason): number {
  return REASONS.indexOf(reason);
}

export class ItemStore {
  count = 0;
  created: Uint32Array;
  updated: Uint32Array;
  closed: Uint32Array;
  merged: Uint32Array;
  flags: Uint16Array;
  reason: Uint8Array;
  author: Uint16Array;
  labels: Uint32Array;
  titleRev: Uint16Array;
  bodyRev: Uint16Array;
  comments: Uint16Array;
  base: Uint8Array;

  constructor(capacity: number) {
    const c = Math.max(8, capacity);
    this.created = new Uint32Array(c);
    this.updated = new Uint32Array(c);
    this.closed = new Uint32Array(c);
    this.merged = new Uint32Array(c);
    this.flags = new Uint16Array(c);
    this.reason = new Uint8Array(c);
    this.author = new Uint16Array(c);
    this.labels = new Uint32Array(c);
    this.titleRev = new Uint16Array(c);
    this.bodyRev = new Uint16Array(c);
    this.comments = new Uint16Array(c);
    this.base = new Uint8Array(c);
  }

  get capacity(): number {
    return this.created.length;
  }

  /** Appends a zeroed row and returns its index (number − 1). */
  append(): number {
    if (this.count === this.capacity) this.grow(Math.ceil(this.capacity * 1.5));
    return this.count++;
  }

  private grow(c: number): void {
    const g = <T extends Uint8Array | Uint16Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const n = make(c);
      n.set(a);
      return n;
    };
    this.created = g(this.created, (n) => new Uint32Array(n));
    this.updated = g(this.updated, (n) => new Uint32Array(n));
    this.closed = g(this.closed, (n) => new Uint32Array(n));
    this.merged = g(this.merged, (n) => new Uint32Array(n));
    this.flags = g(this.flags, (n) => new Uint16Array(n));
    this.reason = g(this.reason, (n) => new Uint8Array(n));
    this.author = g(this.author, (n) => new Uint16Array(n));
    this.labels = g(this.labels, (n) => new Uint32Array(n));
    this.titleRev = g(this.titleRev, (n) => new Uint16Array(n));
    this.bodyRev = g(this.bodyRev, (n) => new Uint16Array(n));
    this.comments = g(this.comments, (n) => new Uint16Array(n));
    this.base = g(this.base, (n) => new Uint8Array(n));
  }

  has(i: number, flag: number): boolean {
    return i >= 0 && i < this.count && (this.flags[i]! & flag) !== 0;
  }

  set(i: number, flag: number, on: boolean): void {
    this.flags[i] = on ? this.flags[i]! | flag : this.flags[i]! & ~flag;
  }

  isPr(i: number): boolean {
    return this.has(i, F_PR);
  }

  /** Visible in GitHub's lists and single-item GETs (not deleted, not moved away). */
  isLive(i: number): boolean {
    return i >= 0 && i < this.count && (this.flags[i]! & (F_DELETED | F_TRANSFERRED)) === 0;
  }

  bytes(): number {
    const c = this.capacity;
    return c * (4 * 4 + 2 + 1 + 2 + 4 + 2 + 2 + 2 + 1);
  }
}

/** One key for (repository index, number) in sparse maps: numbers stay below 2^24. */
export function itemKey(repoIndex: number, number: number): number {
  return repoIndex * 16_777_216 + number;
}

export function splitKey(key: number): { repoIndex: number; number: number } {
  return { repoIndex: Math.floor(key / 16_777_216), number: key % 16_777_216 };
}

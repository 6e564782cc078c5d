/**
 * Seeded randomness for the simulator.
 *
 * Why a tiny hand-written PRNG rather than a library: the simulator never replays
 * one long stream. It derives any item's text on demand from (seed, repository,
 * number, revision), so it needs a fast hash of a few integers plus a small
 * generator seeded from that hash. Both fit in a few lines, give the same output
 * on every Node version, and `Math.random` cannot be seeded at all.
 */

const GOLDEN = 0x9e3779b9;

/** splitmix32 finaliser: a good avalanche for 32-bit integers. */
function fmix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** Hashes a list of integers (any safe integer) into 32 bits. Order matters. */
export function mix32(...parts: number[]): number {
  let h = 0x6a09e667;
  for (const p of parts) {
    // Split so values above 2^32 (issue ids, timestamps in ms) still mix in fully.
    const lo = p >>> 0;
    const hi = Math.floor(p / 4294967296) >>> 0;
    h = fmix((h ^ lo) + GOLDEN);
    if (hi !== 0) h = fmix((h ^ hi) + GOLDEN);
  }
  return h;
}

/** FNV-1a over a string, for names and labels that feed the hash. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  next(): number {
    this.state = (this.state + GOLDEN) >>> 0;
    return fmix(this.state);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Picks by relative weight: `[[value, weight], …]`. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.float() * total;
    for (const [v, w] of entries) {
      r -= w;
      if (r < 0) return v;
    }
    return entries[entries.length - 1]![0];
  }

  /** Geometric-ish count: small values common, a long tail up to `max`. */
  skewed(max: number, bias = 3): number {
    return Math.floor(max * Math.pow(this.float(), bias));
  }
}

/** A generator whose stream depends only on the given integers. */
export function rngFor(...parts: number[]): Rng {
  return new Rng(mix32(...parts));
}

/** Deterministic 40-hex "sha" for commits and heads. */
export function fakeSha(...parts: number[]): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += mix32(...parts, i).toString(16).padStart(8, '0');
  return out;
}

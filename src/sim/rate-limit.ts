/**
 * GitHub's primary rate limits: a budget per token and resource that refills all
 * at once when its window ends. A window opens at the token's first request, as
 * on GitHub, and runs on real time so tests can wait for a 2-second window.
 */

export type Resource = 'core' | 'graphql' | 'search';

export interface LimitConfig {
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  core?: Partial<LimitConfig>;
  graphql?: Partial<LimitConfig>;
  search?: Partial<LimitConfig>;
  /**
   * Budget of REST requests without a token. Defaults to the core budget so
   * token-less tests are not surprised; set `{ limit: 60 }` for GitHub's figure.
   */
  anonymous?: Partial<LimitConfig>;
}

export interface Snapshot {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds when the window refills. */
  reset: number;
  resource: Resource;
}

interface Bucket {
  used: number;
  resetAtMs: number;
}

const HOUR = 3_600_000;
const DEFAULTS: Record<Resource, LimitConfig> = {
  core: { limit: 5000, windowMs: HOUR },
  graphql: { limit: 5000, windowMs: HOUR },
  search: { limit: 30, windowMs: 60_000 },
};

export const ANONYMOUS = 'anonymous';

export class RateLimiter {
  private readonly config: Record<Resource, LimitConfig>;
  private readonly anonymous: LimitConfig;
  private readonly buckets = new Map<string, Bucket>();
  /** Set by `exhaustAll`: buckets (even ones not yet seen) stay empty until then. */
  private readonly exhaustedUntil = new Map<Resource, number>();

  constructor(
    opts: RateLimitOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.config = {
      core: { ...DEFAULTS.core, ...opts.core },
      graphql: { ...DEFAULTS.graphql, ...opts.graphql },
      search: { ...DEFAULTS.search, ...opts.search },
    };
    this.anonymous = { ...this.config.core, ...opts.anonymous };
  }

  private cfg(token: string, resource: Resource): LimitConfig {
    return token === ANONYMOUS && resource === 'core' ? this.anonymous : this.config[resource];
  }

  private bucket(token: string, resource: Resource): Bucket {
    const key = `${resource}\u0000${token}`;
    const now = this.clock();
    const cfg = this.cfg(token, resource);
    let b = this.buckets.get(key);
    if (!b || now >= b.resetAtMs) {
      b = { used: 0, resetAtMs: now + cfg.windowMs };
      this.buckets.set(key, b);
    }
    const until = this.exhaustedUntil.get(resource);
    if (until !== undefined) {
      if (now < until) {
        b.used = cfg.limit;
        b.resetAtMs = until;
      } else this.exhaustedUntil.delete(resource);
    }
    return b;
  }

  snapshot(token: string, resource: Resource): Snapshot {
    const b = this.bucket(token, resource);
    const limit = this.cfg(token, resource).limit;
    return { limit, used: b.used, remaining: Math.max(0, limit - b.used), reset: Math.ceil(b.resetAtMs / 1000), resource };
  }

  /** True when `cost` more fits in the window. */
  allows(token: string, resource: Resource, cost = 1): boolean {
    const b = this.bucket(token, resource);
    return b.used + cost <= this.cfg(token, resource).limit;
  }

  charge(token: string, resource: Resource, cost = 1): void {
    const b = this.bucket(token, resource);
    b.used = Math.min(this.cfg(token, resource).limit, b.used + cost);
  }

  /** Every token, known or not yet seen, is out of budget until `ms` from now (default: one window). */
  exhaustAll(resources: Resource[] = ['core', 'graphql'], ms?: number): void {
    const now = this.clock();
    for (const r of resources) {
      const until = now + (ms ?? this.config[r].windowMs);
      this.exhaustedUntil.set(r, until);
      for (const [key, b] of this.buckets) {
        if (key.startsWith(`${r}\u0000`)) b.resetAtMs = until;
      }
    }
  }

  /** Forgets every window (a fresh hour for every token). */
  reset(): void {
    this.buckets.clear();
    this.exhaustedUntil.clear();
  }
}

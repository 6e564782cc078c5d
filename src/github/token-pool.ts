/**
 * The token pool. Octokit's throttling plugin waits out a limit on the one token
 * it was given; a hub with several tokens should instead move to the token with
 * the most quota left, and only when every token is exhausted wait, until the
 * earliest reset (never spinning, never giving up). Hence this small pool, used by
 * the fetch layer under Octokit so that every attempt, retries included, picks afresh.
 */
export type Resource = 'core' | 'graphql' | 'search';

interface Bucket {
  limit: number;
  remaining: number;
  resetMs: number;
}

interface TokenState {
  label: string;
  token: string | null;
  buckets: Map<string, Bucket>;
  pausedUntilMs: number;
  secondaryStrikes: number;
  invalid: boolean;
}

export interface PoolOptions {
  now?: () => number;
  /** Wait after a secondary limit without retry-after (GitHub: at least a minute). */
  secondaryBaseMs?: number;
  secondaryMaxMs?: number;
}

export type Pick = { label: string; token: string | null } | { waitMs: number; reason: string };

export interface QuotaSnapshot {
  token_label: string;
  resource: string;
  limit: number;
  remaining: number;
  reset_at: string;
}

const DEFAULT_LIMIT: Record<string, number> = { core: 5000, graphql: 5000, search: 30 };

export class TokenPool {
  private readonly tokens: TokenState[];
  private readonly now: () => number;
  private readonly secondaryBaseMs: number;
  private readonly secondaryMaxMs: number;

  constructor(tokens: readonly string[], options: PoolOptions = {}) {
    const list = tokens.length > 0 ? tokens : [null];
    this.tokens = list.map((token, i) => ({
      label: token === null ? 'anonymous' : `token-${i + 1}`,
      token,
      buckets: new Map(),
      pausedUntilMs: 0,
      secondaryStrikes: 0,
      invalid: false,
    }));
    this.now = options.now ?? Date.now;
    this.secondaryBaseMs = options.secondaryBaseMs ?? 60_000;
    this.secondaryMaxMs = options.secondaryMaxMs ?? 15 * 60_000;
  }

  private bucket(t: TokenState, resource: string): Bucket {
    let b = t.buckets.get(resource);
    const now = this.now();
    if (!b) {
      b = { limit: DEFAULT_LIMIT[resource] ?? 5000, remaining: DEFAULT_LIMIT[resource] ?? 5000, resetMs: now + 3600_000 };
      t.buckets.set(resource, b);
    } else if (b.resetMs <= now && b.remaining <= 0) {
      // The window reset: assume full until the next answer says otherwise.
      b.remaining = b.limit;
      b.resetMs = now + 3600_000;
    }
    return b;
  }

  /**
   * The token to use next for `resource`: the preferred one (whose ETag we hold)
   * if it has quota, else the one with the most left. Reserves one unit so that
   * concurrent requests spread across tokens before their answers arrive.
   */
  pick(resource: Resource, prefer?: string | null): Pick {
    const now = this.now();
    const usable = this.tokens.filter((t) => !t.invalid && t.pausedUntilMs <= now && this.bucket(t, resource).remaining > 0);
    if (usable.length === 0) {
      const live = this.tokens.filter((t) => !t.invalid);
      if (live.length === 0) throw new Error('every GitHub token was rejected as bad credentials (401); check GITHUB_TOKENS');
      const until = Math.min(
        ...live.map((t) => {
          const b = this.bucket(t, resource);
          return Math.max(t.pausedUntilMs, b.remaining > 0 ? 0 : b.resetMs);
        }),
      );
      const paused = live.every((t) => t.pausedUntilMs > now);
      return { waitMs: Math.max(until - now, 50), reason: paused ? 'secondary rate limit' : `${resource} quota exhausted on every token` };
    }
    const preferred = prefer ? usable.find((t) => t.label === prefer) : undefined;
    const chosen = preferred ?? usable.reduce((best, t) => (this.bucket(t, resource).remaining > this.bucket(best, resource).remaining ? t : best));
    this.bucket(chosen, resource).remaining -= 1;
    return { label: chosen.label, token: chosen.token };
  }

  private state(label: string): TokenState | undefined {
    return this.tokens.find((t) => t.label === label);
  }

  /** Applies GitHub's x-ratelimit-* headers from an answer. */
  observe(label: string, headers: Headers): void {
    const t = this.state(label);
    const resource = headers.get('x-ratelimit-resource');
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (!t || !resource || !headers.has('x-ratelimit-remaining') || Number.isNaN(remaining)) return;
    const b = this.bucket(t, resource);
    if (!Number.isNaN(limit) && limit > 0) b.limit = limit;
    b.remaining = remaining;
    if (!Number.isNaN(reset) && reset > 0) b.resetMs = reset * 1000;
  }

  /** A primary limit answer: this token has nothing left for `resource` until `resetMs`. */
  exhausted(label: string, resource: string, resetMs: number | null): void {
    const t = this.state(label);
    if (!t) return;
    const b = this.bucket(t, resource);
    b.remaining = 0;
    b.resetMs = resetMs && resetMs > this.now() ? resetMs : this.now() + 60_000;
  }

  /** A secondary limit: pause this token for retry-after, or back off exponentially from a minute. */
  secondary(label: string, retryAfterMs: number | null): number {
    const t = this.state(label);
    if (!t) return 0;
    t.secondaryStrikes += 1;
    const wait = retryAfterMs ?? Math.min(this.secondaryMaxMs, this.secondaryBaseMs * 2 ** (t.secondaryStrikes - 1));
    t.pausedUntilMs = this.now() + wait;
    return wait;
  }

  /** A normal answer clears the secondary back-off. */
  succeeded(label: string): void {
    const t = this.state(label);
    if (t) t.secondaryStrikes = 0;
  }

  invalidate(label: string): void {
    const t = this.state(label);
    if (t && t.token !== null) t.invalid = true;
  }

  get size(): number {
    return this.tokens.length;
  }

  snapshot(): QuotaSnapshot[] {
    const out: QuotaSnapshot[] = [];
    for (const t of this.tokens) {
      for (const [resource, b] of t.buckets) {
        out.push({ token_label: t.label, resource, limit: b.limit, remaining: t.invalid ? 0 : Math.max(0, b.remaining), reset_at: new Date(b.resetMs).toISOString().replace(/\.\d{3}Z$/, 'Z') });
      }
    }
    return out;
  }
}

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
  /** GitHub rejected the token (401): left out until then, and re-tried after. */
  rejectedUntilMs: number;
  rejections: number;
}

export interface PoolOptions {
  now?: () => number;
  /** Wait after a secondary limit without retry-after (GitHub: at least a minute). */
  secondaryBaseMs?: number;
  secondaryMaxMs?: number;
  /**
   * Wait before a rejected (401) token is tried again, doubling on each repeat up to
   * rejectedMaxMs. A 401 burst can be transient (a proxy, a GitHub incident), so a
   * rejected token is never dropped for good. Defaults 30 s and 30 min.
   */
  rejectedBaseMs?: number;
  rejectedMaxMs?: number;
}

export type Pick = { label: string; token: string | null } | { waitMs: number; reason: string } | { rejected: string[]; retryInMs: number };

/** Every token was rejected (401) and none is due for another try yet. */
export class TokensRejectedError extends Error {
  constructor(readonly labels: readonly string[], readonly retryInMs: number) {
    super(`GitHub rejected every token as bad credentials (401): ${labels.join(', ')}; the next try is in ${Math.ceil(retryInMs / 1000)} s (check GITHUB_TOKENS if this persists)`);
    this.name = 'TokensRejectedError';
  }
}

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
  private readonly rejectedBaseMs: number;
  private readonly rejectedMaxMs: number;

  constructor(tokens: readonly string[], options: PoolOptions = {}) {
    const list = tokens.length > 0 ? tokens : [null];
    this.tokens = list.map((token, i) => ({
      label: token === null ? 'anonymous' : `token-${i + 1}`,
      token,
      buckets: new Map(),
      pausedUntilMs: 0,
      secondaryStrikes: 0,
      rejectedUntilMs: 0,
      rejections: 0,
    }));
    this.now = options.now ?? Date.now;
    this.secondaryBaseMs = options.secondaryBaseMs ?? 60_000;
    this.secondaryMaxMs = options.secondaryMaxMs ?? 15 * 60_000;
    this.rejectedBaseMs = options.rejectedBaseMs ?? 30_000;
    this.rejectedMaxMs = options.rejectedMaxMs ?? 30 * 60_000;
  }

  /** How logs and errors name a token: `token 2 of 3`, never the token itself. */
  describe(label: string): string {
    const i = this.tokens.findIndex((t) => t.label === label);
    return i < 0 || this.tokens[i]!.token === null ? label : `token ${i + 1} of ${this.tokens.length}`;
  }

  private rejected(t: TokenState, now: number): boolean {
    return t.rejectedUntilMs > now;
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
    const usable = this.tokens.filter((t) => !this.rejected(t, now) && t.pausedUntilMs <= now && this.bucket(t, resource).remaining > 0);
    if (usable.length === 0) {
      const live = this.tokens.filter((t) => !this.rejected(t, now));
      if (live.length === 0) return { rejected: this.tokens.map((t) => this.describe(t.label)), retryInMs: Math.min(...this.tokens.map((t) => t.rejectedUntilMs)) - now };
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

  /** A normal answer clears the secondary and rejection back-offs: the token is good. */
  succeeded(label: string): void {
    const t = this.state(label);
    if (!t) return;
    t.secondaryStrikes = 0;
    t.rejections = 0;
    t.rejectedUntilMs = 0;
  }

  /** GitHub rejected the token (401): leave it out for a back-off, then try it again. Returns the wait. */
  reject(label: string): number {
    const t = this.state(label);
    if (!t || t.token === null) return 0;
    t.rejections += 1;
    const wait = Math.min(this.rejectedMaxMs, this.rejectedBaseMs * 2 ** (t.rejections - 1));
    t.rejectedUntilMs = this.now() + wait;
    return wait;
  }

  get size(): number {
    return this.tokens.length;
  }

  snapshot(): QuotaSnapshot[] {
    const out: QuotaSnapshot[] = [];
    for (const t of this.tokens) {
      for (const [resource, b] of t.buckets) {
        out.push({ token_label: t.label, resource, limit: b.limit, remaining: this.rejected(t, this.now()) ? 0 : Math.max(0, b.remaining), reset_at: new Date(b.resetMs).toISOString().replace(/\.\d{3}Z$/, 'Z') });
      }
    }
    return out;
  }
}

/**
 * Fault injection: scripted rules ("the 3rd request matching /issues answers
 * 502") and seeded random rates. Each rule counts only the requests it matches,
 * so a test can aim at one request without counting the others.
 */
import { Rng } from './random.ts';
import type { RateLimiter, Resource } from './rate-limit.ts';

export type FaultAction =
  | { kind: 'status'; status: 500 | 502 | 503 | 504 }
  /** Destroys the socket without a response. */
  | { kind: 'reset' }
  /** A 200 whose JSON stops half-way (content-length matches the cut body). */
  | { kind: 'truncate' }
  /** A 200 whose body is not JSON at all. */
  | { kind: 'malformed' }
  /** A 200 with an empty body. */
  | { kind: 'empty' }
  /** A 401 Bad credentials for a token GitHub otherwise accepts (a proxy, an incident). */
  | { kind: 'unauthorized' }
  | { kind: 'secondary'; status?: 403 | 429; retryAfter?: number | null }
  /** Answers as if the token's primary budget were spent, without touching it. */
  | { kind: 'primary'; status?: 403 | 429 }
  /** Delays the answer; combines with any other action. */
  | { kind: 'latency'; ms: number };

export interface FaultMatch {
  method?: string;
  /** Substring of the path, or a pattern tested against it (no query string). */
  path?: string | RegExp;
  resource?: Resource | 'none';
  /** Token label, as in the request log. */
  token?: string;
}

export interface FaultRule {
  match?: FaultMatch;
  /** Fire on the nth matching request (1-based), or on each listed one. */
  nth?: number | number[];
  /** Fire on matching requests from..to (1-based, inclusive). */
  range?: [number, number];
  /** Fire at most this many times. */
  times?: number;
  /** Fire with this probability (seeded by the fault seed). */
  probability?: number;
  /** Active for this long (real ms) from when the rule is added. */
  forMs?: number;
  action: FaultAction;
}

export type RandomKind = '500' | '502' | '503' | '504' | 'reset' | 'truncate' | 'malformed' | 'secondary';

export interface RandomFaultOptions {
  seed?: number;
  /** Probability per request of each fault; they are mutually exclusive. */
  rates: Partial<Record<RandomKind, number>>;
  /** Added delay per request: fixed, or uniform in [min, max]. */
  latencyMs?: number | [number, number];
  /** Restricts random faults to matching requests. */
  match?: FaultMatch;
}

export interface FaultOptions {
  rules?: FaultRule[];
  random?: RandomFaultOptions;
}

export interface FaultRequest {
  method: string;
  path: string;
  resource: Resource | 'none';
  token: string;
}

interface LiveRule {
  rule: FaultRule;
  seen: number;
  fired: number;
  untilMs: number;
}

function matches(m: FaultMatch | undefined, req: FaultRequest): boolean {
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== req.method) return false;
  if (m.resource && m.resource !== req.resource) return false;
  if (m.token && m.token !== req.token) return false;
  if (m.path !== undefined) return typeof m.path === 'string' ? req.path.includes(m.path) : m.path.test(req.path);
  return true;
}

function randomAction(kind: RandomKind): FaultAction {
  if (kind === 'reset' || kind === 'truncate' || kind === 'malformed') return { kind };
  if (kind === 'secondary') return { kind: 'secondary', retryAfter: 1 };
  return { kind: 'status', status: Number(kind) as 500 | 502 | 503 | 504 };
}

export class Faults {
  private rules: LiveRule[] = [];
  private randomOpts: RandomFaultOptions | null = null;
  private rng = new Rng(1);
  private firedCount = 0;

  constructor(
    private readonly limiter: RateLimiter,
    opts: FaultOptions = {},
    private readonly seed = 1,
  ) {
    for (const r of opts.rules ?? []) this.add(r);
    if (opts.random) this.random(opts.random);
  }

  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void {
    const live: LiveRule = { rule, seen: 0, fired: 0, untilMs: rule.forMs === undefined ? Infinity : Date.now() + rule.forMs };
    this.rules.push(live);
    return () => {
      this.rules = this.rules.filter((r) => r !== live);
    };
  }

  /** Replaces every scripted rule. */
  script(rules: FaultRule[]): void {
    this.rules = [];
    for (const r of rules) this.add(r);
  }

  /** Seeded random faults on every request (null turns them off). */
  random(opts: RandomFaultOptions | null): void {
    this.randomOpts = opts;
    this.rng = new Rng(opts?.seed ?? this.seed);
  }

  /** A burst of secondary-limit answers: the next `requests` matching requests, or all for `ms`. */
  storm(opts: { requests?: number; ms?: number; status?: 403 | 429; retryAfter?: number | null; match?: FaultMatch } = {}): () => void {
    return this.add({
      match: opts.match,
      range: opts.requests === undefined ? undefined : [1, opts.requests],
      forMs: opts.ms,
      action: { kind: 'secondary', status: opts.status, retryAfter: opts.retryAfter },
    });
  }

  /** Every token out of budget until its window resets (default: one full window). */
  exhaustTokens(resources: Resource[] = ['core', 'graphql'], ms?: number): void {
    this.limiter.exhaustAll(resources, ms);
  }

  clear(): void {
    this.rules = [];
    this.randomOpts = null;
  }

  /** How many faults have fired since start (or the last `resetCount`). */
  fired(): number {
    return this.firedCount;
  }

  resetCount(): void {
    this.firedCount = 0;
  }

  /** The actions for one request: any latencies, then at most one other action. */
  decide(req: FaultRequest): FaultAction[] {
    const out: FaultAction[] = [];
    let terminal: FaultAction | null = null;
    const now = Date.now();
    for (const live of this.rules) {
      const r = live.rule;
      if (now > live.untilMs || !matches(r.match, req)) continue;
      const n = ++live.seen;
      if (r.nth !== undefined && !(Array.isArray(r.nth) ? r.nth.includes(n) : r.nth === n)) continue;
      if (r.range && (n < r.range[0] || n > r.range[1])) continue;
      if (r.times !== undefined && live.fired >= r.times) continue;
      if (r.probability !== undefined && !this.rng.chance(r.probability)) continue;
      if (r.action.kind === 'latency') {
        out.push(r.action);
        live.fired++;
      } else if (!terminal) {
        terminal = r.action;
        live.fired++;
      }
    }
    const rnd = this.randomOpts;
    if (rnd && matches(rnd.match, req)) {
      if (rnd.latencyMs !== undefined) {
        const ms = typeof rnd.latencyMs === 'number' ? rnd.latencyMs : this.rng.int(rnd.latencyMs[0], rnd.latencyMs[1]);
        if (ms > 0) out.push({ kind: 'latency', ms });
      }
      let roll = this.rng.float();
      for (const [kind, rate] of Object.entries(rnd.rates) as Array<[RandomKind, number]>) {
        roll -= rate;
        if (roll < 0) {
          terminal ??= randomAction(kind);
          break;
        }
      }
    }
    if (terminal) out.push(terminal);
    if (out.some((a) => a.kind !== 'latency')) this.firedCount++;
    return out;
  }
}

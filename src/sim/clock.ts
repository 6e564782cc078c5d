/**
 * Virtual time for the dataset. Timestamps in responses come from this clock,
 * never from the wall clock, so a seed reproduces the same history; rate-limit
 * windows use real time instead, because tests wait for them to reset.
 */
import { mix32, Rng } from './random.ts';
import { F_DRAFT, F_OPEN } from './store.ts';
import { fullNameOf } from './repos.ts';
import type { Mutator, SimEvent } from './mutate.ts';
import type { ReverseIndex } from './truth.ts';
import type { RepoState, World } from './world.ts';

export interface StepOptions {
  /** Virtual time to advance, spread over the events. Default 60 s. */
  ms?: number;
  /** Random changes to apply. Default 5. */
  events?: number;
}

export interface TimerOptions extends StepOptions {
  /** Real milliseconds between steps. Default 5 s. */
  intervalMs?: number;
  /** Advance virtual time by the real time elapsed instead of `ms`. */
  realTime?: boolean;
}

type EventKind = 'issue' | 'pull' | 'title' | 'body' | 'close' | 'reopen' | 'merge' | 'comment' | 'delete' | 'transfer' | 'draft' | 'review';

const WEIGHTS: ReadonlyArray<readonly [EventKind, number]> = [
  ['issue', 16], ['pull', 15], ['title', 8], ['body', 14], ['close', 10], ['reopen', 4],
  ['merge', 10], ['comment', 12], ['delete', 2], ['transfer', 2], ['draft', 3], ['review', 6],
];

export class Clock {
  private nowMs: number;
  private steps = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners: Array<(events: SimEvent[]) => void> = [];

  constructor(
    private readonly world: World,
    private readonly mutate: Mutator,
    private readonly reverse: ReverseIndex,
  ) {
    this.nowMs = world.nowSec * 1000;
  }

  /** Virtual now, epoch ms. */
  now(): number {
    return this.nowMs;
  }

  iso(): string {
    return new Date(Math.floor(this.nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }

  private set(ms: number): void {
    this.nowMs = ms;
    this.world.nowSec = Math.floor(ms / 1000);
  }

  advance(ms: number): void {
    if (ms < 0) throw new Error('the clock only moves forward');
    this.set(this.nowMs + ms);
  }

  onEvents(listener: (events: SimEvent[]) => void): void {
    this.listeners.push(listener);
  }

  /** Advances time and applies random changes; the same seed gives the same changes. */
  step(opts: StepOptions = {}): SimEvent[] {
    const ms = opts.ms ?? 60_000;
    const count = opts.events ?? 5;
    const rng = new Rng(mix32(this.world.seed, ++this.steps, 0xc10c));
    const start = this.nowMs;
    const out: SimEvent[] = [];
    for (let e = 0; e < count; e++) {
      this.set(start + Math.floor(((e + 1) * ms) / (count + 1)));
      out.push(...this.randomEvent(rng));
    }
    this.set(start + ms);
    for (const l of this.listeners) l(out);
    return out;
  }

  start(opts: TimerOptions = {}): void {
    this.stop();
    let last = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      this.step({ ...opts, ms: opts.realTime ? now - last : opts.ms });
      last = now;
    }, opts.intervalMs ?? 5_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private find(state: RepoState, rng: Rng, ok: (i: number) => boolean): number | null {
    const s = state.items;
    for (let tries = 0; tries < 40 && s.count > 0; tries++) {
      // Recent items change more often than old ones.
      const i = s.count - 1 - rng.skewed(s.count, 2);
      if (s.isLive(i) && ok(i)) return i;
    }
    return null;
  }

  private randomEvent(rng: Rng): SimEvent[] {
    const state = rng.pick(this.world.repos);
    const repo = fullNameOf(state.meta);
    const s = state.items;
    const kind = rng.weighted(WEIGHTS);
    const pick = (ok: (i: number) => boolean) => this.find(state, rng, ok);
    const open = (i: number) => s.has(i, F_OPEN);
    switch (kind) {
      case 'issue':
        return [this.mutate.createIssue(repo)];
      case 'pull':
        return [this.mutate.createPull(repo, rng.chance(0.12) && state.meta.branches.length > 1 ? { base: state.meta.branches[1]! } : { draft: rng.chance(0.2) })];
      case 'title':
        return this.one(pick(() => true), (i) => this.mutate.editTitle(repo, i + 1));
      case 'body':
        // Descriptions change before a merge: a merged one gaining "fixes #N" would name an open issue it never closed.
        return this.one(pick((i) => s.isPr(i) && s.merged[i] === 0), (i) => this.mutate.editBody(repo, i + 1));
      case 'close':
        return this.one(pick(open), (i) => this.mutate.close(repo, i + 1, rng.weighted([['completed', 70], ['not_planned', 20], ['duplicate', 10]] as const)));
      case 'reopen':
        return this.one(pick((i) => !open(i) && s.merged[i] === 0 && !this.closedByMerge(state, i)), (i) => this.mutate.reopen(repo, i + 1));
      case 'merge':
        return this.oneMany(pick((i) => s.isPr(i) && open(i) && !s.has(i, F_DRAFT)), (i) => this.mutate.merge(repo, i + 1));
      case 'comment':
        return this.one(pick(() => true), (i) => this.mutate.comment(repo, i + 1));
      case 'delete':
        return this.one(pick((i) => !s.isPr(i)), (i) => this.mutate.deleteIssue(repo, i + 1));
      case 'transfer': {
        if (this.world.repos.length < 2) return [];
        const to = this.world.repos.filter((r) => r !== state)[rng.int(0, this.world.repos.length - 2)]!;
        return this.one(pick((i) => !s.isPr(i)), (i) => this.mutate.transferIssue(repo, i + 1, fullNameOf(to.meta)));
      }
      case 'draft':
        return this.one(pick((i) => s.isPr(i) && open(i)), (i) => this.mutate.setDraft(repo, i + 1, !s.has(i, F_DRAFT)));
      case 'review': {
        // A maintainer reviews an open pull request; now and then changes are requested.
        const maintainers = this.mutate.maintainers(repo);
        const by = maintainers[rng.int(0, maintainers.length - 1)]!;
        return this.one(pick((i) => s.isPr(i) && open(i) && !s.has(i, F_DRAFT)), (i) => this.mutate.addReview(repo, i + 1, by, rng.weighted([['APPROVED', 4], ['CHANGES_REQUESTED', 3], ['COMMENTED', 3]] as const)));
      }
    }
  }

  /**
   * An issue that a pull request merged into its default branch closes stays closed
   * in the random activity (GitHub would allow a reopen; the demo keeps the rule
   * "no open issue has a merged pull request closing it" that miners read it by).
   */
  private closedByMerge(state: RepoState, i: number): boolean {
    if (state.items.isPr(i)) return false;
    return this.reverse.closedBy(state, i + 1, true).some((pr) => {
      const prState = this.world.repo(pr.repo);
      return prState.items.merged[pr.number - 1]! > 0 && prState.items.base[pr.number - 1] === 0;
    });
  }

  private one(i: number | null, run: (i: number) => SimEvent): SimEvent[] {
    return i === null ? [] : [run(i)];
  }

  private oneMany(i: number | null, run: (i: number) => SimEvent[]): SimEvent[] {
    return i === null ? [] : run(i);
  }
}

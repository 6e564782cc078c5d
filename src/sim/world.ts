/**
 * The simulated GitHub's state: repositories, their compact item stores, the
 * sparse facts that only a few items have (transfers, manual links, custom
 * bodies) and the virtual time mutations are stamped with. Text is derived here
 * on demand; shapes.ts turns state into GitHub's JSON.
 */
import { EXTERNAL_REPOS } from './words.ts';
import { issueBody, issueTitle, pullBody, pullTitle, type ComposedBody, type Picker } from './bodies.ts';
import { fullNameOf, generateRepos, type RepoMeta } from './repos.ts';
import { F_OPEN, F_PR, ItemStore, itemKey, splitKey } from './store.ts';
import { UserTable } from './users.ts';
import type { Rng } from './random.ts';
import type { SimFacts } from './facts.ts';
import type { ScriptedFile } from './files.ts';
import type { RegularPlan } from './regulars.ts';

export interface WorldOptions {
  seed: number;
  repos: number;
  itemsPerRepo: number;
  /** Per-repository item counts; overrides itemsPerRepo where given. */
  sizes?: number[];
  /** Virtual "now" at start, epoch ms. Generated history ends just before it. */
  startTime: number;
}

export interface RepoState {
  meta: RepoMeta;
  items: ItemStore;
  /** Bumped by every mutation of the repository: list indexes and ETags follow it. */
  version: number;
  cache: Map<string, { version: number; value: unknown }>;
}

interface BodyOverride {
  rev: number;
  body: ComposedBody;
}

const BODY_CACHE_LIMIT = 4096;

export class World {
  readonly seed: number;
  readonly users: UserTable;
  readonly repos: RepoState[] = [];
  nowSec: number;
  /** Virtual time at start, epoch seconds: generated history ends just before it. */
  readonly startSec: number;
  /** Source key → destination key of transferred issues. */
  readonly transfers = new Map<number, number>();
  /** Destination key → source key, so a transferred issue keeps its identity and text. */
  readonly origins = new Map<number, number>();
  /** PR key → issue keys linked by hand in the sidebar. */
  readonly manualLinks = new Map<number, number[]>();
  readonly bodyOverrides = new Map<number, BodyOverride>();
  /** Reviews, label actors, edits and closers (facts.ts); set by the Dataset, which owns the reverse index they need. */
  facts!: SimFacts;
  /** PR key → commits pushed to its head since it was generated (files.ts derives the head from it). */
  readonly pushes = new Map<number, number>();
  /** PR key → files set by a test (`mutate.setFiles`), exact text on each side, instead of generated ones. */
  readonly scriptedFiles = new Map<number, ScriptedFile[]>();
  /** PR key → who merged it, when a test said so (`mutate.merge(…, { by })`). */
  readonly mergers = new Map<number, number>();
  /** PR keys of pull requests a test scripted (`createPull` with an author): no generated reviews, labels or edits. */
  readonly scripted = new Set<number>();
  /** The regulars the generator placed (regulars.ts): registered miners active in the last days before the start. */
  regulars: RegularPlan[] = [];
  /** Hooks run after a PR's references may have changed (reverse index upkeep). */
  readonly onRefsChanged: Array<(prKey: number) => void> = [];
  private readonly byName = new Map<string, number>();
  private readonly byId = new Map<number, number>();
  private readonly bodyCache = new Map<string, ComposedBody>();

  constructor(opts: WorldOptions) {
    this.seed = opts.seed >>> 0;
    this.nowSec = Math.floor(opts.startTime / 1000);
    this.startSec = this.nowSec;
    this.users = new UserTable(this.seed);
    const sizes = (i: number) => opts.sizes?.[i] ?? opts.itemsPerRepo;
    for (const meta of generateRepos(this.seed, opts.repos, sizes, this.users, this.nowSec)) {
      this.repos.push({ meta, items: new ItemStore(meta.initialCount + 16), version: 0, cache: new Map() });
      this.byName.set(fullNameOf(meta).toLowerCase(), meta.index);
      this.byId.set(meta.id, meta.index);
    }
  }

  /** Finds a repository by current or former name (case-insensitive). */
  lookup(fullName: string): { state: RepoState; renamed: boolean } | undefined {
    const idx = this.byName.get(fullName.toLowerCase());
    if (idx === undefined) return undefined;
    const state = this.repos[idx]!;
    return { state, renamed: fullNameOf(state.meta).toLowerCase() !== fullName.toLowerCase() };
  }

  byRepoId(id: number): RepoState | undefined {
    const idx = this.byId.get(id);
    return idx === undefined ? undefined : this.repos[idx];
  }

  repo(fullName: string): RepoState {
    const found = this.lookup(fullName);
    if (!found) throw new Error(`no simulated repository ${fullName}`);
    return found.state;
  }

  rename(state: RepoState, newFullName: string): void {
    const [owner, name] = newFullName.split('/');
    if (!owner || !name) throw new Error(`not a repository name: ${newFullName}`);
    const existing = this.byName.get(newFullName.toLowerCase());
    if (existing !== undefined && existing !== state.meta.index) throw new Error(`${newFullName} already exists`);
    state.meta.formerNames.push(fullNameOf(state.meta));
    state.meta.owner = owner;
    state.meta.name = name;
    this.byName.set(newFullName.toLowerCase(), state.meta.index);
    this.touch(state);
  }

  touch(state: RepoState): void {
    state.version++;
  }

  /** Memoises a derived value until the repository changes. */
  cached<T>(state: RepoState, key: string, make: () => T): T {
    const hit = state.cache.get(key);
    if (hit && hit.version === state.version) return hit.value as T;
    const value = make();
    state.cache.set(key, { version: state.version, value });
    return value;
  }

  /** Where an item's identity and text come from (itself, unless transferred in). */
  origin(repoIndex: number, number: number): { repoIndex: number; number: number } {
    let key = itemKey(repoIndex, number);
    for (let o = this.origins.get(key); o !== undefined; o = this.origins.get(key)) key = o;
    return splitKey(key);
  }

  /** Follows transfers to where an issue lives now. */
  resolve(repoIndex: number, number: number): { repoIndex: number; number: number } {
    let key = itemKey(repoIndex, number);
    for (let t = this.transfers.get(key); t !== undefined; t = this.transfers.get(key)) key = t;
    return splitKey(key);
  }

  picker(repoIndex: number): Picker {
    const self = this.repos[repoIndex]!;
    const scan = (store: ItemStore, wantPr: boolean, upper: number, rng: Rng): number | null => {
      if (upper < 1) return null;
      const start = rng.int(1, upper);
      for (let d = 0; d < 60; d++) {
        for (const n of [start - d, start + d]) {
          if (n >= 1 && n <= upper && store.isPr(n - 1) === wantPr) return n;
        }
      }
      return null;
    };
    return {
      selfName: self.meta.originalFullName,
      same: (kind, below, rng) => scan(self.items, kind === 'pr', Math.min(below - 1, self.items.count), rng),
      other: (rng) => {
        if (this.repos.length < 2) return null;
        let r = rng.int(0, this.repos.length - 2);
        if (r >= repoIndex) r++;
        const target = this.repos[r]!;
        const n = scan(target.items, false, Math.min(target.meta.initialCount, target.items.count), rng);
        return n === null ? null : { repo: target.meta.originalFullName, number: n };
      },
      external: (rng) => ({ repo: rng.pick(EXTERNAL_REPOS), number: rng.int(1, 40_000) }),
    };
  }

  title(state: RepoState, i: number): string {
    const o = this.origin(state.meta.index, i + 1);
    const rev = state.items.titleRev[i]!;
    return state.items.isPr(i) ? pullTitle(this.seed, o.repoIndex, o.number, rev) : issueTitle(this.seed, o.repoIndex, o.number, rev);
  }

  /** The body and, for a PR, the keyword references its text carries. */
  body(state: RepoState, i: number): ComposedBody {
    const key = itemKey(state.meta.index, i + 1);
    const rev = state.items.bodyRev[i]!;
    const override = this.bodyOverrides.get(key);
    if (override && override.rev === rev) return override.body;
    const o = this.origin(state.meta.index, i + 1);
    if (!state.items.isPr(i)) return { text: issueBody(this.seed, o.repoIndex, o.number, rev, this.picker(o.repoIndex)), refs: [] };
    const cacheKey = `${key}:${rev}`;
    const hit = this.bodyCache.get(cacheKey);
    if (hit) return hit;
    const body = pullBody(this.seed, o.repoIndex, o.number, rev, this.picker(o.repoIndex));
    if (this.bodyCache.size >= BODY_CACHE_LIMIT) this.bodyCache.delete(this.bodyCache.keys().next().value!);
    this.bodyCache.set(cacheKey, body);
    return body;
  }

  setBody(state: RepoState, i: number, body: ComposedBody): void {
    state.items.bodyRev[i] = state.items.bodyRev[i]! + 1;
    this.bodyOverrides.set(itemKey(state.meta.index, i + 1), { rev: state.items.bodyRev[i]!, body });
  }

  refsChanged(prKey: number): void {
    for (const hook of this.onRefsChanged) hook(prKey);
  }

  openCount(state: RepoState): number {
    return this.cached(state, 'open', () => {
      let n = 0;
      const s = state.items;
      for (let i = 0; i < s.count; i++) if (s.isLive(i) && s.has(i, F_OPEN)) n++;
      return n;
    });
  }

  lastUpdated(state: RepoState): number {
    return this.cached(state, 'last-updated', () => {
      let t = state.meta.createdAt;
      const s = state.items;
      for (let i = 0; i < s.count; i++) if (s.updated[i]! > t) t = s.updated[i]!;
      return t;
    });
  }

  memoryBytes(): number {
    return this.repos.reduce((sum, r) => sum + r.items.bytes(), 0);
  }

  isPrKey(key: number): boolean {
    const { repoIndex, number } = splitKey(key);
    const s = this.repos[repoIndex]?.items;
    return !!s && number >= 1 && number <= s.count && s.has(number - 1, F_PR);
  }
}

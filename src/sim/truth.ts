/**
 * Ground truth for closing references, computed from what the generator knows
 * it wrote (never by parsing text): the answer GitHub's
 * `PullRequest.closingIssuesReferences` gives, and its reverse.
 */
import { fullNameOf } from './repos.ts';
import { F_OPEN, itemKey, splitKey } from './store.ts';
import type { RepoState, World } from './world.ts';

export interface IssueRef {
  /** Current `owner/name` of the issue's repository. */
  repo: string;
  number: number;
}

export interface ClosingTruth {
  /** Keyword references from the description that GitHub links. */
  keyword: IssueRef[];
  /** Links made by hand in the sidebar. */
  manual: IssueRef[];
  /** Keyword references into repositories the simulator does not serve, as written (lower-cased repo). */
  external: Array<{ repo: string; number: number }>;
  /** keyword ∪ manual, duplicates collapsed: GitHub's `closingIssuesReferences`. */
  all: IssueRef[];
}

const EMPTY: ClosingTruth = { keyword: [], manual: [], external: [], all: [] };

/** A live issue (not a PR, not deleted) at a key, after following transfers. */
function liveIssueKey(world: World, repoIndex: number, number: number): number | null {
  const at = world.resolve(repoIndex, number);
  const s = world.repos[at.repoIndex]?.items;
  const i = at.number - 1;
  if (!s || i < 0 || i >= s.count || !s.isLive(i) || s.isPr(i)) return null;
  return itemKey(at.repoIndex, at.number);
}

function toRef(world: World, key: number): IssueRef {
  const { repoIndex, number } = splitKey(key);
  return { repo: fullNameOf(world.repos[repoIndex]!.meta), number };
}

/** Issue keys a PR links, keyword ones first, in order of appearance. */
export function closingKeys(world: World, state: RepoState, number: number): { keyword: number[]; manual: number[]; external: Array<{ repo: string; number: number }> } {
  const s = state.items;
  const i = number - 1;
  if (i < 0 || i >= s.count || !s.isPr(i)) return { keyword: [], manual: [], external: [] };
  const keyword: number[] = [];
  const external: Array<{ repo: string; number: number }> = [];
  // Keywords count only against the default branch.
  if (s.base[i] === 0) {
    const seen = new Set<string>();
    for (const ref of world.body(state, i).refs) {
      const target = ref.repo === null ? { state, renamed: false } : world.lookup(ref.repo);
      if (!target) {
        const id = `${ref.repo!.toLowerCase()}#${ref.number}`;
        if (!seen.has(id)) external.push({ repo: ref.repo!.toLowerCase(), number: ref.number });
        seen.add(id);
        continue;
      }
      const key = liveIssueKey(world, target.state.meta.index, ref.number);
      if (key !== null && !keyword.includes(key)) keyword.push(key);
    }
  }
  const manual: number[] = [];
  for (const raw of world.manualLinks.get(itemKey(state.meta.index, number)) ?? []) {
    const { repoIndex, number: n } = splitKey(raw);
    const key = liveIssueKey(world, repoIndex, n);
    if (key !== null && !manual.includes(key)) manual.push(key);
  }
  return { keyword, manual, external };
}

export function closingTruth(world: World, state: RepoState, number: number): ClosingTruth {
  const k = closingKeys(world, state, number);
  if (k.keyword.length === 0 && k.manual.length === 0 && k.external.length === 0) return EMPTY;
  const all = [...k.keyword];
  for (const m of k.manual) if (!all.includes(m)) all.push(m);
  return {
    keyword: k.keyword.map((key) => toRef(world, key)),
    manual: k.manual.map((key) => toRef(world, key)),
    external: k.external,
    all: all.map((key) => toRef(world, key)),
  };
}

/**
 * Issue → PRs whose text or sidebar may link it. Entries are candidates only
 * (an edit may have dropped the reference): answers re-check each PR's truth,
 * so stale entries cost a little time and never a wrong answer. Built on first
 * use, because deriving every PR body of a million-item dataset takes seconds
 * that most runs never need; held as two sorted typed arrays (16 bytes a pair)
 * plus a small map for PRs that change afterwards.
 */
export class ReverseIndex {
  private targets: Float64Array | null = null;
  private prs: Float64Array = new Float64Array(0);
  private readonly later = new Map<number, number[]>();

  constructor(private readonly world: World) {
    world.onRefsChanged.push((prKey) => {
      if (this.targets) this.candidates(prKey, (target) => this.addLater(target, prKey));
    });
  }

  /** Calls `emit` with every issue key the PR's text or sidebar names (after transfers). */
  private candidates(prKey: number, emit: (target: number) => void): void {
    const { repoIndex, number } = splitKey(prKey);
    const state = this.world.repos[repoIndex]!;
    const raw: number[] = [];
    for (const ref of this.world.body(state, number - 1).refs) {
      const t = ref.repo === null ? state : this.world.lookup(ref.repo)?.state;
      if (t) raw.push(itemKey(t.meta.index, ref.number));
    }
    raw.push(...(this.world.manualLinks.get(prKey) ?? []));
    for (const key of raw) {
      const { repoIndex: r, number: n } = splitKey(key);
      const at = this.world.resolve(r, n);
      emit(itemKey(at.repoIndex, at.number));
    }
  }

  private addLater(target: number, prKey: number): void {
    const list = this.later.get(target);
    if (!list) this.later.set(target, [prKey]);
    else if (!list.includes(prKey)) list.push(prKey);
  }

  private build(): void {
    let t = new Float64Array(1 << 16);
    let p = new Float64Array(1 << 16);
    let n = 0;
    for (const state of this.world.repos) {
      const s = state.items;
      for (let i = 0; i < s.count; i++) {
        if (!s.isPr(i)) continue;
        const prKey = itemKey(state.meta.index, i + 1);
        this.candidates(prKey, (target) => {
          if (n === t.length) {
            const t2 = new Float64Array(n * 2);
            const p2 = new Float64Array(n * 2);
            t2.set(t);
            p2.set(p);
            t = t2;
            p = p2;
          }
          t[n] = target;
          p[n++] = prKey;
        });
      }
    }
    const order = new Uint32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    order.sort((a, b) => t[a]! - t[b]! || p[a]! - p[b]!);
    this.targets = new Float64Array(n);
    this.prs = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      this.targets[k] = t[order[k]!]!;
      this.prs[k] = p[order[k]!]!;
    }
  }

  private lookup(target: number): number[] {
    if (!this.targets) this.build();
    const ts = this.targets!;
    let lo = 0;
    let hi = ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ts[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let k = lo; k < ts.length && ts[k] === target; k++) out.push(this.prs[k]!);
    return out.concat(this.later.get(target) ?? []);
  }

  /** PRs that link the issue, ordered by repository then number. */
  closedBy(state: RepoState, number: number, includeClosedPrs: boolean): Array<{ repo: string; number: number }> {
    const self = itemKey(state.meta.index, number);
    const candidates = new Set<number>(this.lookup(self));
    // References written before a transfer point at the old place.
    for (const from of this.world.transfers.keys()) {
      const at = splitKey(from);
      const now = this.world.resolve(at.repoIndex, at.number);
      if (itemKey(now.repoIndex, now.number) === self) for (const pr of this.lookup(from)) candidates.add(pr);
    }
    const out: number[] = [];
    for (const prKey of candidates) {
      const { repoIndex, number: prNumber } = splitKey(prKey);
      const prState = this.world.repos[repoIndex]!;
      if (!includeClosedPrs && !prState.items.has(prNumber - 1, F_OPEN)) continue;
      const k = closingKeys(this.world, prState, prNumber);
      if (k.keyword.includes(self) || k.manual.includes(self)) out.push(prKey);
    }
    out.sort((a, b) => a - b);
    return out.map((key) => toRef(this.world, key));
  }
}

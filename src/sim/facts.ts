/**
 * The facts a subnet's rules read beyond an item's list shape: reviews, who
 * applied each label, who merged, edits, and who closed an issue with which
 * pull request. Generated ones are derived from (seed, item) on demand, never
 * stored; only what a mutation or a test adds (a new review, a label applied by
 * someone, an edit) lives in small sparse maps.
 *
 * Consistency with the world: maintainers (the owner and a few MEMBER or
 * COLLABORATOR regulars) write most reviews, apply most labels and merge; a
 * maintainer author sometimes merges their own pull request; a merged pull
 * request's last maintainer review approves; some pull requests get changes
 * requested; about one label in five is applied by the item's author; an issue
 * closed at the merge of a pull request that links it names that pull request as
 * its closer, and one closed at any other time (days after the merge, say) was
 * closed by hand.
 */
import { mix32 } from './random.ts';
import { F_DRAFT, F_OPEN, itemKey } from './store.ts';
import type { ReverseIndex } from './truth.ts';
import type { RepoState, World } from './world.ts';

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';

export interface SimReview {
  id: number;
  user: number;
  state: ReviewState;
  /** Epoch seconds. */
  at: number;
}

export interface SimLabelEvent {
  /** Bit in the repository's label list. */
  bit: number;
  actor: number;
  at: number;
}

export interface SimCloser {
  actor: number;
  at: number;
  /** The pull request that closed the issue, or null when it was closed by hand. */
  pr: { repoIndex: number; number: number } | null;
}

const MAX_GENERATED_REVIEWS = 4;

export class SimFacts {
  /** PR key → reviews added after generation (mutations, tests). */
  readonly addedReviews = new Map<number, SimReview[]>();
  /** Item key → label bit → who applied it, for labels applied after generation. */
  readonly labelActors = new Map<number, Map<number, { actor: number; at: number }>>();
  /** Item key → last edit (epoch seconds) of edits after generation. */
  readonly edits = new Map<number, number>();
  /** Repository indexes whose collaborators list the token may not read (403). */
  readonly collaboratorsHidden = new Set<number>();
  private readonly maintainerCache = new Map<number, number[]>();

  constructor(
    private readonly world: World,
    private readonly reverse: ReverseIndex,
  ) {}

  /**
   * The owner, then up to four of the repository's regular authors whose
   * association is MEMBER or COLLABORATOR: the people with write access.
   */
  maintainers(repoIndex: number): number[] {
    const hit = this.maintainerCache.get(repoIndex);
    if (hit) return hit;
    const users = this.world.users;
    const seed = this.world.seed;
    const owner = users.ownerOf(repoIndex, seed);
    const out = [owner];
    // The same circle pickAuthor draws regulars from (generator.ts).
    const span = users.generalCount();
    const base = mix32(seed, repoIndex, 3) % span;
    for (let offset = 0; offset < span && out.length < 5; offset++) {
      const u = users.generalStart + ((base + offset) % span);
      if (u === owner) continue;
      const a = users.associationOf(u, repoIndex, seed);
      if (a === 'MEMBER' || a === 'COLLABORATOR') out.push(u);
    }
    this.maintainerCache.set(repoIndex, out);
    return out;
  }

  isMaintainer(repoIndex: number, user: number): boolean {
    return this.maintainers(repoIndex).includes(user);
  }

  private otherMaintainer(repoIndex: number, not: number, h: number): number {
    const m = this.maintainers(repoIndex);
    const pick = m[h % m.length]!;
    return pick !== not || m.length === 1 ? pick : m[(h + 1) % m.length]!;
  }

  /** Who merged a merged pull request: usually a maintainer other than the author; a maintainer author now and then merges their own. */
  mergedBy(state: RepoState, i: number): number | null {
    const s = state.items;
    if (!s.merged[i]) return null;
    const given = this.world.mergers.get(itemKey(state.meta.index, i + 1));
    if (given !== undefined) return given;
    const author = s.author[i]!;
    const h = mix32(this.world.seed, state.meta.index, i, 0x3e6ed);
    if (this.isMaintainer(state.meta.index, author) && h % 3 === 0) return author;
    return this.otherMaintainer(state.meta.index, author, h >>> 3);
  }

  reviews(state: RepoState, i: number): SimReview[] {
    const s = state.items;
    const key = itemKey(state.meta.index, i + 1);
    const added = this.addedReviews.get(key) ?? [];
    const out: SimReview[] = [];
    const h = mix32(this.world.seed, state.meta.index, i, 0x7e51);
    const open = s.has(i, F_OPEN);
    // A scripted pull request has only the reviews a test adds.
    const count = this.world.scripted.has(key) || (open && s.has(i, F_DRAFT)) ? 0 : h % MAX_GENERATED_REVIEWS;
    const created = s.created[i]!;
    // Reviews fall between creation and the merge or close (or the last update of an open PR).
    const end = Math.max(created + 60, s.merged[i] || s.closed[i] || s.updated[i]!);
    const merged = s.merged[i]! > 0;
    const author = s.author[i]!;
    const base = itemKey(state.meta.index, i + 1) * 16;
    for (let k = 0; k < count; k++) {
      const r = mix32(this.world.seed, state.meta.index, i, k, 0x7e52);
      const last = k === count - 1;
      // One review in six comes from someone without write access.
      const outsider = r % 6 === 0 && !(merged && last);
      let user = outsider ? this.world.users.generalStart + ((r >>> 4) % this.world.users.generalCount()) : this.otherMaintainer(state.meta.index, author, r >>> 4);
      if (user === author) user = this.otherMaintainer(state.meta.index, author, r >>> 9);
      const state_: ReviewState = merged && last ? 'APPROVED' : outsider ? 'COMMENTED' : r % 5 < 2 ? 'CHANGES_REQUESTED' : r % 5 === 2 ? 'APPROVED' : 'COMMENTED';
      const at = Math.min(end, created + Math.floor(((end - created) * (k + 1)) / (count + 1)));
      out.push({ id: base + k, user, state: state_, at });
    }
    return out.concat(added);
  }

  /** Adds a review at the world's time (the caller stamps the item). */
  addReview(state: RepoState, i: number, user: number, reviewState: ReviewState): SimReview {
    const key = itemKey(state.meta.index, i + 1);
    const list = this.addedReviews.get(key) ?? [];
    const review: SimReview = { id: 40_000_000_000_000 + key * 4096 + list.length, user, state: reviewState, at: this.world.nowSec };
    list.push(review);
    this.addedReviews.set(key, list);
    return review;
  }

  /** The latest `labeled` event of each label the item carries, oldest first. */
  labelEvents(state: RepoState, i: number): SimLabelEvent[] {
    const s = state.items;
    const mask = s.labels[i]!;
    const set = this.labelActors.get(itemKey(state.meta.index, i + 1));
    const out: SimLabelEvent[] = [];
    for (let bit = 0; bit < state.meta.labels.length; bit++) {
      if ((mask & (1 << bit)) === 0) continue;
      const given = set?.get(bit);
      if (given) {
        out.push({ bit, actor: given.actor, at: given.at });
        continue;
      }
      const h = mix32(this.world.seed, state.meta.index, i, bit, 0x1abe1);
      const author = s.author[i]!;
      // About one label in five is applied by the item's author (a non-maintainer, mostly).
      const actor = h % 5 === 0 ? author : this.otherMaintainer(state.meta.index, -1, h >>> 3);
      const at = Math.min(s.updated[i]!, s.created[i]! + 30 + ((h >>> 8) % 86_400));
      out.push({ bit, actor, at });
    }
    return out.sort((a, b) => a.at - b.at || a.bit - b.bit);
  }

  /** Records who applied a label (the caller sets the item's label mask and stamps it). */
  labelApplied(state: RepoState, i: number, bit: number, actor: number): void {
    const key = itemKey(state.meta.index, i + 1);
    const set = this.labelActors.get(key) ?? new Map<number, { actor: number; at: number }>();
    set.set(bit, { actor, at: this.world.nowSec });
    this.labelActors.set(key, set);
  }

  /** When the title or description was last edited (null: never). */
  lastEditedAt(state: RepoState, i: number): number | null {
    const edited = this.edits.get(itemKey(state.meta.index, i + 1));
    if (edited !== undefined) return edited;
    if (this.world.scripted.has(itemKey(state.meta.index, i + 1))) return null;
    const s = state.items;
    const h = mix32(this.world.seed, state.meta.index, i, 0xed17);
    const created = s.created[i]!;
    if (s.merged[i]! && h % 23 === 0) {
      // Edited after the merge, within the item's updated_at.
      const at = Math.min(s.updated[i]!, s.merged[i]! + 3600 * (1 + ((h >>> 8) % 48)));
      return at > s.merged[i]! ? at : null;
    }
    if (h % 4 !== 0) return null;
    const end = Math.max(created + 1, s.merged[i] || s.closed[i] || s.updated[i]!);
    return created + 1 + ((h >>> 8) % (end - created));
  }

  edited(state: RepoState, i: number): void {
    this.edits.set(itemKey(state.meta.index, i + 1), this.world.nowSec);
  }

  /**
   * Who closed a closed issue, and with which pull request: the merged pull
   * request that links it and merged when it closed, or nobody's (closed by
   * hand by a maintainer or its author).
   */
  closer(state: RepoState, i: number): SimCloser | null {
    const s = state.items;
    if (s.has(i, F_OPEN) || !s.closed[i]) return null;
    const closedAt = s.closed[i]!;
    for (const ref of this.reverse.closedBy(state, i + 1, true)) {
      const prState = this.world.repo(ref.repo);
      const j = ref.number - 1;
      const merged = prState.items.merged[j]!;
      if (merged > 0 && Math.abs(merged - closedAt) <= 60) {
        return { actor: this.mergedBy(prState, j)!, at: closedAt, pr: { repoIndex: prState.meta.index, number: ref.number } };
      }
    }
    const h = mix32(this.world.seed, state.meta.index, i, 0xc105e);
    const actor = h % 3 === 0 ? s.author[i]! : this.otherMaintainer(state.meta.index, -1, h >>> 2);
    return { actor, at: closedAt, pr: null };
  }
}

/**
 * Fills a World with each repository's history: numbers in creation order,
 * issues and pull requests sharing the number space, plausible lifetimes and
 * states. Everything is a function of the seed, so two runs agree item by item.
 */
import { pullBodyRefs } from './bodies.ts';
import { placeRegulars } from './regulars.ts';
import { mix32, Rng } from './random.ts';
import { F_DELETED, F_DRAFT, F_FROM_FORK, F_HEAD_GONE, F_LOCKED, F_OPEN, F_PR, itemKey, reasonCode, splitKey, type ItemStore } from './store.ts';
import type { RepoState, World } from './world.ts';

const HOUR = 3600;
const DAY = 86_400;

/** Picks an author: users, a few bots on PRs, the owner now and then, rare mannequins. */
export function pickAuthor(world: World, repoIndex: number, isPr: boolean, rng: Rng): number {
  const users = world.users;
  const r = rng.float();
  if (r < 0.01) return rng.pick(users.mannequins);
  // Deleted accounts show up as `ghost`.
  if (r < 0.015) return 0;
  if (isPr && r < 0.06) return rng.pick(users.bots);
  if (r < 0.08) return users.ownerOf(repoIndex, world.seed);
  // A per-repository circle of regulars writes most items, strangers the rest.
  const span = users.generalCount();
  const circle = 40 + (mix32(world.seed, repoIndex) % 60);
  const base = mix32(world.seed, repoIndex, 3) % span;
  const offset = rng.chance(0.75) ? rng.skewed(circle, 2) : rng.int(0, span - 1);
  return users.generalStart + ((base + offset) % span);
}

export function pickLabels(state: RepoState, isPr: boolean, rng: Rng): number {
  const n = rng.weighted([[0, 35], [1, 40], [2, 18], [3, 7]] as const);
  let mask = 0;
  for (let k = 0; k < n; k++) {
    const bit = rng.int(0, state.meta.labels.length - 1);
    if (isPr && rng.chance(0.3)) continue;
    mask |= 1 << bit;
  }
  return mask >>> 0;
}

/** Writes a fresh item's identity fields; state and timestamps are the caller's. */
export function initItem(world: World, state: RepoState, i: number, isPr: boolean, rng: Rng): void {
  const s = state.items;
  s.flags[i] = isPr ? F_PR : 0;
  s.author[i] = pickAuthor(world, state.meta.index, isPr, rng);
  s.labels[i] = pickLabels(state, isPr, rng);
  s.comments[i] = rng.skewed(60, 4);
  if (isPr) {
    s.base[i] = rng.chance(0.14) ? rng.int(1, state.meta.branches.length - 1) : 0;
    if (rng.chance(0.7)) s.set(i, F_FROM_FORK, true);
    if (s.has(i, F_FROM_FORK) && rng.chance(0.04)) s.set(i, F_HEAD_GONE, true);
  }
}

function settle(s: ItemStore, i: number, isPr: boolean, created: number, end: number, rng: Rng): void {
  const age = end - created;
  const life = Math.max(60, Math.min(age - 60, Math.floor(age * Math.pow(rng.float(), 3))));
  const closedAt = created + life;
  if (isPr) {
    const fate = rng.weighted([['merged', 55], ['closed', 15], ['open', 30]] as const);
    if (fate === 'open' || age < 2 * HOUR) {
      s.set(i, F_OPEN, true);
      if (rng.chance(0.3)) s.set(i, F_DRAFT, true);
    } else {
      s.closed[i] = closedAt;
      if (fate === 'merged') s.merged[i] = closedAt;
    }
  } else {
    const closed = rng.chance(0.35 + 0.5 * Math.min(1, age / (365 * DAY)));
    if (!closed || age < 2 * HOUR) {
      s.set(i, F_OPEN, true);
      if (rng.chance(0.05)) s.reason[i] = reasonCode('reopened');
    } else {
      s.closed[i] = closedAt;
      s.reason[i] = reasonCode(rng.weighted([['completed', 72], ['not_planned', 19], ['duplicate', 9]] as const));
    }
  }
  const last = s.closed[i] || created;
  s.updated[i] = Math.min(end - 1, last + Math.floor(rng.skewed(30 * DAY, 5)));
  if (rng.chance(0.02)) s.set(i, F_LOCKED, true);
}

/** Generates every repository's initial items. */
export function populate(world: World): void {
  const end = world.nowSec - HOUR;
  for (const state of world.repos) {
    const meta = state.meta;
    const count = meta.initialCount;
    const start = Math.max(meta.createdAt + DAY, end - 3 * 365 * DAY);
    const span = Math.max(count * 2, end - start);
    for (let n = 1; n <= count; n++) {
      const rng = new Rng(mix32(world.seed, meta.index, n, 0x9e4));
      const i = state.items.append();
      const isPr = rng.chance(meta.prShare);
      initItem(world, state, i, isPr, rng);
      // Numbers are handed out in creation order, so created_at rises with the number.
      const created = start + Math.floor((span * (n - 1 + rng.float() * 0.9)) / count);
      state.items.created[i] = created;
      settle(state.items, i, isPr, created, end, rng);
      if (!isPr && rng.chance(0.004)) state.items.set(i, F_DELETED, true);
    }
  }
  // Manual sidebar links exist only in GitHub's data: give a few PRs one.
  for (const state of world.repos) {
    const picker = world.picker(state.meta.index);
    for (let i = 0; i < state.items.count; i++) {
      if (!state.items.isPr(i)) continue;
      const rng = new Rng(mix32(world.seed, state.meta.index, i + 1, 0x11e));
      if (!rng.chance(0.03)) continue;
      const target = picker.same('issue', i + 1, rng);
      if (target !== null) world.manualLinks.set(itemKey(state.meta.index, i + 1), [itemKey(state.meta.index, target)]);
    }
  }
  // A few registered miners active in the last days, so the subnet's rules find someone eligible (regulars.ts).
  world.regulars = placeRegulars(world, end);
  closeWhatMergesClosed(world);
}

/**
 * On GitHub a pull request merged into the default branch closes the issues it
 * links, so no open issue has such a pull request. Lifetimes above are drawn
 * item by item; this pass closes, at the merge, every open issue a merged
 * default-branch pull request links (keywords and sidebar links alike).
 */
function closeWhatMergesClosed(world: World): void {
  for (const state of world.repos) {
    const s = state.items;
    const picker = world.picker(state.meta.index);
    for (let i = 0; i < s.count; i++) {
      if (!s.isPr(i) || s.merged[i] === 0 || s.base[i] !== 0) continue;
      const targets = pullBodyRefs(world.seed, state.meta.index, i + 1, 0, picker).map((ref) => {
        const repo = ref.repo === null ? state : world.lookup(ref.repo)?.state;
        return repo ? itemKey(repo.meta.index, ref.number) : null;
      });
      for (const key of [...targets, ...(world.manualLinks.get(itemKey(state.meta.index, i + 1)) ?? [])]) {
        if (key === null) continue;
        const at = splitKey(key);
        const t = world.repos[at.repoIndex]!.items;
        const j = at.number - 1;
        if (j < 0 || j >= t.count || t.isPr(j) || !t.isLive(j) || !t.has(j, F_OPEN)) continue;
        // A reference into another repository may name an issue opened after the merge: it closes when it appears.
        const closedAt = Math.max(s.merged[i]!, t.created[j]! + 60);
        t.set(j, F_OPEN, false);
        t.closed[j] = closedAt;
        t.reason[j] = reasonCode('completed');
        t.updated[j] = Math.max(t.updated[j]!, closedAt);
      }
    }
  }
}

/**
 * Regulars: a handful of registered miners who work steadily in a few
 * repositories right before the start time, so a demo-sized world has miners
 * the subnet's rules find eligible (history spread over three years leaves a
 * lookback window with a few items a repository, rarely by one author).
 *
 * In each chosen repository the last TAIL numbers are rewritten, oldest first,
 * over the last days before the end of generated history: two issues (by
 * someone without write access: the generated author, or the other regular) and the regulars' pull requests, each regular's merged ones
 * first, then their open ones. Regular A: 5 merged, 3 open (at or next to the
 * open-PR cliff, whose base threshold is 3 in the simulated master list);
 * regular B: 4 merged, 1 closed (credibility 4 / 5 = 0.80), 1 open. Each
 * regular's first merged pull request links (a sidebar link) one of the two
 * issues, which closed as completed 30 s after that merge: a solved issue.
 * Pull requests are from forks into the default branch, ready for review, with
 * no labels (the default label multiplier applies), merged by a maintainer;
 * their files, reviews and descriptions are generated as for any pull request.
 * Everything is a function of the seed.
 */
import { masterList } from './master-list.ts';
import { mix32 } from './random.ts';
import { F_FROM_FORK, F_OPEN, F_PR, itemKey, reasonCode } from './store.ts';
import { simMiners } from './subnet/identity.ts';
import type { RepoState, World } from './world.ts';

const HOUR = 3600;
/** Maintainers are among these (facts.ts). */
const WRITE_ACCESS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
const DAY = 86_400;

/** Repositories given regulars, at most. */
export const REGULAR_REPOS = 3;
/** Numbers rewritten at the end of each chosen repository. */
export const TAIL = 16;
/** Repositories with fewer generated items get none (a small world has no room). */
export const MIN_ITEMS = 60;
/** The tail is spread over at most this many days before the end of history (inside the shortest lookback, 14 days). */
const SPREAD_DAYS = 12;

type Role = { kind: 'issue' } | { kind: 'pr'; who: 0 | 1; fate: 'merged' | 'closed' | 'open'; solves?: number };

/** Tail slots oldest first; `solves` is the slot of the issue a merged pull request links. */
const ROLES: Role[] = [
  { kind: 'issue' },
  { kind: 'issue' },
  { kind: 'pr', who: 0, fate: 'merged', solves: 0 },
  { kind: 'pr', who: 1, fate: 'merged', solves: 1 },
  { kind: 'pr', who: 0, fate: 'merged' },
  { kind: 'pr', who: 1, fate: 'merged' },
  { kind: 'pr', who: 0, fate: 'merged' },
  { kind: 'pr', who: 1, fate: 'closed' },
  { kind: 'pr', who: 0, fate: 'merged' },
  { kind: 'pr', who: 1, fate: 'merged' },
  { kind: 'pr', who: 0, fate: 'merged' },
  { kind: 'pr', who: 1, fate: 'merged' },
  { kind: 'pr', who: 0, fate: 'open' },
  { kind: 'pr', who: 1, fate: 'open' },
  { kind: 'pr', who: 0, fate: 'open' },
  { kind: 'pr', who: 0, fate: 'open' },
];

export interface RegularPlan {
  repoIndex: number;
  /** User indexes of regular A and regular B. */
  users: [number, number];
  /** First number of the tail. */
  first: number;
}

/** Repositories that pay a regular: active (a share), the default label multiplier 1, not archived, big enough. */
function eligibleRepos(world: World): RepoState[] {
  // The list as served (keys in repository order; the default options, as the subnet's scores read it).
  const entries = Object.values(masterList(world, 'current'));
  return world.repos.filter((r) => {
    const e = entries[r.meta.index];
    return !!e && !r.meta.archived && r.meta.initialCount >= MIN_ITEMS && Number(e.emission_share) > 0 && e.default_label_multiplier === 1;
  });
}

/** Picks the repositories and their regulars: registered miners (not sharing an account) who are CONTRIBUTORs there, each regular in one repository. */
export function planRegulars(world: World): RegularPlan[] {
  const miners = simMiners(world).filter((m) => !m.shared);
  const taken = new Set<number>();
  const out: RegularPlan[] = [];
  for (const state of eligibleRepos(world).slice(0, REGULAR_REPOS)) {
    const r = state.meta.index;
    const start = mix32(world.seed, r, 0x7e9) % Math.max(1, miners.length);
    const chosen: number[] = [];
    for (let k = 0; k < miners.length && chosen.length < 2; k++) {
      const u = miners[(start + k) % miners.length]!.userIndex;
      if (taken.has(u) || world.users.associationOf(u, r, world.seed) !== 'CONTRIBUTOR') continue;
      chosen.push(u);
      taken.add(u);
    }
    if (chosen.length === 2) out.push({ repoIndex: r, users: [chosen[0]!, chosen[1]!], first: state.items.count - TAIL + 1 });
  }
  return out;
}

/**
 * Rewrites each chosen repository's tail (run after generation, before merges
 * close what they link). `end` is the end of generated history, epoch seconds.
 */
export function placeRegulars(world: World, end: number): RegularPlan[] {
  const plans = planRegulars(world).filter((plan) => {
    const s = world.repos[plan.repoIndex]!.items;
    return end - 2 * HOUR - (s.created[plan.first - 2]! + 60) >= TAIL * 60;
  });
  for (const plan of plans) {
    const state = world.repos[plan.repoIndex]!;
    const s = state.items;
    const i0 = plan.first - 1;
    // Oldest first, inside the window, strictly after the item before: numbers keep rising with creation time.
    const lo = Math.max(s.created[i0 - 1]! + 60, end - SPREAD_DAYS * DAY);
    const hi = end - 2 * HOUR;
    const created = ROLES.map((_, k) => lo + Math.floor(((hi - lo) * (k + 0.5)) / TAIL));
    const merged: number[] = [];
    ROLES.forEach((role, k) => {
      const i = i0 + k;
      const h = mix32(world.seed, plan.repoIndex, i + 1, 0x7e6);
      s.created[i] = created[k]!;
      s.labels[i] = 0;
      s.reason[i] = 0;
      s.closed[i] = 0;
      s.merged[i] = 0;
      s.base[i] = 0;
      world.manualLinks.delete(itemKey(plan.repoIndex, i + 1));
      if (role.kind === 'issue') {
        s.flags[i] = 0;
        // Someone else's: the generated author when a person without write access, else the other regular.
        const a = s.author[i]!;
        const solver = plan.users[k];
        const keep = a !== 0 && a !== solver && world.users.get(a).type === 'User' && !WRITE_ACCESS.has(world.users.associationOf(a, plan.repoIndex, world.seed));
        if (!keep) s.author[i] = plan.users[1 - k]!;
        s.updated[i] = created[k]!;
        return;
      }
      s.flags[i] = F_PR | F_FROM_FORK;
      s.author[i] = plan.users[role.who];
      // Merged or closed 2 to 38 hours later, before the end of history.
      const settleAt = Math.min(end - 60, created[k]! + 2 * HOUR + (h % (36 * HOUR)));
      if (role.fate === 'open') {
        s.set(i, F_OPEN, true);
        s.updated[i] = Math.min(end - 1, created[k]! + (h % (6 * HOUR)));
      } else {
        s.closed[i] = settleAt;
        if (role.fate === 'merged') s.merged[i] = settleAt;
        s.updated[i] = settleAt;
      }
      merged[k] = s.merged[i]!;
      if (role.solves !== undefined) {
        const j = i0 + role.solves;
        world.manualLinks.set(itemKey(plan.repoIndex, i + 1), [itemKey(plan.repoIndex, j + 1)]);
        s.closed[j] = s.merged[i]! + 30;
        s.reason[j] = reasonCode('completed');
        s.updated[j] = s.closed[j]!;
      }
    });
  }
  return plans;
}

import { DAY_MS } from '../subnet/facts.ts';

/**
 * How a repository's maintainers treat contributors' pull requests, from the
 * mirror alone (docs/scoring.md, "Responsiveness and competition"). Maintainers'
 * own pull requests are left out of every figure: a maintainer merging their own
 * work in minutes says nothing about how an outside contribution is treated.
 * Times are epoch milliseconds in, whole seconds out.
 */
export interface PullActivity {
  authorKey: string | null;
  login: string | null;
  /** A maintainer of the repository (its maintainer list, or an OWNER/MEMBER/COLLABORATOR association). */
  maintainer: boolean;
  /** A registered miner by the subnet's own data. */
  registered: boolean;
  draft: boolean;
  state: 'open' | 'closed';
  createdAt: number;
  mergedAt: number | null;
  closedAt: number | null;
  /** The first review by anyone but the author (null: none yet). */
  firstReviewAt: number | null;
}

export interface Figures {
  /** Pull requests created in the window with a review by someone else. */
  reviewed: number;
  firstReviewMedianS: number | null;
  /** Merged in the window (by merge time). */
  merged: number;
  /** Closed without merging in the window (by close time). */
  closedUnmerged: number;
  mergeMedianS: number | null;
  /** merged / (merged + closed unmerged); null when neither happened. */
  mergeRate: number | null;
}

export interface AuthorStats extends Figures {
  login: string;
  registered: boolean;
  /** Pull requests in the window: open and closed by creation, merged by merge time. */
  pulls: number;
  open: number;
}

export interface RepoResponsiveness extends Figures {
  windowDays: number;
  activeAuthors: number;
  /** Registered miners among them; null when the hub knows no registration. */
  activeMiners: number | null;
  /** Open pull requests (drafts included) by non-maintainers. */
  openPulls: number;
  /** Open, ready-for-review pull requests by non-maintainers. */
  queue: number;
  queueMedianAgeS: number | null;
  queueOldestAgeS: number | null;
  /** In the queue for longer than `staleDays` with no review yet. */
  stale: number;
  /** Maintainers' own pull requests in the window, left out of everything above. */
  maintainerPulls: number;
  authors: AuthorStats[];
}

/** The middle value; with an even count, the mean of the two middle ones. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 1000));

function figures(pulls: readonly PullActivity[], start: number, now: number): Figures {
  const inWin = (t: number | null): t is number => t !== null && t >= start && t <= now;
  const reviewWaits = pulls.filter((p) => inWin(p.createdAt) && p.firstReviewAt !== null).map((p) => Math.max(0, p.firstReviewAt! - p.createdAt));
  const merges = pulls.filter((p) => inWin(p.mergedAt)).map((p) => Math.max(0, p.mergedAt! - p.createdAt));
  const closedUnmerged = pulls.filter((p) => p.state === 'closed' && p.mergedAt === null && inWin(p.closedAt)).length;
  const decided = merges.length + closedUnmerged;
  return {
    reviewed: reviewWaits.length,
    firstReviewMedianS: seconds(median(reviewWaits)),
    merged: merges.length,
    closedUnmerged,
    mergeMedianS: seconds(median(merges)),
    mergeRate: decided === 0 ? null : merges.length / decided,
  };
}

/** In the subnet's window: open and closed by creation, merged by merge time. */
function counts(p: PullActivity, start: number, now: number): boolean {
  const anchor = p.mergedAt ?? p.createdAt;
  return anchor >= start && anchor <= now;
}

export function repoResponsiveness(all: readonly PullActivity[], o: { now: number; windowDays: number; staleDays: number; registrationKnown: boolean }): RepoResponsiveness {
  const start = o.now - o.windowDays * DAY_MS;
  const pulls = all.filter((p) => !p.maintainer);
  const inWindow = pulls.filter((p) => counts(p, start, o.now));
  const open = pulls.filter((p) => p.state === 'open');
  const queue = open.filter((p) => !p.draft);
  const ages = queue.map((p) => Math.max(0, o.now - p.createdAt));
  const byAuthor = new Map<string, PullActivity[]>();
  for (const p of pulls) {
    if (p.authorKey === null) continue;
    const list = byAuthor.get(p.authorKey) ?? [];
    list.push(p);
    byAuthor.set(p.authorKey, list);
  }
  const authors: AuthorStats[] = [];
  for (const list of byAuthor.values()) {
    const pullsInWindow = list.filter((p) => counts(p, start, o.now)).length;
    if (pullsInWindow === 0) continue;
    authors.push({ login: list[0]!.login ?? list[0]!.authorKey!, registered: list.some((p) => p.registered), pulls: pullsInWindow, open: list.filter((p) => p.state === 'open').length, ...figures(list, start, o.now) });
  }
  authors.sort((a, b) => b.pulls - a.pulls || a.login.localeCompare(b.login));
  const active = new Set(inWindow.map((p) => p.authorKey).filter((k) => k !== null));
  return {
    windowDays: o.windowDays,
    activeAuthors: active.size,
    activeMiners: o.registrationKnown ? authors.filter((a) => a.registered).length : null,
    openPulls: open.length,
    queue: queue.length,
    queueMedianAgeS: seconds(median(ages)),
    queueOldestAgeS: ages.length ? seconds(Math.max(...ages)) : null,
    stale: queue.filter((p) => p.firstReviewAt === null && o.now - p.createdAt > o.staleDays * DAY_MS).length,
    maintainerPulls: all.filter((p) => p.maintainer && counts(p, start, o.now)).length,
    authors,
    ...figures(pulls, start, o.now),
  };
}

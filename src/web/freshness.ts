/**
 * The words the page uses for how fresh a repository's data is. One function
 * decides them for every place that shows freshness (the freshness bar, the
 * repository table, a repository's header), so the words cannot disagree: a
 * repository past its target is never "just now", and one within it is never
 * "Stale".
 */
import type { SubnetFreshness, SyncState } from './api/types.ts';
import { relative } from './hooks/useNow.ts';

export interface SyncFacts {
  last_success_at: string | null;
  consecutive_failures: number;
  last_error: string | null;
  /** The server's judgement when it answered; used when the target is not known. */
  state?: SyncState;
}

export interface Freshness {
  state: SyncState;
  /** "Synced", "Stale", "Failing", "Not synced yet". */
  word: string;
  /** When the last successful sync was: "just now", "40 s ago", "5 min ago"; null if never. */
  when: string | null;
}

/** How long ago, in words; under a minute in seconds unless it is within "just now" and the data is not stale. */
function ago(iso: string, now: number, stale: boolean): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60 && (stale || seconds >= 45)) return `${seconds} s ago`;
  return relative(iso, now);
}

/**
 * `targetSeconds`: how fresh the hub means to keep the repository (from /api/sync).
 * With it, staleness follows the clock as the page stays open; without it, the
 * server's `state` decides.
 */
export function freshness(sync: SyncFacts, now: number, targetSeconds?: number): Freshness {
  const failing = sync.consecutive_failures > 0 && !!sync.last_error;
  if (!sync.last_success_at || Number.isNaN(Date.parse(sync.last_success_at))) {
    return failing ? { state: 'failing', word: 'Failing', when: null } : { state: 'never', word: 'Not synced yet', when: null };
  }
  const age = (now - Date.parse(sync.last_success_at)) / 1000;
  const stale = targetSeconds !== undefined ? age > targetSeconds : sync.state === 'stale';
  const when = ago(sync.last_success_at, now, stale);
  if (failing) return { state: 'failing', word: 'Failing', when };
  return stale ? { state: 'stale', word: 'Stale', when } : { state: 'ok', word: 'Synced', when };
}

/** What each kind of the subnet's data is called on the page. */
export const SUBNET_DATA_NAMES: Record<SubnetFreshness['name'], string> = {
  miners: 'Miners',
  pr_scores: 'Official scores',
  repo_standings: 'Repository standings',
  repo_miners: 'Miners per repository',
  maintainers: 'Maintainers',
  alpha_price: 'Alpha price',
  tao_price: 'TAO price',
};

export interface SubnetWords {
  state: SyncState | 'off';
  /** "Fresh", "Stale", "Failing", "Not fetched yet", "Not configured". */
  word: string;
  when: string | null;
}

/**
 * The words for one kind of the subnet's data. Stale once older than twice its
 * interval (the server's rule), judged at the page's clock; failing while its
 * service fails, with the last good data still shown and its age.
 */
export function subnetFreshness(f: SubnetFreshness, now: number): SubnetWords {
  if (!f.configured) return { state: 'off', word: 'Not configured', when: null };
  const w = freshness({ last_success_at: f.last_success_at, consecutive_failures: f.failing_count, last_error: f.last_error }, now, 2 * f.interval_seconds);
  if (w.state === 'never') return { state: 'never', word: 'Not fetched yet', when: null };
  return { state: w.state, word: w.state === 'ok' ? 'Fresh' : w.word, when: w.when };
}

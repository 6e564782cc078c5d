import { useSyncExternalStore } from 'react';

/**
 * When the reader last opened each repository, kept in this browser only
 * (localStorage). Before a repository's first visit its time is the moment the
 * page was first opened here, so "new" always means "arrived since you have
 * been looking", never "everything".
 */

const KEY = 'sn74-hub:visits:v1';

export interface Visits {
  baseline: number;
  repos: Record<string, number>;
}

let cached: Visits | null = null;
const listeners = new Set<() => void>();

function load(): Visits {
  if (cached) return cached;
  let visits: Visits | null = null;
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Visits> | null;
    if (raw && typeof raw.baseline === 'number' && raw.repos && typeof raw.repos === 'object') visits = { baseline: raw.baseline, repos: raw.repos };
  } catch {
    // Unreadable (private mode, a hand edit): start again from now.
  }
  cached = visits ?? { baseline: Date.now(), repos: {} };
  if (!visits) save(cached);
  return cached;
}

function save(visits: Visits): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(visits));
  } catch {
    // Storage full or disabled: the counts then last for this tab only.
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    // Another tab of the hub recorded a visit.
    if (e.key !== KEY) return;
    cached = null;
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Milliseconds since the epoch of the reader's last visit to the repository. */
export function visitTime(visits: Visits, repo: string): number {
  return visits.repos[repo.toLowerCase()] ?? visits.baseline;
}

export const lastVisit = (repo: string): number => visitTime(load(), repo);

export function markVisited(repo: string, at = Date.now()): void {
  const v = load();
  cached = { ...v, repos: { ...v.repos, [repo.toLowerCase()]: at } };
  save(cached);
  listeners.forEach((l) => l());
}

/** Re-renders when any visit is recorded; read times with lastVisit(). */
export function useVisits(): Visits {
  return useSyncExternalStore(subscribe, load);
}

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Item } from '../api/types.ts';
import { NEWEST_WINDOW, newestQuery } from './queries.ts';
import { useAfterFirstRows } from './useFirstRowsMark.ts';
import { useVisits, visitTime } from './useLastVisit.ts';

export interface NewCount {
  count: number;
  /** The newest-items window ran out before this repository's last visit: the count is a lower bound. */
  atLeast: boolean;
}

function count(into: Map<string, NewCount>, items: Item[] | undefined, sinceOf: (repo: string) => number): void {
  if (!items) return;
  const full = items.length >= NEWEST_WINDOW;
  const oldest = items.length ? Date.parse(items[items.length - 1]!.created_at) : Infinity;
  for (const item of items) {
    const key = item.repo.toLowerCase();
    const since = sinceOf(item.repo);
    const entry = into.get(key) ?? { count: 0, atLeast: false };
    if (Date.parse(item.created_at) > since) entry.count++;
    if (full && oldest > since) entry.atLeast = true;
    into.set(key, entry);
  }
}

/**
 * Issues and pull requests created since the reader last opened each
 * repository, from the newest items across all repositories (two requests,
 * whatever the number of repositories). Keys are lower-cased full names.
 */
export function useNewCounts(pinned?: { repo: string; since: number }): { counts: Map<string, NewCount>; ready: boolean } {
  const visits = useVisits();
  const enabled = useAfterFirstRows();
  const issues = useQuery({ ...newestQuery('issue'), enabled });
  const pulls = useQuery({ ...newestQuery('pull'), enabled });
  const pinnedRepo = pinned?.repo.toLowerCase();
  const pinnedSince = pinned?.since;
  const counts = useMemo(() => {
    // An open repository keeps counting from the visit before this one (its own visit was just recorded).
    const sinceOf = (repo: string) => (pinnedSince !== undefined && repo.toLowerCase() === pinnedRepo ? pinnedSince : visitTime(visits, repo));
    const map = new Map<string, NewCount>();
    count(map, issues.data?.items, sinceOf);
    count(map, pulls.data?.items, sinceOf);
    return map;
  }, [issues.data, pulls.data, visits, pinnedRepo, pinnedSince]);
  return { counts, ready: issues.isSuccess && pulls.isSuccess };
}

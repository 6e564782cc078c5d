import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { freshness, type Freshness, type SyncFacts } from '../freshness.ts';
import { syncQuery } from './queries.ts';
import { useNow } from './useNow.ts';

/**
 * The freshness words of a repository at the page's current time, judged against
 * the target /api/sync reports for it (the freshness bar keeps that answer loaded).
 */
export function useFreshness(): (sync: SyncFacts, repo: string) => Freshness {
  const now = useNow();
  const status = useQuery(syncQuery);
  const targets = useMemo(() => new Map((status.data?.repos ?? []).map((r) => [r.repo.toLowerCase(), r.target_seconds])), [status.data]);
  return useCallback((sync, repo) => freshness(sync, now, targets.get(repo.toLowerCase())), [now, targets]);
}

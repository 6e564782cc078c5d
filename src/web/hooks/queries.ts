import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { ApiError, api, type ListParams, type MinersParams } from '../api/client.ts';
import type { IssueDetail, Item, ItemKind, Page, PullDetail } from '../api/types.ts';
import type { ItemRef, ListFilters, Tab } from '../url-state.ts';

/**
 * Query keys and options in one place. Keys start with what a change event can
 * name (a repository, lower-cased: GitHub names match in any case), so the live
 * stream invalidates exactly the lists and details it touched.
 */

export const PAGE_SIZE = 30;

export const repoKey = (repo: string | undefined) => (repo ? repo.toLowerCase() : '*');

export const reposQuery = queryOptions({ queryKey: ['repos'], queryFn: ({ signal }) => api.repos(signal) });
export const syncQuery = queryOptions({ queryKey: ['sync'], queryFn: ({ signal }) => api.sync(signal), refetchInterval: 30_000 });
export const healthQuery = queryOptions({ queryKey: ['health'], queryFn: ({ signal }) => api.health(signal), staleTime: 5 * 60_000 });

export function listParams(filters: ListFilters, cursor: string, repo?: string): ListParams {
  return {
    repo,
    state: filters.state || undefined,
    author: filters.author || undefined,
    assignee: filters.assignee || undefined,
    label: filters.label || undefined,
    linked: filters.linked || undefined,
    sort: filters.sort,
    direction: filters.direction,
    cursor: cursor || undefined,
    limit: PAGE_SIZE,
    repos: repo ? undefined : filters.repos || undefined,
  };
}

export function listQuery(tab: Tab, p: ListParams) {
  return queryOptions<Page<Item>>({
    queryKey: ['list', tab, repoKey(p.repo), p],
    queryFn: ({ signal }) => (tab === 'pulls' ? api.pulls(p, signal) : api.issues(p, signal)),
    // Keep the previous page on screen while the next loads, but never across tabs:
    // issues shown as pull requests (or the reverse) would be wrong, if only briefly.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === tab ? keepPreviousData(previous) : undefined),
  });
}

export function issueDetailQuery(repo: string, number: number) {
  return queryOptions({ queryKey: ['detail', 'issue', repoKey(repo), number], queryFn: ({ signal }) => api.issue(repo, number, signal), staleTime: 60_000 });
}

export function pullDetailQuery(repo: string, number: number) {
  return queryOptions({ queryKey: ['detail', 'pull', repoKey(repo), number], queryFn: ({ signal }) => api.pull(repo, number, signal), staleTime: 60_000 });
}

export function detailQuery(ref: ItemRef) {
  return queryOptions<IssueDetail | PullDetail>({
    queryKey: ['detail', ref.kind, repoKey(ref.repo), ref.number],
    queryFn: ({ signal }) => (ref.kind === 'pull' ? api.pull(ref.repo, ref.number, signal) : api.issue(ref.repo, ref.number, signal)),
    staleTime: 60_000,
  });
}

export function searchQuery(p: { q: string; type?: ItemKind; repo?: string; cursor?: string }) {
  return queryOptions({
    queryKey: ['search', p],
    queryFn: ({ signal }) => api.search({ ...p, limit: 20 }, signal),
    placeholderData: keepPreviousData,
    enabled: p.q.trim().length > 0,
  });
}

/**
 * The newest items across every repository, for "new since your last visit":
 * one request per kind instead of one per repository. A repository whose count
 * reaches the end of this window shows "at least" (the window is the limit).
 */
export const NEWEST_WINDOW = 100;
export function newestQuery(kind: ItemKind) {
  const p: ListParams = { state: 'all', sort: 'created', direction: 'desc', limit: NEWEST_WINDOW };
  return queryOptions<Page<Item>>({
    queryKey: ['newest', kind],
    queryFn: ({ signal }) => (kind === 'pull' ? api.pulls(p, signal) : api.issues(p, signal)),
    staleTime: 30_000,
  });
}

/** Retry what may succeed on a second try (network, timeouts, 5xx) once, quickly; never a 4xx. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError) return error.retryable && failureCount < 1;
  return failureCount < 1;
}

/** The dashboard's stored snapshot; live updates invalidate it, and it is read again each minute as its windows slide. */
export const dashboardQuery = queryOptions({ queryKey: ['dashboard'], queryFn: ({ signal }) => api.dashboard(signal), refetchInterval: 60_000 });

export function minersQuery(p: MinersParams) {
  return queryOptions({ queryKey: ['miners', p], queryFn: ({ signal }) => api.miners(p, signal), placeholderData: keepPreviousData, refetchInterval: 60_000 });
}

/** A pull request's stored evaluation; 404 score_not_computed until the scoring job evaluated it. */
export function pullScoreQuery(repo: string, number: number) {
  return queryOptions({ queryKey: ['score', repoKey(repo), number], queryFn: ({ signal }) => api.pullScore(repo, number, signal), staleTime: 60_000, retry: shouldRetry });
}

/** A miner's standing and projection: keyed 'miner' so any change event refreshes them (they span repositories). */
export function minerStandingQuery(login: string) {
  return queryOptions({ queryKey: ['miner', 'standing', login.toLowerCase()], queryFn: ({ signal }) => api.minerStanding(login, signal), staleTime: 30_000 });
}

export function minerProjectionQuery(login: string) {
  return queryOptions({ queryKey: ['miner', 'projection', login.toLowerCase()], queryFn: ({ signal }) => api.minerProjection(login, signal), staleTime: 30_000 });
}

/** Under 'repos': every change event refreshes it, as the figures follow the mirror. */
export function responsivenessQuery(repo: string) {
  return queryOptions({ queryKey: ['repos', 'responsiveness', repoKey(repo)], queryFn: ({ signal }) => api.responsiveness(repo, signal) });
}

import type { ApiErrorBody, Dashboard, Health, Issue, IssueDetail, ItemKind, MinerPage, MinerProjection, MinerStanding, Page, Pull, PullDetail, PullScore, ReposPage, Responsiveness, SearchPage, SyncStatus } from './types.ts';

/** What failed, in words a person can act on: the HTTP status, the API's code and its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** 4xx answers will not change by asking again; network failures, timeouts and 5xx may. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

// A request that has not answered by then is reported as failed, with a retry button,
// instead of leaving a spinner up for ever.
const TIMEOUT_MS = 20_000;

export type Params = Record<string, string | number | undefined | null>;

export function queryString(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const url = `${path}${queryString(params)}`;
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (err) {
    if (signal?.aborted) throw err;
    const timedOut = timeout.aborted;
    throw new ApiError(0, timedOut ? 'timeout' : 'network', timedOut ? `No answer within ${TIMEOUT_MS / 1000} s` : 'The hub could not be reached', url);
  }
  if (!res.ok) {
    let code = `http_${res.status}`;
    let message = res.statusText || 'Request failed';
    try {
      const body = (await res.json()) as Partial<ApiErrorBody>;
      if (body.error?.code) code = body.error.code;
      if (body.error?.message) message = body.error.message;
    } catch {
      // Not the API's JSON error shape (a proxy's page, say): keep the status text.
    }
    throw new ApiError(res.status, code, message, url);
  }
  return (await res.json()) as T;
}

const repoPath = (repo: string) => {
  const [owner = '', name = ''] = repo.split('/');
  return `/api/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
};

export interface ListParams {
  repo?: string;
  state?: string;
  author?: string;
  assignee?: string;
  label?: string;
  linked?: 'true' | 'false';
  q?: string;
  sort?: string;
  direction?: string;
  cursor?: string;
  limit?: number;
  /** Global lists only: owner/name, comma-separated. */
  repos?: string;
}

const listQuery = (p: ListParams): Params => ({
  state: p.state,
  author: p.author,
  assignee: p.assignee,
  label: p.label,
  linked: p.linked,
  q: p.q,
  sort: p.sort,
  direction: p.direction,
  cursor: p.cursor,
  limit: p.limit,
  repo: p.repo ? undefined : p.repos,
});

export interface MinersParams {
  repo?: string;
  sort?: 'total' | 'login';
  registered?: 'true' | 'false';
  cursor?: string;
  limit?: number;
}

/** The leaderboard's CSV download: the same filters, every row (GET /api/miners.csv). */
export const minersCsvHref = (p: Omit<MinersParams, 'cursor' | 'limit'>) => `/api/miners.csv${queryString({ ...p })}`;

export const api = {
  health: (signal?: AbortSignal) => getJson<Health>('/api/health', {}, signal),
  repos: (signal?: AbortSignal) => getJson<ReposPage>('/api/repos', {}, signal),
  sync: (signal?: AbortSignal) => getJson<SyncStatus>('/api/sync', {}, signal),
  issues: (p: ListParams, signal?: AbortSignal) => getJson<Page<Issue>>(p.repo ? `${repoPath(p.repo)}/issues` : '/api/issues', listQuery(p), signal),
  pulls: (p: ListParams, signal?: AbortSignal) => getJson<Page<Pull>>(p.repo ? `${repoPath(p.repo)}/pulls` : '/api/pulls', listQuery(p), signal),
  issue: (repo: string, number: number, signal?: AbortSignal) => getJson<IssueDetail>(`${repoPath(repo)}/issues/${number}`, {}, signal),
  pull: (repo: string, number: number, signal?: AbortSignal) => getJson<PullDetail>(`${repoPath(repo)}/pulls/${number}`, {}, signal),
  dashboard: (signal?: AbortSignal) => getJson<Dashboard>('/api/dashboard', {}, signal),
  miners: (p: MinersParams, signal?: AbortSignal) => getJson<MinerPage>('/api/miners', { ...p }, signal),
  pullScore: (repo: string, number: number, signal?: AbortSignal) => getJson<PullScore>(`${repoPath(repo)}/pulls/${number}/score`, {}, signal),
  responsiveness: (repo: string, signal?: AbortSignal) => getJson<Responsiveness>(`${repoPath(repo)}/responsiveness`, {}, signal),
  search: (p: { q: string; type?: ItemKind; repo?: string; cursor?: string; limit?: number }, signal?: AbortSignal) =>
    getJson<SearchPage>('/api/search', { q: p.q, type: p.type, repo: p.repo, cursor: p.cursor, limit: p.limit }, signal),
  minerStanding: (login: string, signal?: AbortSignal) => getJson<MinerStanding>(`/api/miners/${encodeURIComponent(login)}/standing`, {}, signal),
  minerProjection: (login: string, signal?: AbortSignal) => getJson<MinerProjection>(`/api/miners/${encodeURIComponent(login)}/projection`, {}, signal),
};

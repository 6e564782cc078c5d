import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ChangeEvent } from '../api/types.ts';
import { repoHref, hrefOf, DEFAULT_FILTERS } from '../url-state.ts';
import { pushToast } from './toasts.ts';

export type LiveState = 'connecting' | 'live' | 'offline';

// A sync commits a page of changes at once: gather them and refresh each list once.
const FLUSH_MS = 300;

function touches(query: Query, repos: Set<string>, all: boolean): boolean {
  const [scope, , repo, number] = query.queryKey as [string, string?, string?, number?];
  if (all) return true;
  // A miner's standing spans repositories and the scoring job follows every sync: any change may move it.
  if (scope === 'repos' || scope === 'sync' || scope === 'newest' || scope === 'search' || scope === 'dashboard' || scope === 'miners' || scope === 'score' || scope === 'miner') return true;
  if (scope === 'list') return repo === '*' || repos.has(repo ?? '');
  if (scope === 'detail') return repos.has(`${repo}#${number}`) || repos.has(`${repo}#*`);
  return false;
}

function flush(client: QueryClient, batch: ChangeEvent[], all: boolean): void {
  const repos = new Set<string>();
  for (const e of batch) {
    const repo = e.repo.toLowerCase();
    repos.add(repo);
    repos.add(`${repo}#${e.number}`);
    // A pull request's change moves the linked-pull chips of the issues it closes, whose numbers the event does not carry.
    if (e.type === 'pull') repos.add(`${repo}#*`);
  }
  void client.invalidateQueries({ predicate: (q) => touches(q, repos, all) });

  const created = batch.filter((e) => e.kind === 'created' && e.type === 'issue');
  if (created.length === 1) {
    const e = created[0]!;
    const ref = { repo: e.repo, kind: 'issue' as const, number: e.number };
    pushToast({ title: `New issue ${e.repo}#${e.number}`, body: e.title ?? undefined, item: ref, href: hrefOf({ view: 'repo', repo: e.repo, tab: 'issues', filters: DEFAULT_FILTERS, cursor: '', item: ref }) });
  } else if (created.length > 1) {
    const inRepos = [...new Set(created.map((e) => e.repo))];
    pushToast({
      title: `${created.length} new issues`,
      body: inRepos.length === 1 ? `in ${inRepos[0]}` : `in ${inRepos.length} repositories`,
      href: inRepos.length === 1 ? repoHref(inRepos[0]!) : hrefOf({ view: 'list', tab: 'issues', filters: { ...DEFAULT_FILTERS, sort: 'created' }, cursor: '', item: null }),
    });
  }
}

/**
 * Listens to /api/events for the whole page: refreshes what changed (TanStack
 * Query refetches only the queries on screen, marks the rest stale) and raises
 * a toast for new issues. EventSource resumes with Last-Event-ID by itself after
 * a dropped connection; `reset` means too much was missed, so everything refreshes.
 */
export function useLiveUpdates(): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');

  useEffect(() => {
    let source: EventSource | null = null;
    let batch: ChangeEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let attempts = 0;
    let stopped = false;

    const schedule = (all = false) => {
      if (all) {
        batch = [];
        if (timer) clearTimeout(timer);
        timer = null;
        flush(client, [], true);
        return;
      }
      timer ??= setTimeout(() => {
        timer = null;
        const b = batch;
        batch = [];
        flush(client, b, false);
      }, FLUSH_MS);
    };

    const connect = () => {
      source = new EventSource('/api/events');
      source.addEventListener('ready', () => {
        attempts = 0;
        setState('live');
      });
      source.addEventListener('open', () => setState('live'));
      source.addEventListener('change', (ev) => {
        try {
          batch.push(JSON.parse((ev as MessageEvent<string>).data) as ChangeEvent);
          schedule();
        } catch {
          // A malformed event is skipped; the next sync's events still arrive.
        }
      });
      // Too much was missed (or history was pruned): the reset's id moves the browser's
      // resume point to now, and every query is invalidated so what is shown reloads.
      source.addEventListener('reset', () => schedule(true));
      source.addEventListener('shutdown', () => {
        source?.close();
        setState('offline');
        reconnect();
      });
      source.addEventListener('error', () => {
        // CONNECTING: the browser retries by itself. CLOSED (e.g. a 5xx): it gave up, so retry here, backing off.
        if (source?.readyState === EventSource.CLOSED) {
          setState('offline');
          reconnect();
        } else setState('connecting');
      });
    };

    const reconnect = () => {
      if (stopped || retry) return;
      const delay = Math.min(60_000, 2_000 * 2 ** attempts++);
      retry = setTimeout(() => {
        retry = null;
        // What changed while disconnected is not known: refresh what is shown.
        schedule(true);
        connect();
      }, delay);
    };

    connect();
    return () => {
      stopped = true;
      source?.close();
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
    };
  }, [client]);

  return state;
}

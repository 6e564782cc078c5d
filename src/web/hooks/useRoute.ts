import { useMemo, useSyncExternalStore } from 'react';
import { parseLocation, type Route } from '../url-state.ts';

/**
 * A router small enough to read: the location is the state, `navigate` pushes
 * (or replaces) it, popstate (Back, Forward) notifies, and views re-render from
 * the parsed Route. Per-entry extras the URL does not need to carry (the
 * cursors of earlier pages) ride in history.state.
 */

export interface HistoryState {
  /** Cursors of the pages before this one, oldest first ('' is the first page). */
  cursors?: string[];
}

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('popstate', notify);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function navigate(href: string, options: { replace?: boolean; state?: HistoryState; toTop?: boolean } = {}): void {
  if (href === snapshot() && !options.state) return;
  const from = window.location.pathname;
  window.history[options.replace ? 'replaceState' : 'pushState'](options.state ?? {}, '', href);
  // A new view (or page of a list) starts at its top; the same view with other filters keeps the reader's place.
  if (!options.replace && (options.toTop || new URL(href, window.location.href).pathname !== from)) window.scrollTo(0, 0);
  notify();
}

export function historyState(): HistoryState {
  return (window.history.state as HistoryState | null) ?? {};
}

export function useRoute(): Route {
  const location = useSyncExternalStore(subscribe, snapshot);
  return useMemo(() => {
    const at = location.indexOf('?');
    return at < 0 ? parseLocation(location, '') : parseLocation(location.slice(0, at), location.slice(at));
  }, [location]);
}

import { useLayoutEffect, useSyncExternalStore } from 'react';

/** The performance mark the page bench reads: see bench/page.bench.ts for the definition. */
export const FIRST_ROWS_MARK = 'hub:first-rows';

// Requests that are not needed for the first screen wait for it (or for this long, on a view without rows).
const FALLBACK_MS = 2_000;
let shown = false;
const listeners = new Set<() => void>();

function markShown(): void {
  if (shown) return;
  shown = true;
  listeners.forEach((l) => l());
}

/**
 * Marks, once per page load, the first paint showing rows of real data (the
 * repository list, an item list or search results). The layout effect runs
 * after React wrote the rows to the DOM; the frame that follows paints them,
 * and a task queued from that frame's animation callback runs after the paint.
 */
export function useFirstRowsMark(hasRows: boolean): void {
  useLayoutEffect(() => {
    if (!hasRows || shown) return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (shown) return;
        performance.mark(FIRST_ROWS_MARK);
        markShown();
      }, 0),
    );
  }, [hasRows]);
}

/**
 * True once the first rows are on screen: secondary requests (the "new since
 * your last visit" counts) wait for it, so on a busy server they do not queue
 * ahead of the list the reader is waiting for.
 */
export function useAfterFirstRows(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      const t = setTimeout(markShown, FALLBACK_MS);
      return () => {
        listeners.delete(l);
        clearTimeout(t);
      };
    },
    () => shown,
  );
}

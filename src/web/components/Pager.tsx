import { ChevronLeftIcon, ChevronRightIcon } from '@primer/octicons-react';
import { Button } from '@primer/react';
import { historyState, navigate } from '../hooks/useRoute.ts';

interface PagerProps {
  cursor: string;
  nextCursor: string | null;
  /** The href of this view at another cursor ('' is the first page). */
  hrefAt: (cursor: string) => string;
  busy: boolean;
}

/**
 * Keyset pages go forward only (a cursor names where the next page starts), so
 * the way back is remembered: each history entry carries the cursors of the
 * pages before it. A shared link to a later page still offers "First page".
 */
export function Pager({ cursor, nextCursor, hrefAt, busy }: PagerProps) {
  const before = historyState().cursors ?? [];
  // Page numbers only when the chain of pages started at the first one.
  const known = cursor === '' || before[0] === '';
  const page = cursor === '' ? 1 : before.length + 1;
  if (!cursor && !nextCursor) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {cursor ? (
        <Button
          leadingVisual={ChevronLeftIcon}
          onClick={() => {
            if (before.length > 0) navigate(hrefAt(before[before.length - 1]!), { state: { cursors: before.slice(0, -1) }, toTop: true });
            else navigate(hrefAt(''), { toTop: true });
          }}
        >
          {before.length > 0 ? 'Previous page' : 'First page'}
        </Button>
      ) : null}
      <span className="pager-where" aria-live="polite">
        {known ? `Page ${page}` : 'A later page'}
        {busy ? ' (loading…)' : ''}
      </span>
      {nextCursor ? (
        <Button trailingVisual={ChevronRightIcon} onClick={() => navigate(hrefAt(nextCursor), { state: { cursors: [...before, cursor] }, toTop: true })}>
          Next page
        </Button>
      ) : null}
    </nav>
  );
}

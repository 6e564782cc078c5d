import { Button } from '@primer/react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { listParams, listQuery } from '../hooks/queries.ts';
import { listCount } from '../list-count.ts';
import { DEFAULT_FILTERS, type ListFilters, type Route, type Tab } from '../url-state.ts';
import { ItemList } from './ItemList.tsx';
import { Pager } from './Pager.tsx';
import { Empty, Loading, LoadError, SkeletonRows } from './QueryState.tsx';

interface ItemsSectionProps {
  tab: Tab;
  /** One repository, or every tracked one (with filters.repos). */
  repo?: string;
  filters: ListFilters;
  cursor: string;
  route: Route;
  newSince: (repo: string) => number;
  hrefAt: (cursor: string) => string;
  authorHref: (author: string) => string;
  assigneeHref: (login: string) => string;
  onFilters: (filters: ListFilters) => void;
  /** What to suggest when nothing at all is there (no filters set). */
  emptyHint?: ReactNode;
}

/** One page of issues or pull requests, in every state a request can be in. */
export function ItemsSection({ tab, repo, filters, cursor, route, newSince, hrefAt, authorHref, assigneeHref, onFilters, emptyHint }: ItemsSectionProps) {
  const query = useQuery(listQuery(tab, listParams(filters, cursor, repo)));
  const noun = tab === 'pulls' ? 'pull requests' : 'issues';
  const what = `${noun}${repo ? ` of ${repo}` : ''}`;

  if (query.isPending) {
    return (
      <div aria-busy="true">
        <Loading what={what} />
        <SkeletonRows />
      </div>
    );
  }
  if (query.isError && !query.data) {
    return <LoadError what={what} error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
  }
  const page = query.data;
  const filtered = (Object.keys(DEFAULT_FILTERS) as (keyof ListFilters)[]).some((k) => filters[k] !== DEFAULT_FILTERS[k]);
  // A different page or filter is on its way while the previous answer stays up: say so.
  const switching = query.isPlaceholderData && query.isFetching;
  const count = listCount(
    { total: page.total_count, shown: page.items.length, first: !cursor, more: page.next_cursor !== null },
    tab === 'pulls' ? { one: 'pull request', many: 'pull requests' } : { one: 'issue', many: 'issues' },
  );

  return (
    <div aria-busy={switching}>
      {switching ? <div className="list-progress" role="progressbar" aria-label={`Loading ${what}`} /> : null}
      {query.isError ? <LoadError what={`the latest ${what} (showing the previous answer)`} error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} /> : null}
      {count ? (
        <p className="list-count" aria-live="polite">
          {count}
        </p>
      ) : null}
      {page.items.length === 0 ? (
        cursor ? (
          <Empty title="No more items on this page">
            The list changed since this page was reached. <a href={hrefAt('')}>Back to the first page</a>.
          </Empty>
        ) : filtered ? (
          <Empty title={`No ${noun} match these filters`}>
            <p>Widen the state, or clear the author, assignee, label or claim filters.</p>
            <Button onClick={() => onFilters({ ...DEFAULT_FILTERS, repos: filters.repos })}>Clear filters</Button>
          </Empty>
        ) : (
          <Empty title={`No open ${noun} here`}>{emptyHint}</Empty>
        )
      ) : (
        <ItemList
          kind={tab === 'pulls' ? 'pull' : 'issue'}
          items={page.items}
          route={route}
          showRepo={!repo}
          newSince={newSince}
          authorHref={authorHref}
          assigneeHref={assigneeHref}
          label={`${noun[0]!.toUpperCase()}${noun.slice(1)}${repo ? ` of ${repo}` : ''}`}
        />
      )}
      <Pager cursor={cursor} nextCursor={page.next_cursor} hrefAt={hrefAt} busy={switching} />
    </div>
  );
}

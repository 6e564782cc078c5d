import { useQuery } from '@tanstack/react-query';
import type { SearchHit } from '../api/types.ts';
import { Highlight } from '../components/Highlight.tsx';
import { AppLink } from '../components/AppLink.tsx';
import { MinerLink } from '../components/MinerLink.tsx';
import { Pager } from '../components/Pager.tsx';
import { Empty, Loading, LoadError, SkeletonRows } from '../components/QueryState.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { StatusIcon } from '../components/ItemStatus.tsx';
import { TabLinks } from '../components/TabLinks.tsx';
import { searchQuery } from '../hooks/queries.ts';
import { useFirstRowsMark } from '../hooks/useFirstRowsMark.ts';
import { NAV_ROW } from '../hooks/useShortcuts.ts';
import { hrefOf, withItem, type Route } from '../url-state.ts';

type SearchRoute = Extract<Route, { view: 'search' }>;
const TYPES = [
  ['', 'Everything'],
  ['issue', 'Issues'],
  ['pull', 'Pull requests'],
] as const;

function Hit({ hit, route }: { hit: SearchHit; route: SearchRoute }) {
  const item = hit.item;
  return (
    <li className="item-row">
      <StatusIcon kind={hit.type} status={item.status} />
      <div className="item-main">
        <AppLink className="item-title" href={withItem(route, { repo: item.repo, kind: hit.type, number: item.number })} {...{ [NAV_ROW]: '' }}>
          <span className="item-repo">{item.repo} </span>
          <Highlight segments={hit.title_highlight} />
        </AppLink>
        <div className="item-meta">
          <span>#{item.number}</span>
          <span>
            by <MinerLink login={item.author} />
          </span>
          <RelativeTime iso={item.updated_at} prefix="updated" />
        </div>
        {hit.body_snippet.length ? (
          <p className="snippet">
            <Highlight segments={hit.body_snippet} />
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** Full-text search over titles and bodies, best match first. */
export function SearchView({ route }: { route: SearchRoute }) {
  const query = useQuery(searchQuery({ q: route.q, type: route.type || undefined, repo: route.repos || undefined, cursor: route.cursor || undefined }));
  const items = query.data?.items ?? [];
  useFirstRowsMark(items.length > 0);
  const what = `results for “${route.q}”`;

  return (
    <section aria-labelledby="search-title">
      <div className="view-head">
        <h1 id="search-title">{route.q ? <>Search: {route.q}</> : 'Search'}</h1>
        <TabLinks
          label="What to search"
          tabs={TYPES.map(([type, label]) => ({ href: hrefOf({ ...route, type, cursor: '', item: null }), label, current: route.type === type }))}
        />
      </div>
      {!route.q.trim() ? (
        <Empty title="Type words to find">
          Use the search box at the top (press <kbd>/</kbd>). Every word must appear in the title or the description; put &quot;quoted phrases&quot; in quotes.
        </Empty>
      ) : query.isPending ? (
        <div aria-busy="true">
          <Loading what={what} />
          <SkeletonRows />
        </div>
      ) : query.isError && !query.data ? (
        <LoadError what={what} error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      ) : items.length === 0 ? (
        <Empty title={`Nothing matches “${route.q}”`}>
          Fewer words find more: every word has to appear. Or <AppLink href="/issues">browse the issue list</AppLink>.
        </Empty>
      ) : (
        <div aria-busy={query.isPlaceholderData && query.isFetching}>
          {query.isPlaceholderData && query.isFetching ? <div className="list-progress" role="progressbar" aria-label={`Loading ${what}`} /> : null}
          {query.data?.truncated ? <p className="notice">More items match than are ranked: add words or choose a type to narrow the search.</p> : null}
          <ul className="item-list" aria-label="Search results">
            {items.map((hit) => (
              <Hit key={`${hit.item.repo}#${hit.item.number}`} hit={hit} route={route} />
            ))}
          </ul>
          <Pager cursor={route.cursor} nextCursor={query.data?.next_cursor ?? null} hrefAt={(cursor) => hrefOf({ ...route, cursor, item: null })} busy={query.isFetching} />
        </div>
      )}
    </section>
  );
}

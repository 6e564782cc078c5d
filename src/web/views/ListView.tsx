import { useQuery } from '@tanstack/react-query';
import { Filters } from '../components/Filters.tsx';
import { ItemsSection } from '../components/ItemsSection.tsx';
import { AppLink } from '../components/AppLink.tsx';
import { TabLinks } from '../components/TabLinks.tsx';
import { reposQuery } from '../hooks/queries.ts';
import { lastVisit } from '../hooks/useLastVisit.ts';
import { navigate } from '../hooks/useRoute.ts';
import { DEFAULT_FILTERS, hrefOf, type ListFilters, type Route, type Tab } from '../url-state.ts';

type ListRoute = Extract<Route, { view: 'list' }>;

/** Issues or pull requests across every tracked repository (or the one chosen). */
export function ListView({ route }: { route: ListRoute }) {
  const repos = useQuery(reposQuery);
  const at = (tab: Tab, filters: ListFilters) => hrefOf({ view: 'list', tab, filters, cursor: '', item: null });
  const onFilters = (filters: ListFilters) => navigate(at(route.tab, filters));
  const title = route.tab === 'issues' ? 'Issues' : 'Pull requests';

  return (
    <section aria-labelledby="list-title">
      <div className="view-head">
        <h1 id="list-title">{title} across repositories</h1>
      </div>
      <TabLinks
        label="Item kind"
        tabs={(['issues', 'pulls'] as const).map((tab) => ({
          href: at(tab, { ...DEFAULT_FILTERS, repos: route.filters.repos }),
          label: tab === 'issues' ? 'Issues' : 'Pull requests',
          current: route.tab === tab,
        }))}
      />
      <Filters key={route.tab} tab={route.tab} filters={route.filters} onChange={onFilters} repos={repos.data?.items ?? []} />
      <ItemsSection
        tab={route.tab}
        filters={route.filters}
        cursor={route.cursor}
        route={route}
        newSince={lastVisit}
        hrefAt={(cursor) => hrefOf({ ...route, cursor, item: null })}
        authorHref={(author) => at(route.tab, { ...route.filters, author, state: 'all' })}
        assigneeHref={(assignee) => at(route.tab, { ...route.filters, assignee })}
        onFilters={onFilters}
        emptyHint={
          <>
            Nothing open across the tracked repositories. <AppLink href="/">Check the repositories and their sync state</AppLink>.
          </>
        }
      />
    </section>
  );
}

import { LinkExternalIcon } from '@primer/octicons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Filters } from '../components/Filters.tsx';
import { ItemsSection } from '../components/ItemsSection.tsx';
import { AppLink } from '../components/AppLink.tsx';
import { ExternalLink } from '../components/ExternalLink.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { TabLinks } from '../components/TabLinks.tsx';
import { DEMO_NOT_ON_GITHUB, githubHref } from '../github-web.ts';
import { reposQuery } from '../hooks/queries.ts';
import { useGithubWeb } from '../hooks/useGithubWeb.ts';
import { lastVisit, markVisited } from '../hooks/useLastVisit.ts';
import { useFreshness } from '../hooks/useFreshness.ts';
import { useNewCounts } from '../hooks/useNewCounts.ts';
import { navigate } from '../hooks/useRoute.ts';
import { DEFAULT_FILTERS, hrefOf, type ListFilters, type Route, type Tab } from '../url-state.ts';

type RepoRoute = Extract<Route, { view: 'repo' }>;

/** One repository: its issues or pull requests, filtered, with what arrived since the last visit marked. */
export function RepoView({ route }: { route: RepoRoute }) {
  const repos = useQuery(reposQuery);
  const repo = repos.data?.items.find((r) => r.full_name.toLowerCase() === route.repo.toLowerCase());
  // The previous visit marks what is new for as long as this view is open; the new one is recorded at once.
  // (App gives this view a key per repository, so the time is read once per repository opened.)
  const [since] = useState(() => lastVisit(route.repo));
  const { counts } = useNewCounts({ repo: route.repo, since });
  useEffect(() => markVisited(route.repo), [route.repo]);

  const at = (tab: Tab, filters: ListFilters, cursor = '') => hrefOf({ view: 'repo', repo: route.repo, tab, filters, cursor, item: null });
  const hrefAt = (cursor: string) => hrefOf({ ...route, cursor, item: null });
  const authorHref = (author: string) => at(route.tab, { ...route.filters, author, state: 'all' });
  const assigneeHref = (assignee: string) => at(route.tab, { ...route.filters, assignee });
  const onFilters = (filters: ListFilters) => navigate(at(route.tab, filters));
  const name = repo?.full_name ?? route.repo;
  const web = useGithubWeb();
  const githubUrl = githubHref(web, name);
  const arrived = counts.get(route.repo.toLowerCase());
  const freshnessOf = useFreshness();
  const fresh = repo ? freshnessOf(repo.sync, repo.full_name) : null;

  return (
    <section aria-labelledby="repo-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <AppLink href="/">Repositories</AppLink> <span aria-hidden="true">/</span> <span aria-current="page">{name}</span>
      </nav>
      <div className="view-head">
        <h1 id="repo-title">{name}</h1>
        {githubUrl ? (
          <ExternalLink href={githubUrl} className="subtle-link">
            <LinkExternalIcon aria-hidden="true" /> GitHub
          </ExternalLink>
        ) : web.kind === 'demo' ? (
          <span className="subtle-link muted">{DEMO_NOT_ON_GITHUB}</span>
        ) : null}
        {repo && fresh ? (
          <p className="repo-facts">
            <span>weight {repo.weight.toFixed(4)}</span>
            <span>{repo.issues_open} open issues</span>
            <span>
              <AppLink href={at('issues', { ...DEFAULT_FILTERS, linked: 'false' })}>{repo.issues_open_unlinked} unclaimed</AppLink>
            </span>
            <span>{repo.pulls_open} open pull requests</span>
            <span className={`fresh fresh-${fresh.state}`}>
              {fresh.state === 'failing'
                ? `sync failing: ${repo.sync.last_error ?? 'unknown error'}; data `
                : fresh.state === 'never'
                  ? 'not synced yet'
                  : fresh.state === 'stale'
                    ? 'stale: synced '
                    : 'synced '}
              {fresh.when ? <RelativeTime iso={repo.sync.last_success_at} text={fresh.when} /> : null}
            </span>
            {arrived && arrived.count > 0 ? (
              <span className="new-count">
                {arrived.count}
                {arrived.atLeast ? '+' : ''} new since your last visit (<RelativeTime iso={new Date(since).toISOString()} />)
              </span>
            ) : null}
          </p>
        ) : repos.isSuccess ? (
          <p className="repo-facts warn">The hub does not track {route.repo} (or it left the master list).</p>
        ) : null}
      </div>
      <TabLinks
        label={`${name} sections`}
        tabs={(['issues', 'pulls'] as const).map((tab) => ({
          href: at(tab, route.tab === tab ? route.filters : DEFAULT_FILTERS),
          label: tab === 'issues' ? 'Issues' : 'Pull requests',
          current: route.tab === tab,
          count: repo ? (tab === 'issues' ? repo.issues_open : repo.pulls_open) : undefined,
        }))}
      />
      <Filters key={route.tab} tab={route.tab} filters={route.filters} onChange={onFilters} />
      <ItemsSection
        tab={route.tab}
        repo={route.repo}
        filters={route.filters}
        cursor={route.cursor}
        route={route}
        newSince={() => since}
        hrefAt={hrefAt}
        authorHref={authorHref}
        assigneeHref={assigneeHref}
        onFilters={onFilters}
        emptyHint={
          route.tab === 'issues' ? (
            <>
              Nothing to pick up here right now. <AppLink href={at('pulls', DEFAULT_FILTERS)}>See its open pull requests</AppLink> or{' '}
              <AppLink href="/">another repository</AppLink>.
            </>
          ) : (
            <>
              No pull request is open. <AppLink href={at('pulls', { ...DEFAULT_FILTERS, state: 'merged' })}>See what was merged</AppLink>.
            </>
          )
        }
      />
    </section>
  );
}

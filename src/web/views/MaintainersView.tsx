import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ApiError } from '../api/client.ts';
import type { AuthorResponsiveness, RepoStats } from '../api/types.ts';
import { AppLink } from '../components/AppLink.tsx';
import { AuthorItemsLink, MinerLink } from '../components/MinerLink.tsx';
import { SortableHead, type SortColumn } from '../components/SortableHead.tsx';
import { Empty, Loading, LoadError, SkeletonRows } from '../components/QueryState.tsx';
import { responsivenessQuery } from '../hooks/queries.ts';
import { navigate } from '../hooks/useRoute.ts';
import { compareValues, durationText, rateText } from '../money-format.ts';
import { hrefOf, repoHref, type AuthorSort, type Direction, type Route } from '../url-state.ts';

type MaintainersRoute = Extract<Route, { view: 'maintainers' }>;

const COLUMNS: SortColumn<AuthorSort>[] = [
  { key: 'login', label: 'Author', title: 'Who opened the pull requests', numeric: false },
  { key: 'pulls', label: 'Pull requests', title: 'In the window: open and closed by creation, merged by merge time', numeric: true },
  { key: 'open', label: 'Open', title: 'Open now', numeric: true },
  { key: 'first_review', label: 'First review', title: "Median wait for a first review, and against the repository's median", numeric: true },
  { key: 'merge_time', label: 'Time to merge', title: "Median time to merge, and against the repository's median", numeric: true },
  { key: 'merge_rate', label: 'Merge rate', title: 'Merged ÷ (merged + closed unmerged)', numeric: true },
];

function value(a: AuthorResponsiveness, key: AuthorSort): number | string | null {
  if (key === 'login') return a.login.toLowerCase();
  if (key === 'first_review') return a.first_review_median_seconds;
  if (key === 'merge_time') return a.merge_median_seconds;
  if (key === 'merge_rate') return a.merge_rate;
  return a[key];
}

/** "1.6× the repository's" in words, so nobody has to read a ratio. */
function against(ratio: number | null): string {
  if (ratio === null) return '';
  if (Math.abs(ratio - 1) < 0.05) return 'about the repository’s';
  return ratio > 1 ? `${ratio.toFixed(1)}× the repository’s (slower)` : `${ratio.toFixed(2)}× the repository’s (faster)`;
}

function Figures({ s }: { s: RepoStats }) {
  const decided = s.merged + s.closed_unmerged;
  return (
    <dl className="figures">
      <dt>Time to first review</dt>
      <dd>
        <strong>{durationText(s.first_review_median_seconds)}</strong>: the median wait, from opening to the first review by someone other than the author, over the {s.reviewed}{' '}
        pull requests opened in the last {s.window_days} days that had one.
      </dd>
      <dt>Time to merge</dt>
      <dd>
        <strong>{durationText(s.merge_median_seconds)}</strong>: the median time from opening to merge of the {s.merged} pull requests merged in the window.
      </dd>
      <dt>Merge rate</dt>
      <dd>
        <strong>{rateText(s.merge_rate)}</strong>: {decided === 0 ? 'no outside pull request was merged or closed in the window.' : `${s.merged} merged of ${decided} decided (merged or closed) in the window.`}
      </dd>
      <dt>Queue</dt>
      <dd>
        <strong>{s.queue}</strong> open pull requests ready for review; the median has waited {durationText(s.queue_median_age_seconds)}, the oldest {durationText(s.queue_oldest_age_seconds)}.{' '}
        <strong>{s.stale}</strong> {s.stale === 1 ? 'has' : 'have'} waited more than 7 days without any review.
      </dd>
      <dt>Competition</dt>
      <dd>
        {s.active_miners === null ? `${s.active_authors} outside authors` : `${s.active_miners} registered miners (of ${s.active_authors} outside authors)`} opened or merged pull requests in the window; {s.open_pulls} are
        open now; {s.unclaimed_issues} open issues have no open or merged pull request.
      </dd>
      <dt>Left out</dt>
      <dd>{s.maintainer_pulls} pull requests by maintainers in the window: their own work does not show how outside contributions are treated.</dd>
    </dl>
  );
}

export function MaintainersView({ route }: { route: MaintainersRoute }) {
  const query = useQuery(responsivenessQuery(route.repo));
  const authors = useMemo(() => {
    const sign = route.dir === 'asc' ? 1 : -1;
    return [...(query.data?.authors ?? [])].sort((a, b) => compareValues(value(a, route.sort), value(b, route.sort), sign) || a.login.localeCompare(b.login));
  }, [query.data, route.sort, route.dir]);
  const sortBy = (key: AuthorSort) => {
    const dir: Direction = route.sort === key ? (route.dir === 'desc' ? 'asc' : 'desc') : key === 'login' || key === 'first_review' || key === 'merge_time' ? 'asc' : 'desc';
    navigate(hrefOf({ ...route, sort: key, dir }), { replace: true });
  };
  const notYet = query.error instanceof ApiError && query.error.code === 'stats_not_computed';

  return (
    <section aria-labelledby="maintainers-title">
      <div className="view-head">
        <h1 id="maintainers-title">How the maintainers of {route.repo} respond</h1>
        <AppLink href={repoHref(route.repo)}>Its issues</AppLink>
      </div>
      {query.isPending ? (
        <div aria-busy="true">
          <Loading what={`responsiveness of ${route.repo}`} />
          <SkeletonRows count={4} />
        </div>
      ) : notYet ? (
        <Empty title="Not computed yet">The worker computes these figures after scoring the repository and then hourly; they appear here as soon as it has.</Empty>
      ) : query.isError ? (
        <LoadError what={`responsiveness of ${route.repo}`} error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      ) : (
        <>
          <p className="muted">
            From the hub’s mirror of the last {query.data.stats.window_days} days, the repository’s own window. Maintainers’ own pull requests are left out
            {query.data.maintainers.length ? `: ${query.data.maintainers.map((m) => m.login).join(', ')} and any OWNER, MEMBER or COLLABORATOR author.` : ': its OWNER, MEMBER and COLLABORATOR authors.'}
          </p>
          <Figures s={query.data.stats} />
          <h2 id="authors-title">Per author, against the repository</h2>
          {authors.length === 0 ? (
            <Empty title="No outside pull request in the window">When someone other than a maintainer opens a pull request here, their figures appear beside the repository’s.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="repo-table" aria-labelledby="authors-title">
                <SortableHead columns={COLUMNS} sort={route.sort} dir={route.dir} onSort={sortBy} />
                <tbody>
                  {authors.map((a) => (
                    <tr key={a.login}>
                      <th scope="row" data-label="Author">
                        <MinerLink login={a.login} repo={route.repo} />{' '}
                        <AuthorItemsLink href={repoHref(route.repo, 'pulls', { author: a.login, state: 'all' })} label={`Pull requests by ${a.login}`} />
                        {a.registered ? <span className="tag">miner</span> : null}
                      </th>
                      <td className="num" data-label="Pull requests">{a.pulls}</td>
                      <td className="num" data-label="Open">{a.open}</td>
                      <td className="num" data-label="First review">
                        {durationText(a.first_review_median_seconds)} <span className="fresh-sub">{against(a.first_review_vs_repo)}</span>
                      </td>
                      <td className="num" data-label="Time to merge">
                        {durationText(a.merge_median_seconds)} <span className="fresh-sub">{against(a.merge_vs_repo)}</span>
                      </td>
                      <td className="num" data-label="Merge rate">{rateText(a.merge_rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

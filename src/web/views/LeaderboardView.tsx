import { DownloadIcon } from '@primer/octicons-react';
import { Select } from '@primer/react';
import { useQuery } from '@tanstack/react-query';
import { minersCsvHref } from '../api/client.ts';
import { Empty, Loading, LoadError } from '../components/QueryState.tsx';
import { Pager } from '../components/Pager.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { minersQuery, reposQuery } from '../hooks/queries.ts';
import { historyState, navigate } from '../hooks/useRoute.ts';
import { hrefOf, repoHref, type Route } from '../url-state.ts';
import { AppLink } from '../components/AppLink.tsx';
import { AuthorItemsLink, MinerLink } from '../components/MinerLink.tsx';

type LeaderboardRoute = Extract<Route, { view: 'leaderboard' }>;
const PAGE = 50;

/** /leaderboard: miners and authors by the hub's computed total (or login), the official standing beside it, per repository or over all. */
export function LeaderboardView({ route }: { route: LeaderboardRoute }) {
  const repos = useQuery(reposQuery);
  const filters = { repo: route.repo || undefined, sort: route.sort === 'total' ? undefined : route.sort, registered: route.registered || undefined };
  const query = useQuery(minersQuery({ ...filters, cursor: route.cursor || undefined, limit: PAGE }));
  const go = (next: Partial<LeaderboardRoute>) => navigate(hrefOf({ ...route, cursor: '', ...next }));
  // Ranks continue across pages: the history entry knows how many pages came before.
  const offset = route.cursor ? (historyState().cursors?.length ?? 0) * PAGE : 0;
  const sortButton = (sort: LeaderboardRoute['sort'], label: string) => (
    <button type="button" className="sort-button" aria-pressed={route.sort === sort} onClick={() => go({ sort })}>
      {label}
      {route.sort === sort ? <span className="visually-hidden"> (sorted)</span> : null}
    </button>
  );
  return (
    <section aria-labelledby="board-title">
      <div className="view-head">
        <h1 id="board-title">Leaderboard</h1>
        <a className="csv-link" href={minersCsvHref(filters)} download>
          <DownloadIcon aria-hidden="true" /> Download CSV
        </a>
      </div>
      <form className="filters" aria-label="Leaderboard filters" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span className="field-label">Repository</span>
          <Select value={route.repo} onChange={(e) => go({ repo: e.target.value })}>
            <Select.Option value="">All repositories</Select.Option>
            {(repos.data?.items ?? []).map((r) => (
              <Select.Option key={r.full_name} value={r.full_name}>
                {r.full_name}
              </Select.Option>
            ))}
          </Select>
        </label>
        <label className="field">
          <span className="field-label">Who</span>
          <Select value={route.registered} onChange={(e) => go({ registered: e.target.value as LeaderboardRoute['registered'] })}>
            <Select.Option value="">Everyone</Select.Option>
            <Select.Option value="true">Registered miners</Select.Option>
            <Select.Option value="false">Other authors</Select.Option>
          </Select>
        </label>
      </form>
      {query.isPending ? <Loading what="the leaderboard" /> : null}
      {query.isError ? <LoadError what="the leaderboard" error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} /> : null}
      {query.data && query.data.items.length === 0 ? (
        <Empty title="Nobody has a standing here yet">
          The scoring job evaluates every author after each sync. {route.repo ? <AppLink href={hrefOf({ ...route, repo: '', cursor: '' })}>Show every repository</AppLink> : 'Check that the repositories have synced.'}
        </Empty>
      ) : null}
      {query.data && query.data.items.length > 0 ? (
        <div className="table-scroll">
          <table className="sync-table board-table">
            <caption className="visually-hidden">Miners {route.repo ? `in ${route.repo}` : 'across every repository'}, sorted by {route.sort === 'total' ? 'computed total' : 'login'}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col" aria-sort={route.sort === 'login' ? 'ascending' : 'none'}>{sortButton('login', 'Login')}</th>
                <th scope="col" aria-sort={route.sort === 'total' ? 'descending' : 'none'}>{sortButton('total', 'Computed total')}</th>
                <th scope="col">Official total</th>
                <th scope="col">Eligible</th>
                <th scope="col">Repositories</th>
                <th scope="col">Evaluated</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((m, i) => (
                <tr key={m.login}>
                  <td>{offset + i + 1}</td>
                  <th scope="row">
                    <MinerLink login={m.login} repo={route.repo} />
                    {route.repo ? <> <AuthorItemsLink href={repoHref(route.repo, 'pulls', { author: m.login, state: 'all' })} label={`Pull requests by ${m.login} in ${route.repo}`} /></> : null}
                    {m.registered ? <span className="badge">miner</span> : null}
                  </th>
                  <td>{m.total.toFixed(2)}</td>
                  <td>{m.official ? m.official.total_score.toFixed(2) : <span className="muted">—</span>}</td>
                  <td>{m.eligible ? 'yes' : 'no'}{m.official && m.official.is_eligible !== m.eligible ? <span className="muted"> (official: {m.official.is_eligible ? 'yes' : 'no'})</span> : null}</td>
                  <td>{m.repos}</td>
                  <td>
                    <RelativeTime iso={m.computed_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {query.data ? <Pager cursor={route.cursor} nextCursor={query.data.next_cursor} hrefAt={(cursor) => hrefOf({ ...route, cursor })} busy={query.isFetching} /> : null}
    </section>
  );
}

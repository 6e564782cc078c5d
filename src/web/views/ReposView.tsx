import { Select, TextInput } from '@primer/react';
import { SearchIcon } from '@primer/octicons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Repo } from '../api/types.ts';
import { AppLink } from '../components/AppLink.tsx';
import { Empty, Loading, LoadError, SkeletonRows } from '../components/QueryState.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { reposQuery } from '../hooks/queries.ts';
import { useFirstRowsMark } from '../hooks/useFirstRowsMark.ts';
import { useFreshness } from '../hooks/useFreshness.ts';
import { useNewCounts, type NewCount } from '../hooks/useNewCounts.ts';
import { navigate } from '../hooks/useRoute.ts';
import { NAV_ROW } from '../hooks/useShortcuts.ts';
import { hrefOf, repoHref, type Direction, type RepoSort, type Route } from '../url-state.ts';

type ReposRoute = Extract<Route, { view: 'repos' }>;

const COLUMNS: { key: RepoSort; label: string; title?: string; numeric: boolean }[] = [
  { key: 'name', label: 'Repository', numeric: false },
  { key: 'weight', label: 'Weight', title: 'Share of the subnet emission (master list)', numeric: true },
  { key: 'issues_open', label: 'Open issues', numeric: true },
  { key: 'issues_open_unlinked', label: 'Unclaimed', title: 'Open issues no open, draft or merged pull request closes', numeric: true },
  { key: 'pulls_open', label: 'Open PRs', title: 'Open and draft pull requests', numeric: true },
  { key: 'new', label: 'New', title: 'Issues and pull requests created since your last visit', numeric: true },
  { key: 'synced', label: 'Freshness', title: 'Last successful sync with GitHub', numeric: false },
];

function sortValue(r: Repo, key: RepoSort, counts: Map<string, NewCount>): number | string {
  switch (key) {
    case 'name':
      return r.full_name.toLowerCase();
    case 'new':
      return counts.get(r.full_name.toLowerCase())?.count ?? 0;
    case 'synced':
      return r.sync.last_success_at ? Date.parse(r.sync.last_success_at) : 0;
    default:
      return r[key];
  }
}

function Freshness({ repo }: { repo: Repo }) {
  const f = useFreshness()(repo.sync, repo.full_name);
  const s = repo.sync;
  if (f.state === 'failing') {
    return (
      <span className="fresh fresh-failing">
        <span className="fresh-word">{f.word}</span> ({s.consecutive_failures}×): <span className="fresh-error">{s.last_error}</span>
        {s.last_success_at ? (
          <span className="fresh-sub">
            data from <RelativeTime iso={s.last_success_at} text={f.when} />
          </span>
        ) : null}
      </span>
    );
  }
  if (f.state === 'never') return <span className="fresh fresh-never">{f.word}</span>;
  return (
    <span className={`fresh fresh-${f.state}`}>
      <span className="fresh-word">{f.word}</span>
      {f.state === 'stale' ? ': ' : ' '}
      <RelativeTime iso={s.last_success_at} text={f.when} />
    </span>
  );
}

function NewBadge({ value, ready }: { value: NewCount | undefined; ready: boolean }) {
  if (!ready) return <span className="muted">…</span>;
  if (!value || value.count === 0) return <span className="muted">0</span>;
  return (
    <span className="new-count">
      {value.count}
      {value.atLeast ? '+' : ''}
      <span className="visually-hidden"> new since your last visit</span>
    </span>
  );
}

export function ReposView({ route }: { route: ReposRoute }) {
  const query = useQuery(reposQuery);
  const { counts, ready } = useNewCounts();
  const rows = useMemo(() => {
    const needle = route.q.trim().toLowerCase();
    const list = (query.data?.items ?? []).filter((r) => !needle || r.full_name.toLowerCase().includes(needle));
    const sign = route.dir === 'asc' ? 1 : -1;
    return list.sort((a, b) => {
      const x = sortValue(a, route.sort, counts);
      const y = sortValue(b, route.sort, counts);
      return (x < y ? -1 : x > y ? 1 : 0) * sign || b.weight - a.weight;
    });
  }, [query.data, route.q, route.sort, route.dir, counts]);
  useFirstRowsMark(rows.length > 0);

  const sortBy = (key: RepoSort) => {
    const dir: Direction = route.sort === key ? (route.dir === 'desc' ? 'asc' : 'desc') : key === 'name' ? 'asc' : 'desc';
    navigate(hrefOf({ ...route, sort: key, dir }), { replace: true });
  };

  return (
    <section aria-labelledby="repos-title">
      <div className="view-head">
        <h1 id="repos-title">Repositories</h1>
        <TextInput
          leadingVisual={SearchIcon}
          aria-label="Filter repositories by name"
          placeholder="Filter by name"
          value={route.q}
          onChange={(e) => navigate(hrefOf({ ...route, q: e.target.value }), { replace: true })}
          className="repo-filter"
        />
        {/* At phone width the table's headers (its sort buttons) are hidden; this takes their place. */}
        <label className="field phone-only">
          <span className="field-label">Sort by</span>
          <Select value={route.sort} onChange={(e) => navigate(hrefOf({ ...route, sort: e.target.value as RepoSort, dir: e.target.value === 'name' ? 'asc' : 'desc' }), { replace: true })}>
            {COLUMNS.map((c) => (
              <Select.Option key={c.key} value={c.key}>
                {c.label}
              </Select.Option>
            ))}
          </Select>
        </label>
      </div>
      {query.isPending ? (
        <div aria-busy="true">
          <Loading what="repositories" />
          <SkeletonRows count={8} />
        </div>
      ) : query.isError ? (
        <LoadError what="repositories" error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      ) : query.data.items.length === 0 ? (
        <Empty title="No repository is tracked yet">
          The hub tracks the repositories of the Gittensor master list. It is read at start-up and then periodically; check the server log for a refused list, or
          set HUB_REPOS to a local copy.
        </Empty>
      ) : rows.length === 0 ? (
        <Empty title={`No repository matches “${route.q}”`}>
          <AppLink href={hrefOf({ ...route, q: '' })}>Show every repository</AppLink>
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="repo-table">
            <caption className="visually-hidden">Tracked repositories, sorted by {COLUMNS.find((c) => c.key === route.sort)?.label}</caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={route.sort === c.key ? (route.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                    <button type="button" className="sort-button" title={c.title} onClick={() => sortBy(c.key)}>
                      {c.label}
                      <span aria-hidden="true">{route.sort === c.key ? (route.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.full_name} className={r.sync.state === 'failing' ? 'row-failing' : undefined}>
                  <th scope="row" data-label="Repository">
                    <AppLink href={repoHref(r.full_name)} {...{ [NAV_ROW]: '' }}>
                      {r.full_name}
                    </AppLink>
                    {r.archived ? <span className="tag">archived</span> : null}
                  </th>
                  <td className="num" data-label="Weight">
                    {r.weight.toFixed(4)}
                  </td>
                  <td className="num" data-label="Open issues">
                    <AppLink href={repoHref(r.full_name)} aria-label={`${r.issues_open} open issues in ${r.full_name}`}>
                      {r.issues_open}
                    </AppLink>
                  </td>
                  <td className="num" data-label="Unclaimed">
                    <AppLink href={repoHref(r.full_name, 'issues', { linked: 'false' })} aria-label={`${r.issues_open_unlinked} unclaimed open issues in ${r.full_name}`} className={r.issues_open_unlinked > 0 ? 'strong' : undefined}>
                      {r.issues_open_unlinked}
                    </AppLink>
                  </td>
                  <td className="num" data-label="Open PRs">
                    <AppLink href={repoHref(r.full_name, 'pulls')} aria-label={`${r.pulls_open} open pull requests in ${r.full_name}`}>
                      {r.pulls_open}
                    </AppLink>
                  </td>
                  <td className="num" data-label="New">
                    <NewBadge value={counts.get(r.full_name.toLowerCase())} ready={ready} />
                  </td>
                  <td data-label="Freshness">
                    <Freshness repo={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

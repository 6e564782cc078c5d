import { Select, TextInput } from '@primer/react';
import { SearchIcon } from '@primer/octicons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Repo } from '../api/types.ts';
import { AppLink } from '../components/AppLink.tsx';
import { SortableHead, type SortColumn } from '../components/SortableHead.tsx';
import { Empty, Loading, LoadError, SkeletonRows } from '../components/QueryState.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { RepoRules } from '../components/RepoRules.tsx';
import { reposQuery } from '../hooks/queries.ts';
import { useFirstRowsMark } from '../hooks/useFirstRowsMark.ts';
import { useFreshness } from '../hooks/useFreshness.ts';
import { useNewCounts, type NewCount } from '../hooks/useNewCounts.ts';
import { navigate } from '../hooks/useRoute.ts';
import { NAV_ROW } from '../hooks/useShortcuts.ts';
import { compareValues, durationText, moneyText, moneyTitle, percent, rateText } from '../money-format.ts';
import { hrefOf, maintainersHref, repoHref, type Direction, type RepoSort, type Route } from '../url-state.ts';

type ReposRoute = Extract<Route, { view: 'repos' }>;

const COLUMNS: SortColumn<RepoSort>[] = [
  { key: 'name', label: 'Repository', numeric: false },
  { key: 'weight', label: 'Weight', title: 'Share of the subnet emission (master list)', numeric: true },
  { key: 'pool', label: 'Pool share', title: "The repository's slice as a percentage of the miners' pool", numeric: true },
  { key: 'pr_pool', label: 'PR pool', title: 'Paid per day to merged pull requests, shared by score', numeric: true },
  { key: 'issue_pool', label: 'Issue pool', title: 'Paid per day to issue discovery, shared by score', numeric: true },
  { key: 'cut', label: 'Maintainer cut', title: 'Carved out for maintainers who are registered miners; applies only then', numeric: true },
  { key: 'miners', label: 'Miners', title: 'Miners with a pull request in the window (non-maintainers)', numeric: true },
  { key: 'pulls_open', label: 'Open PRs', title: 'Open and draft pull requests', numeric: true },
  { key: 'issues_open', label: 'Open issues', numeric: true },
  { key: 'issues_open_unlinked', label: 'Unclaimed', title: 'Open issues no open, draft or merged pull request closes', numeric: true },
  { key: 'first_review', label: 'First review', title: 'Median wait for a first review by someone else (maintainers’ own pull requests left out)', numeric: true },
  { key: 'merge_time', label: 'Time to merge', title: 'Median time from opening to merge', numeric: true },
  { key: 'merge_rate', label: 'Merge rate', title: 'Merged ÷ (merged + closed unmerged) in the window', numeric: true },
  { key: 'queue_age', label: 'Queue age', title: 'Median age of the open, ready pull requests', numeric: true },
  { key: 'opportunity', label: 'Opportunity', title: 'pools × merge rate ÷ (1 + miners active in the window)', numeric: true },
  { key: 'new', label: 'New', title: 'Issues and pull requests created since your last visit', numeric: true },
  { key: 'synced', label: 'Freshness', title: 'Last successful sync with GitHub', numeric: false },
];

/** Shorter is better for these: they sort ascending first. */
const ASCENDING_FIRST: ReadonlySet<RepoSort> = new Set(['name', 'first_review', 'merge_time', 'queue_age']);

/** Unmeasured values sort after every measured one, whichever the direction. */
function sortValue(r: Repo, key: RepoSort, counts: Map<string, NewCount>): number | string | null {
  const { pay, stats } = r.reward;
  switch (key) {
    case 'name':
      return r.full_name.toLowerCase();
    case 'new':
      return counts.get(r.full_name.toLowerCase())?.count ?? 0;
    case 'synced':
      return r.sync.last_success_at ? Date.parse(r.sync.last_success_at) : 0;
    case 'pool':
      return pay?.slice.share ?? null;
    case 'pr_pool':
      return pay?.pr_pool.share ?? null;
    case 'issue_pool':
      return pay?.issue_pool.share ?? null;
    case 'cut':
      return pay ? (pay.maintainer_cut_applies ? pay.maintainer_cut : 0) : null;
    case 'miners':
      return stats ? (stats.active_miners ?? stats.active_authors) : null;
    case 'first_review':
      return stats?.first_review_median_seconds ?? null;
    case 'merge_time':
      return stats?.merge_median_seconds ?? null;
    case 'merge_rate':
      return stats?.merge_rate ?? null;
    case 'queue_age':
      return stats?.queue_median_age_seconds ?? null;
    case 'opportunity':
      return pay?.opportunity ?? null;
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
    return list.sort((a, b) => compareValues(sortValue(a, route.sort, counts), sortValue(b, route.sort, counts), sign) || b.weight - a.weight);
  }, [query.data, route.q, route.sort, route.dir, counts]);
  useFirstRowsMark(rows.length > 0);
  const open = route.rules ? query.data?.items.find((r) => r.full_name.toLowerCase() === route.rules.toLowerCase()) : undefined;

  const firstDir = (key: RepoSort): Direction => (ASCENDING_FIRST.has(key) ? 'asc' : 'desc');
  const sortBy = (key: RepoSort) => {
    const dir: Direction = route.sort === key ? (route.dir === 'desc' ? 'asc' : 'desc') : firstDir(key);
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
          <Select value={route.sort} onChange={(e) => navigate(hrefOf({ ...route, sort: e.target.value as RepoSort, dir: firstDir(e.target.value as RepoSort) }), { replace: true })}>
            {COLUMNS.map((c) => (
              <Select.Option key={c.key} value={c.key}>
                {c.label}
              </Select.Option>
            ))}
          </Select>
        </label>
      </div>
      <PayNote />
      {open ? <RepoRules repo={open} onClose={() => navigate(hrefOf({ ...route, rules: '' }), { replace: true })} /> : null}
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
            <SortableHead columns={COLUMNS} sort={route.sort} dir={route.dir} onSort={sortBy} />
            <tbody>
              {rows.map((r) => (
                <RepoRow key={r.full_name} r={r} route={route} newCount={counts.get(r.full_name.toLowerCase())} ready={ready} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** What the pay columns mean, and the opportunity order's formula. */
function PayNote() {
  return (
    <details className="pay-note">
      <summary>How pay and opportunity are worked out</summary>
      <p>
        Each repository’s slice is its master-list share of the miners’ pool, plus the shares of repositories where nobody scores; a maintainer cut comes off the top when
        one of its maintainers is a registered miner. The rest splits into a pull-request pool and an issue pool, each shared by score. Amounts are per day, in dollars where
        the hub knows the prices.
      </p>
      <p className="opportunity-formula">
        <strong>Opportunity</strong> = pools × merge rate ÷ (1 + miners active in the window)
      </p>
      <p className="muted">
        Pools: the PR and issue pools as a percentage of the miners’ pool (for a repository where nobody scores yet, its own share after the cut). Merge rate: outside pull
        requests merged ÷ decided in the window, 0.5 where none was decided. A ranking aid, not a promise: the split is by score.
      </p>
    </details>
  );
}

function RepoRow({ r, route, newCount, ready }: { r: Repo; route: ReposRoute; newCount: NewCount | undefined; ready: boolean }) {
  const { pay, stats } = r.reward;
  const rulesOpen = route.rules.toLowerCase() === r.full_name.toLowerCase();
  return (
    <tr className={r.sync.state === 'failing' ? 'row-failing' : undefined}>
      <th scope="row" data-label="Repository">
        <AppLink href={repoHref(r.full_name)} {...{ [NAV_ROW]: '' }}>
          {r.full_name}
        </AppLink>
        {r.archived ? <span className="tag">archived</span> : null}
        <span className="row-links">
          <AppLink href={hrefOf({ ...route, rules: rulesOpen ? '' : r.full_name })} aria-label={`Rules of ${r.full_name}`} aria-expanded={rulesOpen}>
            rules
          </AppLink>
          {' · '}
          <AppLink href={maintainersHref(r.full_name)} aria-label={`Maintainers of ${r.full_name}`}>
            maintainers
          </AppLink>
        </span>
      </th>
      <td className="num" data-label="Weight">
        {r.weight.toFixed(4)}
      </td>
      <td className="num" data-label="Pool share" title={moneyTitle(pay?.slice)}>
        {pay ? percent(pay.slice.pool_percent) : '—'}
      </td>
      <td className="num" data-label="PR pool" title={moneyTitle(pay?.pr_pool)}>
        {moneyText(pay?.pr_pool)}
      </td>
      <td className="num" data-label="Issue pool" title={moneyTitle(pay?.issue_pool)}>
        {moneyText(pay?.issue_pool)}
      </td>
      <td className="num" data-label="Maintainer cut">
        {pay ? (pay.maintainer_cut === 0 ? 'none' : `${Math.round(pay.maintainer_cut * 100)} % ${pay.maintainer_cut_applies ? 'applies' : '(not applied)'}`) : '—'}
      </td>
      <td className="num" data-label="Miners">
        {stats ? (stats.active_miners ?? stats.active_authors) : '—'}
      </td>
      <td className="num" data-label="Open PRs">
        <AppLink href={repoHref(r.full_name, 'pulls')} aria-label={`${r.pulls_open} open pull requests in ${r.full_name}`}>
          {r.pulls_open}
        </AppLink>
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
      <td className="num" data-label="First review">
        {durationText(stats?.first_review_median_seconds)}
      </td>
      <td className="num" data-label="Time to merge">
        {durationText(stats?.merge_median_seconds)}
      </td>
      <td className="num" data-label="Merge rate">
        {rateText(stats?.merge_rate ?? null)}
      </td>
      <td className="num" data-label="Queue age">
        {durationText(stats?.queue_median_age_seconds)}
      </td>
      <td className="num" data-label="Opportunity">
        {pay ? pay.opportunity.toFixed(2) : '—'}
      </td>
      <td className="num" data-label="New">
        <NewBadge value={newCount} ready={ready} />
      </td>
      <td data-label="Freshness">
        <Freshness repo={r} />
      </td>
    </tr>
  );
}

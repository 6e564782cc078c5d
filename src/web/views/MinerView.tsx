import { Button } from '@primer/react';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { ApiError } from '../api/client.ts';
import type { OfficialScore } from '../components/miner/PullBreakdown.tsx';
import { RepoStandingCard } from '../components/miner/RepoStandingCard.tsx';
import { StarButton } from '../components/miner/StarButton.tsx';
import { Empty, LoadError, Loading } from '../components/QueryState.tsx';
import { minerProjectionQuery, minerStandingQuery } from '../hooks/queries.ts';
import { useFirstRowsMark } from '../hooks/useFirstRowsMark.ts';
import { navigate } from '../hooks/useRoute.ts';
import { formatPay, UNIT_WORDS } from '../pay-format.ts';
import { hrefOf, PAY_UNITS, type Route } from '../url-state.ts';

type MinerRoute = Extract<Route, { view: 'miner' }>;

// The chart library is a chunk of its own: the standing paints before it arrives.
const ProjectionChart = lazy(() => import('../components/miner/ProjectionChart.tsx').then((m) => ({ default: m.ProjectionChart })));

/** /miners/{login}: where a miner stands in every repository and what it pays, now and as decay bites. */
export function MinerView({ route }: { route: MinerRoute }) {
  const standing = useQuery(minerStandingQuery(route.login));
  const projection = useQuery(minerProjectionQuery(route.login));
  // The benchmark's "first meaningful paint": the first standing with a repository on screen.
  useFirstRowsMark(standing.isSuccess && standing.data.repos.length > 0);
  const go = (patch: Partial<MinerRoute>) => navigate(hrefOf({ ...route, ...patch }), { replace: true });

  if (standing.isPending) return <Loading what={`${route.login}'s standing`} />;
  if (standing.isError) {
    if (standing.error instanceof ApiError && standing.error.status === 404)
      return (
        <Empty title={`The hub has never seen ${route.login}`}>
          Check the spelling of the GitHub login, or wait for the next sync if their first pull request or issue in a tracked repository is new.
        </Empty>
      );
    return <LoadError what={`${route.login}'s standing`} error={standing.error} onRetry={() => void standing.refetch()} retrying={standing.isFetching} />;
  }
  const s = standing.data;
  const p = projection.data;
  const payOf = new Map((p?.repos ?? []).map((r) => [r.repo.toLowerCase(), r]));
  const officialOf = (repo: string) => new Map<number, OfficialScore>((p?.official_pulls ?? []).filter((o) => o.repo.toLowerCase() === repo.toLowerCase()).map((o) => [o.number, o]));
  const shown = route.repo ? s.repos.filter((r) => r.repo.toLowerCase() === route.repo.toLowerCase()) : s.repos;
  const eligibleCount = s.repos.filter((r) => r.eligible).length;
  const today = p?.points[0];

  return (
    <div className="miner-view">
      <header className="miner-head">
        <h1>{s.login}</h1>
        <StarButton kind="login" value={s.login} label={s.login} />
        <span className="pill">{s.registered ? 'registered miner' : 'not a registered miner'}</span>
      </header>
      <p className="miner-summary">
        Eligible in {eligibleCount} of {s.repos.length} {s.repos.length === 1 ? 'repository' : 'repositories'} · total {s.total.toFixed(2)}
        {p && p.official_total !== null && Math.abs(p.official_total - s.total) > 0.01 ? <span className="official-differs"> · official {p.official_total.toFixed(2)}</span> : null}
        {today ? ` · earning ${formatPay(today, route.unit)}` : ''}
      </p>
      <div className="miner-controls">
        <div role="group" aria-label="Show pay in" className="unit-switch">
          {PAY_UNITS.map((u) => (
            <Button key={u} size="small" variant={u === route.unit ? 'primary' : 'default'} aria-pressed={u === route.unit} onClick={() => go({ unit: u })}>
              {UNIT_WORDS[u]}
            </Button>
          ))}
        </div>
        {s.repos.length > 1 ? (
          <label className="repo-pick">
            Repository{' '}
            <select value={route.repo.toLowerCase()} onChange={(e) => go({ repo: e.target.value })}>
              <option value="">all ({s.repos.length})</option>
              {s.repos.map((r) => (
                <option key={r.repo} value={r.repo.toLowerCase()}>
                  {r.repo}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {projection.isError ? (
        <LoadError what="the projection" error={projection.error} onRetry={() => void projection.refetch()} retrying={projection.isFetching} />
      ) : p ? (
        <>
          <Suspense fallback={<Loading what="the chart" />}>
            <ProjectionChart points={route.repo ? (payOf.get(route.repo.toLowerCase())?.points ?? p.points) : p.points} unit={route.unit} title={`Projected pay per day${route.repo ? ` in ${route.repo}` : ''}`} />
          </Suspense>
          <p className="muted projection-note">{p.assumptions}</p>
        </>
      ) : (
        <Loading what="the projection" />
      )}
      {shown.length === 0 ? (
        <Empty title={s.repos.length === 0 ? `${s.login} has no standing yet` : `No standing in ${route.repo}`}>
          {s.repos.length === 0
            ? 'A standing appears once they author a pull request or an issue in a tracked repository and the scoring job runs after the next sync.'
            : 'Choose “all” to see every repository.'}
        </Empty>
      ) : (
        shown.map((r) => <RepoStandingCard key={r.repo} r={r} pay={payOf.get(r.repo.toLowerCase())} official={officialOf(r.repo)} unit={route.unit} route={route} />)
      )}
    </div>
  );
}

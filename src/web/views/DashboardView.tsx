import { useQuery } from '@tanstack/react-query';
import type { DashboardSnapshot } from '../api/types.ts';
import { AppLink } from '../components/AppLink.tsx';
import { MinerLink } from '../components/MinerLink.tsx';
import { ActivityChart, SERIES } from '../components/dashboard/ActivityChart.tsx';
import { PipelineChart } from '../components/dashboard/PipelineChart.tsx';
import { SourceFreshness } from '../components/dashboard/SourceFreshness.tsx';
import { Empty, Loading, LoadError } from '../components/QueryState.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { TabLinks } from '../components/TabLinks.tsx';
import { dashboardQuery } from '../hooks/queries.ts';
import { ACTIVITY_WINDOWS, hrefOf, withItem, type Route } from '../url-state.ts';

type DashboardRoute = Extract<Route, { view: 'dashboard' }>;
const WINDOW_WORDS = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' } as const;
const pct = (share: number) => `${(share * 100).toFixed(2)} %`;

function Activity({ s, route }: { s: DashboardSnapshot; route: DashboardRoute }) {
  const counts = s.windows[route.window];
  const buckets = route.window === '24h' ? s.hourly : route.window === '7d' ? s.daily.slice(-7) : s.daily;
  return (
    <section aria-labelledby="dash-activity" className="dash-card dash-wide">
      <h2 id="dash-activity">Activity</h2>
      <TabLinks label="Activity window" tabs={ACTIVITY_WINDOWS.map((w) => ({ href: hrefOf({ view: 'dashboard', window: w }), label: WINDOW_WORDS[w], current: w === route.window }))} />
      <dl className="dash-counts">
        {SERIES.map((m) => (
          <div key={m.key}>
            <dt>{m.name}</dt>
            <dd>{counts[m.key].toLocaleString('en')}</dd>
          </div>
        ))}
      </dl>
      <ActivityChart buckets={buckets} unit={route.window === '24h' ? 'hour' : 'day'} title={`${WINDOW_WORDS[route.window]}, ${route.window === '24h' ? 'per hour' : 'per day'}`} />
    </section>
  );
}

function Pipelines({ s }: { s: DashboardSnapshot }) {
  const p = s.pipeline;
  return (
    <section aria-labelledby="dash-pipelines" className="dash-card">
      <h2 id="dash-pipelines">Pipelines</h2>
      <PipelineChart
        id="pipeline-pulls"
        title="Pull requests"
        stages={[
          { name: 'Drafting', count: p.pulls.draft, means: 'draft pull requests' },
          { name: 'Open', count: p.pulls.open, means: 'open for review' },
          { name: 'Merged', count: p.pulls.merged, means: 'merged, all time' },
          { name: 'Scored', count: p.pulls.scored, means: 'merged and earning in the hub’s evaluation' },
        ]}
      />
      <PipelineChart
        id="pipeline-issues"
        title="Issues"
        stages={[
          { name: 'Open', count: p.issues.open, means: 'open issues' },
          { name: 'Completed', count: p.issues.completed, means: 'closed as completed' },
          { name: 'Solved', count: p.issues.solved, means: 'completed by a pull request' },
        ]}
      />
    </section>
  );
}

function TopContributions({ s, route }: { s: DashboardSnapshot; route: DashboardRoute }) {
  return (
    <section aria-labelledby="dash-top" className="dash-card">
      <h2 id="dash-top">Top contributions</h2>
      {s.top_contributions.length === 0 ? (
        <Empty title="No evaluated contribution earns yet">The scoring job evaluates pull requests after each sync; merged pull requests of the window appear here with their reward.</Empty>
      ) : (
        <ol className="dash-list">
          {s.top_contributions.map((c) => (
            <li key={`${c.repo}#${c.number}`}>
              <AppLink href={withItem(route, { repo: c.repo, kind: 'pull', number: c.number })}>
                {c.repo}#{c.number}
              </AppLink>{' '}
              {c.title} <span className="muted">
                — <MinerLink login={c.author} />
              </span> <strong className="dash-reward">{c.earned.toFixed(2)}</strong>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Unclaimed({ s, route }: { s: DashboardSnapshot; route: DashboardRoute }) {
  return (
    <section aria-labelledby="dash-unclaimed" className="dash-card">
      <h2 id="dash-unclaimed">Unclaimed issues where pay is best</h2>
      {s.unclaimed_issues.length === 0 ? (
        <Empty title="No unclaimed open issue in the best-paying repositories">Every open issue there has a pull request, or no repository has an emission share yet.</Empty>
      ) : (
        <ul className="dash-list">
          {s.unclaimed_issues.map((i) => (
            <li key={`${i.repo}#${i.number}`}>
              <AppLink href={withItem(route, { repo: i.repo, kind: 'issue', number: i.number })}>
                {i.repo}#{i.number}
              </AppLink>{' '}
              {i.title} <span className="muted">— share {pct(i.emission_share)}, <RelativeTime iso={i.created_at} prefix="opened" /></span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** /dashboard: what happened, what is in flight, what pays, and how fresh each source is. */
export function DashboardView({ route }: { route: DashboardRoute }) {
  const query = useQuery(dashboardQuery);
  return (
    <section aria-labelledby="dash-title" className="dashboard">
      <div className="view-head">
        <h1 id="dash-title">Dashboard</h1>
        {query.data?.snapshot ? (
          <p className="muted">
            <RelativeTime iso={query.data.snapshot.computed_at} prefix="computed" />
          </p>
        ) : null}
      </div>
      {query.isPending ? <Loading what="the dashboard" /> : null}
      {query.isError ? <LoadError what="the dashboard" error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} /> : null}
      {query.data && !query.data.snapshot ? (
        <Empty title="The dashboard has not been computed yet">The sync worker computes it within a minute of starting (npm start runs it); this page fills in on its own once it has.</Empty>
      ) : null}
      {query.data?.snapshot ? (
        <div className="dash-grid">
          <Activity s={query.data.snapshot} route={route} />
          <Pipelines s={query.data.snapshot} />
          <TopContributions s={query.data.snapshot} route={route} />
          <Unclaimed s={query.data.snapshot} route={route} />
          <section aria-labelledby="dash-sources" className="dash-card dash-wide">
            <h2 id="dash-sources">Sources</h2>
            <SourceFreshness data={query.data} />
          </section>
        </div>
      ) : null}
    </section>
  );
}

import { Button } from '@primer/react';
import { useQuery } from '@tanstack/react-query';
import type { QuotaRow, RepoSync, SubnetFreshness } from '../api/types.ts';
import { syncQuery } from '../hooks/queries.ts';
import type { LiveState } from '../hooks/useLiveUpdates.ts';
import { useNow } from '../hooks/useNow.ts';
import { freshness, SUBNET_DATA_NAMES, subnetFreshness } from '../freshness.ts';
import { repoHref } from '../url-state.ts';
import { AppLink } from './AppLink.tsx';
import { RelativeTime } from './RelativeTime.tsx';

const LIVE_WORDS: Record<LiveState, string> = { live: 'Live', connecting: 'Connecting…', offline: 'Offline, retrying' };
const fmt = new Intl.NumberFormat('en');

function quotaSummary(rows: QuotaRow[]): { resource: string; remaining: number; limit: number; reset: string }[] {
  const by = new Map<string, { resource: string; remaining: number; limit: number; reset: string }>();
  for (const q of rows) {
    const e = by.get(q.resource) ?? { resource: q.resource, remaining: 0, limit: 0, reset: q.reset_at };
    e.remaining += q.remaining;
    e.limit += q.limit;
    if (q.reset_at < e.reset) e.reset = q.reset_at;
    by.set(q.resource, e);
  }
  return [...by.values()].sort((a, b) => a.resource.localeCompare(b.resource));
}

function oldest(repos: RepoSync[]): RepoSync | undefined {
  // Never-synced repositories are the stalest of all.
  return [...repos].sort((a, b) => (b.age_seconds ?? Infinity) - (a.age_seconds ?? Infinity))[0];
}

/**
 * One line for the subnet's data (miners, official scores, maintainers, prices):
 * the oldest of what the hub mirrors, how many services fail, and none of it an
 * error: a service that is down leaves its data shown with its age.
 */
function SubnetSummary({ rows, now }: { rows: SubnetFreshness[]; now: number }) {
  const on = rows.filter((r) => r.configured);
  if (!on.length) return <span>Subnet data: not configured</span>;
  const known = on.filter((r) => r.last_success_at);
  const failing = on.filter((r) => r.failing_count > 0);
  const failingWords = failing.length ? <span className="fresh-failing"> ({failing.map((r) => SUBNET_DATA_NAMES[r.name].toLowerCase()).join(', ')} failing)</span> : null;
  if (!known.length) {
    return (
      <span>
        Subnet data: not fetched yet
        {failingWords}
      </span>
    );
  }
  const worst = known.reduce((a, r) => (r.last_success_at! < a.last_success_at! ? r : a));
  const w = subnetFreshness(worst, now);
  return (
    <span>
      {w.state === 'stale' ? `Subnet data stale: ${SUBNET_DATA_NAMES[worst.name].toLowerCase()} as of` : 'Subnet data as of'} <RelativeTime iso={worst.last_success_at} text={w.when} />
      {failingWords}
    </span>
  );
}

function SubnetTable({ rows, now }: { rows: SubnetFreshness[]; now: number }) {
  return (
    <table className="sync-table">
      <caption className="sync-caption">Subnet data</caption>
      <thead>
        <tr>
          <th scope="col">Data</th>
          <th scope="col">Source</th>
          <th scope="col">Last good answer</th>
          <th scope="col">Problem</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const w = subnetFreshness(r, now);
          return (
            <tr key={r.name}>
              <th scope="row">{SUBNET_DATA_NAMES[r.name]}</th>
              <td>{r.host ?? 'not configured'}</td>
              <td className={w.state === 'stale' ? 'fresh-failing' : undefined}>
                {w.state === 'off' ? '—' : w.when ? <RelativeTime iso={r.last_success_at} text={w.state === 'stale' ? `Stale, ${w.when}` : w.when} /> : w.word}
                {r.never_count > 0 && r.last_success_at ? ` (${r.never_count} of ${r.source_count} not fetched yet)` : ''}
              </td>
              <td className={r.last_error ? 'fresh-failing' : undefined}>{r.last_error ? `${r.failing_count > 1 ? `${r.failing_count} failing; ` : ''}${r.last_error}` : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** How fresh the data is, from /api/sync: last sync per repository, failures, GitHub quota left, and the live stream. */
export function FreshnessBar({ live }: { live: LiveState }) {
  const query = useQuery(syncQuery);
  const now = useNow();
  const liveBadge = (
    <span className={`live live-${live}`} title="Updates arrive over a server-sent event stream">
      <span className="live-dot" aria-hidden="true" />
      {LIVE_WORDS[live]}
    </span>
  );
  if (query.isPending) {
    return (
      <div className="freshness" role="region" aria-label="Data freshness">
        <span>Checking sync state…</span>
        {liveBadge}
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="freshness freshness-error" role="region" aria-label="Data freshness">
        <span>Sync state unavailable ({query.error.message}).</span>
        <Button size="small" onClick={() => void query.refetch()}>
          Retry
        </Button>
        {liveBadge}
      </div>
    );
  }
  const repos = query.data.repos.filter((r) => r.active);
  const failing = repos.filter((r) => r.consecutive_failures > 0 && r.last_error);
  const never = repos.filter((r) => r.age_seconds === null);
  const worst = oldest(repos);
  const newest = repos.filter((r) => r.last_success_at).sort((a, b) => (a.last_success_at! < b.last_success_at! ? 1 : -1))[0];
  const words = (r: RepoSync) => freshness(r, now, r.target_seconds);
  const newestWords = newest ? words(newest) : null;
  const worstWords = worst ? words(worst) : null;
  const quota = quotaSummary(query.data.quota);

  return (
    <div className="freshness" role="region" aria-label="Data freshness">
      <details>
        <summary>
          <span>
            {newest && newestWords ? (
              <>
                {newestWords.state === 'stale' ? 'Stale: newest sync' : 'Synced'} <RelativeTime iso={newest.last_success_at} text={newestWords.when} />
              </>
            ) : (
              'Not synced yet'
            )}
            {worst && worstWords && worst !== newest && worst.age_seconds !== null && worst.age_seconds > 60 ? (
              <>
                ; oldest {worst.repo} {worstWords.state === 'stale' ? 'stale, synced' : 'synced'} <RelativeTime iso={worst.last_success_at} text={worstWords.when} />
              </>
            ) : null}
          </span>
          {failing.length ? <span className="fresh-failing">{failing.length} failing</span> : null}
          {never.length ? <span className="fresh-never">{never.length} not synced yet</span> : null}
          <SubnetSummary rows={query.data.subnet} now={now} />
          <span>
            Quota left:{' '}
            {quota.length
              ? quota.map((q, i) => (
                  <span key={q.resource} className={q.remaining < q.limit * 0.1 ? 'fresh-failing' : undefined}>
                    {i ? ', ' : ''}
                    {q.resource} {fmt.format(q.remaining)}/{fmt.format(q.limit)}
                  </span>
                ))
              : 'not reported yet'}
          </span>
        </summary>
        <table className="sync-table">
          <caption className="visually-hidden">Sync state per repository</caption>
          <thead>
            <tr>
              <th scope="col">Repository</th>
              <th scope="col">Last sync</th>
              <th scope="col">Behind target</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {repos.map((r) => (
              <tr key={r.repo}>
                <th scope="row">
                  <AppLink href={repoHref(r.repo)}>{r.repo}</AppLink>
                </th>
                <td>
                  <RelativeTime iso={r.last_success_at} text={words(r).when} />
                </td>
                <td>{r.lag_seconds === null ? '—' : r.lag_seconds === 0 ? 'on time' : `${Math.round(r.lag_seconds / 60)} min`}</td>
                <td className={r.last_error ? 'fresh-failing' : undefined}>{r.last_error ? `${r.consecutive_failures}× ${r.last_error}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <SubnetTable rows={query.data.subnet} now={now} />
      </details>
      {liveBadge}
    </div>
  );
}

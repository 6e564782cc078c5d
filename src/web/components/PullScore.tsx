import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';
import type { PullScore as PullScoreData } from '../api/types.ts';
import { pullScoreQuery } from '../hooks/queries.ts';
import { Loading, LoadError } from './QueryState.tsx';
import { RelativeTime } from './RelativeTime.tsx';

const FACTORS: Array<[keyof PullScoreData['multipliers'], string, string]> = [
  ['issue', 'Issue', 'a valid linked issue: 1.33, or 1.66 when a maintainer opened it'],
  ['label', 'Label', 'the best maintainer-applied label’s multiplier, or the default'],
  ['decay', 'Decay', 'how long ago it merged, on the repository’s decay curve'],
  ['review', 'Review', '1 − 0.15 for each change request by a maintainer'],
  ['spam', 'Open-PR spam', '0 once the author has too many open pull requests'],
];

function Breakdown({ s }: { s: PullScoreData }) {
  const p = s.projection;
  return (
    <div className="score">
      <p className="score-line">
        <strong className="score-earned">{s.earned.toFixed(2)}</strong> earned
        {s.state === 'open' ? <> · {s.collateral.toFixed(2)} held as collateral while open</> : null} · base {s.base.toFixed(2)} from token score {s.token_score.toFixed(2)}
        {s.excluded ? <> · dropped: {s.excluded}</> : null}
      </p>
      <table className="sync-table score-table" aria-label="Score multipliers">
        <thead>
          <tr>
            <th scope="col">Multiplier</th>
            <th scope="col">Value</th>
            <th scope="col">What sets it</th>
          </tr>
        </thead>
        <tbody>
          {FACTORS.map(([key, name, why]) => (
            <tr key={key} className={s.multipliers[key] < 1 ? 'score-low' : undefined}>
              <th scope="row">{name}</th>
              <td>× {s.multipliers[key].toFixed(2)}</td>
              <td className="muted">{why}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.explain.length > 0 ? (
        <ul className="score-reasons" aria-label="Why the score is what it is">
          {s.explain.map((r) => (
            <li key={r.code}>
              {r.detail}
              {r.lever ? <span className="score-lever"> To raise it: {r.lever}.</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing lowers it: every multiplier is at its best for this pull request.</p>
      )}
      {p ? (
        <p className="score-projection">
          {s.state === 'open' ? `Merged now it would earn ${p.earned_now.toFixed(2)}.` : `It earns ${p.earned_now.toFixed(2)} today.`}
          {p.next_drop_at && p.earned_after_drop !== null ? (
            <>
              {' '}
              Decay lowers it to {p.earned_after_drop.toFixed(2)} <RelativeTime iso={p.next_drop_at} />.
            </>
          ) : null}
        </p>
      ) : null}
      {s.pending.length > 0 ? <p className="muted">Still being fetched: {s.pending.join(', ').replace(/_/g, ' ')}; the score counts what is known.</p> : null}
      <p className="muted">
        Evaluated <RelativeTime iso={s.computed_at} /> for {s.author}
        {s.registered ? ' (registered miner)' : ''}.
      </p>
    </div>
  );
}

/** The item panel's score section for a pull request: the hub's stored evaluation, its factors, reasons and lever. */
export function PullScore({ repo, number }: { repo: string; number: number }) {
  const query = useQuery(pullScoreQuery(repo, number));
  if (query.isPending) return <Loading what="the score" />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.code === 'score_not_computed') {
      return <p className="panel-empty">Not evaluated yet: the scoring job evaluates pull requests after each sync of the repository.</p>;
    }
    return <LoadError what="the score" error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
  }
  return <Breakdown s={query.data} />;
}

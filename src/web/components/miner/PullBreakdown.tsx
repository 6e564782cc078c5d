import type { PullStanding } from '../../api/types.ts';
import { withItem, type Route } from '../../url-state.ts';
import { AppLink } from '../AppLink.tsx';
import { Reasons } from './Reasons.tsx';

export interface OfficialScore {
  score: number;
  collateral: number | null;
}

const FACTORS = ['issue', 'label', 'decay', 'review', 'spam'] as const;
const f2 = (x: number) => x.toFixed(2);

/**
 * Each pull request's factors: base × issue × label × decay × review × spam = earned (open
 * ones hold collateral instead), its reasons in words with their levers, and the validators'
 * own score beside it where the two differ by more than the 0.01 both round to.
 */
export function PullBreakdown({ repo, pulls, official, route }: { repo: string; pulls: readonly PullStanding[]; official: ReadonlyMap<number, OfficialScore>; route: Route }) {
  if (pulls.length === 0) return <p className="muted">No pull requests of this miner in the lookback window.</p>;
  return (
    <div className="table-scroll">
      <table className="pull-breakdown">
        <caption className="visually-hidden">Pull requests in {repo} and how each scores</caption>
        <thead>
          <tr>
            <th scope="col">Pull request</th>
            <th scope="col">Base</th>
            {FACTORS.map((f) => (
              <th scope="col" key={f}>
                × {f}
              </th>
            ))}
            <th scope="col">Earned</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {pulls.map((p) => {
            const o = official.get(p.number);
            const ours = p.state === 'open' ? p.collateral : p.earned;
            const theirs = o ? (p.state === 'open' ? (o.collateral ?? 0) : o.score) : null;
            return (
              <tr key={p.number} className={p.excluded ? 'pull-dropped' : undefined}>
                <th scope="row">
                  <AppLink href={withItem(route, { repo, kind: 'pull', number: p.number })}>#{p.number}</AppLink> <span className={`pill pill-${p.state}`}>{p.state}</span>
                </th>
                <td>{f2(p.base)}</td>
                {FACTORS.map((f) => (
                  <td key={f} className={p.multipliers[f] < 1 ? 'factor-low' : undefined}>
                    {f2(p.multipliers[f])}
                  </td>
                ))}
                <td>
                  {p.state === 'open' ? <span title="Held as collateral while open">−{f2(p.collateral)} held</span> : f2(p.earned)}
                  {theirs !== null && Math.abs(theirs - ours) > 0.01 ? <div className="official-differs">official {p.state === 'open' ? `−${f2(theirs)} held` : f2(theirs)}</div> : null}
                </td>
                <td>
                  {p.excluded === null && p.explain.length === 0 ? <span className="muted">every factor at its best</span> : <Reasons list={p.explain} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

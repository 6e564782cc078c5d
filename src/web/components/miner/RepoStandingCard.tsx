import type { MinerRepoPay, RepoStanding } from '../../api/types.ts';
import { formatPay, pct } from '../../pay-format.ts';
import { repoHref, type PayUnit, type Route } from '../../url-state.ts';
import { AppLink } from '../AppLink.tsx';
import { Meter } from './Meter.tsx';
import { PullBreakdown, type OfficialScore } from './PullBreakdown.tsx';
import { Reasons } from './Reasons.tsx';
import { StarButton } from './StarButton.tsx';

const s2 = (x: number) => x.toFixed(2);

/** One repository of a miner: the gates as progress, the cliff meter, totals, pay and every pull request's breakdown. */
export function RepoStandingCard({ r, pay, official, unit, route }: { r: RepoStanding; pay: MinerRepoPay | undefined; official: ReadonlyMap<number, OfficialScore>; unit: PayUnit; route: Route }) {
  const minMerged = pay?.gates.min_merged ?? r.merged;
  const credMin = pay?.gates.min_credibility ?? null;
  const today = pay?.points[0];
  const later = pay?.points[pay.points.length - 1];
  const off = pay?.official;
  const d = r.issue_discovery;
  return (
    <section className="repo-standing" aria-labelledby={`rs-${r.repo}`}>
      <header className="repo-standing-head">
        <h3 id={`rs-${r.repo}`}>
          <AppLink href={repoHref(r.repo, 'pulls')}>{r.repo}</AppLink>
        </h3>
        <StarButton kind="repo" value={r.repo} label={r.repo} />
        <span className={`pill ${r.eligible ? 'pill-merged' : 'pill-closed'}`}>{r.eligible ? 'eligible' : 'not eligible'}</span>
      </header>
      <div className="repo-standing-grid">
        <Meter label="Merged" value={r.merged} threshold={Math.max(minMerged, 1)} ok={!r.blocked_by.includes('below_min_merged')} words={`${r.merged} of ${minMerged} merged`} />
        <Meter
          label="Credibility"
          value={r.credibility}
          threshold={credMin ?? r.credibility}
          ok={!r.blocked_by.includes('credibility_below_min')}
          words={credMin === null ? `credibility ${s2(r.credibility)}` : `credibility ${s2(r.credibility)} of ${s2(credMin)}`}
        />
        <Meter
          label="Open pull requests"
          value={r.open}
          threshold={r.open_pr_threshold}
          ok={!r.open_pr_cliff}
          danger
          words={r.open_pr_cliff ? `${r.open} open, over the cliff at ${r.open_pr_threshold}: close ${r.open - r.open_pr_threshold}` : `${r.open} of ${r.open_pr_threshold} open, ${r.open_pr_slots_left} ${r.open_pr_slots_left === 1 ? 'slot' : 'slots'} left`}
        />
      </div>
      <dl className="repo-standing-figures">
        <dt>Earned</dt>
        <dd>{s2(r.earned)}</dd>
        <dt>Collateral held</dt>
        <dd>{s2(r.collateral)}</dd>
        <dt>Repository total</dt>
        <dd>
          {s2(r.total)}
          {off && Math.abs(off.total_score - r.total) > 0.01 ? <span className="official-differs"> official {s2(off.total_score)}</span> : null}
        </dd>
        <dt>Share of its PR pool</dt>
        <dd>{pct(pay?.pr_pool_share ?? null)}</dd>
        <dt>Pay now</dt>
        <dd>{today ? formatPay(today, unit) : '—'}</dd>
        <dt>In 30 days</dt>
        <dd>{later ? formatPay(later, unit) : '—'}</dd>
      </dl>
      <Reasons list={r.blocked_by_explain} />
      <h4>Pull requests</h4>
      <PullBreakdown repo={r.repo} pulls={r.pulls} official={official} route={route} />
      <h4>Issue discovery</h4>
      <p>
        {d.eligible ? 'Eligible' : 'Not eligible'}: {d.valid_solved} valid solved, credibility {s2(d.credibility)}, {d.open} of {d.open_issue_threshold} open issues
        {d.open_issue_cliff ? ' (over the cliff)' : ''}; total {s2(d.total)}
        {pay && pay.issue_pool_share !== null ? `, ${pct(pay.issue_pool_share)} of its issue pool` : ''}.
      </p>
      <Reasons list={d.blocked_by_explain} />
    </section>
  );
}

import { lazy, Suspense } from 'react';
import { Button } from '@primer/react';
import type { Repo } from '../api/types.ts';
import { moneyText, moneyTitle, percent } from '../money-format.ts';
import { maintainersHref, repoHref } from '../url-state.ts';
import { AppLink } from './AppLink.tsx';
import { Loading } from './QueryState.tsx';

// The chart library loads when a repository's rules are opened, not with the page.
const DecayChart = lazy(() => import('./DecayChart.tsx').then((m) => ({ default: m.DecayChart })));

/** One repository's reward rules, in words: what it pays, who it pays, which labels weigh, the gates, the window and the decay. */
export function RepoRules({ repo, onClose }: { repo: Repo; onClose: () => void }) {
  const { pay, policy, decay_curve: curve } = repo.reward;
  const e = policy.eligibility;
  const s = policy.scoring;
  const td = s.time_decay;
  const labels = Object.entries(policy.label_multipliers);
  return (
    <section className="repo-rules" aria-labelledby="rules-title">
      <div className="rules-head">
        <h2 id="rules-title">Rules of {repo.full_name}</h2>
        <Button size="small" onClick={onClose}>
          Close rules
        </Button>
      </div>
      {policy.problem ? <p className="fresh-failing">Its master-list entry gives no policy ({policy.problem}); every default applies.</p> : null}
      <div className="rules-grid">
        <div>
          <h3>Pay</h3>
          {pay ? (
            <ul>
              <li title={moneyTitle(pay.slice)}>
                Slice: {moneyText(pay.slice)} ({percent(pay.slice.pool_percent)} of the miners’ pool; emission share {pay.emission_share})
              </li>
              <li title={moneyTitle(pay.pr_pool)}>Pull-request pool: {moneyText(pay.pr_pool)}, shared by {pay.pr_scorers} scoring miners</li>
              <li title={moneyTitle(pay.issue_pool)}>Issue pool: {moneyText(pay.issue_pool)} (issue discovery share {policy.issue_discovery_share}), {pay.issue_scorers} scoring</li>
              <li>
                Maintainer cut {policy.maintainer_cut}: {pay.maintainer_cut_applies ? `applies (${pay.maintainer_miners} maintainer${pay.maintainer_miners === 1 ? ' is a' : 's are'} registered miner${pay.maintainer_miners === 1 ? '' : 's'}), ${moneyText(pay.maintainer_carve)}` : 'does not apply: no maintainer is a registered miner'}
              </li>
              {pay.active ? null : <li>Nobody scores here yet: its share flows to the active repositories until someone does.</li>}
            </ul>
          ) : (
            <p className="muted">Not split yet: the scoring job computes each repository’s pay after its first run.</p>
          )}
        </div>
        <div>
          <h3>Labels</h3>
          {labels.length === 0 ? (
            <p>No label multipliers: every merged pull request counts × {policy.default_label_multiplier}.</p>
          ) : (
            <ul>
              {labels.map(([pattern, m]) => (
                <li key={pattern}>
                  <code>{pattern}</code> × {m}
                </li>
              ))}
              <li>Any other: × {policy.default_label_multiplier}</li>
            </ul>
          )}
          <p className="muted">{policy.trusted_label_pipeline ? 'Labels count whoever applied them.' : 'Only labels a maintainer applied count.'}</p>
        </div>
        <div>
          <h3>Eligibility gates</h3>
          <ul>
            <li>At least {e.min_valid_merged_prs} merged pull requests in the window, credibility at least {e.min_credibility}</li>
            <li>
              Open pull requests: {e.excessive_pr_penalty_base_threshold} plus one per {e.open_pr_threshold_token_score} token score merged, at most {e.max_open_pr_threshold}; more zeroes every merged one
            </li>
            <li>Issue discovery: {e.min_valid_solved_issues} solved issues, credibility at least {e.min_issue_credibility}</li>
          </ul>
        </div>
        <div>
          <h3>Window and decay</h3>
          <p>
            Looks back {s.pr_lookback_days} days. Decay: full for {td.grace_period_hours} h after merge, half at {td.sigmoid_midpoint_days} days, never below {td.min_multiplier}.
          </p>
          <Suspense fallback={<Loading what="the decay chart" />}>
            <DecayChart points={curve} label={`Decay in ${repo.full_name}`} />
          </Suspense>
        </div>
      </div>
      <p>
        <AppLink href={maintainersHref(repo.full_name)}>How its maintainers respond</AppLink> · <AppLink href={repoHref(repo.full_name, 'issues', { linked: 'false' })}>Unclaimed issues</AppLink>
      </p>
    </section>
  );
}

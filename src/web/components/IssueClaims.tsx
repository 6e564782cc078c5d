import { AlertIcon } from '@primer/octicons-react';
import { Flash } from '@primer/react';
import { Fragment } from 'react';
import type { IssueDetail } from '../api/types.ts';
import { MinerLink } from './MinerLink.tsx';

const pct = (share: number) => `${(share * 100).toFixed(2)} %`;

/** Several miners' open pull requests claim the issue: only one can be the solver. */
export function CollisionWarning({ item }: { item: IssueDetail }) {
  const c = item.collision;
  if (!c) return null;
  return (
    <Flash variant="warning" className="collision" role="alert">
      <AlertIcon aria-hidden="true" /> <strong>Collision:</strong> {c.authors.length} authors (
      {c.authors.map((a, i) => (
        <Fragment key={a}>
          {i ? ', ' : ''}
          <MinerLink login={a} />
        </Fragment>
      ))}
      ) have open pull requests on this issue (
      {c.pulls.map((p) => `#${p.number}`).join(', ')}). Only the one that merges and closes it earns the issue bonus.
    </Flash>
  );
}

/** What a pull request solving the issue would gain under the repository's rules (docs/scoring.md, "Solving an issue"). */
export function SolveReward({ item }: { item: IssueDetail }) {
  const r = item.solve_reward;
  return (
    <div className="solve-reward">
      <p>
        A merged pull request that solves it is multiplied by <strong>× {r.factor.toFixed(2)}</strong>: issue × {r.issue_multiplier.toFixed(2)} ({r.issue_multiplier_reason}) and label ×{' '}
        {r.label_multiplier.toFixed(2)} ({r.label ? `“${r.label}”, when a maintainer applies it to the pull request` : 'the repository’s default'}).
      </p>
      <p className="muted">
        The repository’s share is {pct(r.emission_share)} of the miners’ pool: {pct(r.pr_pool_share)} for pull requests and {pct(r.issue_pool_share)} for issue discovery (the issue’s
        author), before {r.maintainer_cut > 0 ? `a maintainer cut of up to ${pct(r.maintainer_cut)} and ` : ''}the shares idle repositories pass on.
      </p>
    </div>
  );
}

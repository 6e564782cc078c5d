import { useQuery } from '@tanstack/react-query';
import { AppLink } from '../components/AppLink.tsx';
import { StatusIcon } from '../components/ItemStatus.tsx';
import { MinerLink } from '../components/MinerLink.tsx';
import { StarButton } from '../components/miner/StarButton.tsx';
import { Empty } from '../components/QueryState.tsx';
import { detailQuery } from '../hooks/queries.ts';
import { useStars } from '../hooks/useStars.ts';
import { repoHref, starredIssueRef, withItem, type ItemRef, type Route } from '../url-state.ts';

type StarredRoute = Extract<Route, { view: 'starred' }>;

/** One starred issue: its title once the mirror answers (the panel reads the same cache), its ref until then. */
function StarredIssue({ value, itemRef, route }: { value: string; itemRef: ItemRef; route: StarredRoute }) {
  const detail = useQuery(detailQuery(itemRef));
  return (
    <li className="starred-row">
      {detail.data ? <StatusIcon kind="issue" status={detail.data.status} /> : null}
      <AppLink href={withItem(route, itemRef)}>
        <span className="item-repo">{value}</span> {detail.data ? detail.data.title : detail.isError ? <span className="muted">(not in the hub’s mirror)</span> : null}
      </AppLink>
      <StarButton kind="issue" value={value} label={`issue ${value}`} />
    </li>
  );
}

/** /starred: what this browser keeps an eye on (stars.ts), each entry linking where it lives and unstarred in place. */
export function StarredView({ route }: { route: StarredRoute }) {
  const [stars] = useStars();
  const issues = stars.issue.flatMap((value) => {
    const ref = starredIssueRef(value);
    return ref ? [{ value, ref }] : [];
  });
  return (
    <section aria-labelledby="starred-title" className="starred-view">
      <div className="view-head">
        <h1 id="starred-title">Starred</h1>
        <p className="muted">Kept in this browser only.</p>
      </div>
      <section aria-labelledby="starred-issues">
        <h2 id="starred-issues">Starred issues</h2>
        {issues.length === 0 ? (
          <Empty title="No starred issue yet">Open an issue from a list and press the star beside its status in the panel: it is listed here, to come back to.</Empty>
        ) : (
          <ul className="starred-list" aria-label="Starred issues">
            {issues.map(({ value, ref }) => (
              <StarredIssue key={value.toLowerCase()} value={value} itemRef={ref} route={route} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="starred-miners">
        <h2 id="starred-miners">Starred miners</h2>
        {stars.login.length === 0 ? (
          <Empty title="No starred miner yet">Open a miner’s view (their login anywhere on the page) and star it; the first starred miner also shows in the header.</Empty>
        ) : (
          <ul className="starred-list" aria-label="Starred miners">
            {stars.login.map((login) => (
              <li key={login.toLowerCase()} className="starred-row">
                <MinerLink login={login} />
                <StarButton kind="login" value={login} label={login} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="starred-repos">
        <h2 id="starred-repos">Starred repositories</h2>
        {stars.repo.length === 0 ? (
          <Empty title="No starred repository yet">Star a repository from its card in a miner’s view.</Empty>
        ) : (
          <ul className="starred-list" aria-label="Starred repositories">
            {stars.repo.map((repo) => (
              <li key={repo.toLowerCase()} className="starred-row">
                <AppLink href={repoHref(repo)}>{repo}</AppLink>
                <StarButton kind="repo" value={repo} label={repo} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

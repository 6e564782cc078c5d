import type { Dashboard } from '../../api/types.ts';
import { freshness, subnetFreshness, SUBNET_DATA_NAMES } from '../../freshness.ts';
import { useNow } from '../../hooks/useNow.ts';
import { repoHref } from '../../url-state.ts';
import { AppLink } from '../AppLink.tsx';

/** Every source the dashboard reads, with its freshness as GET /api/sync judges it: repositories, the subnet's data, the snapshot itself. */
export function SourceFreshness({ data }: { data: Dashboard }) {
  const now = useNow();
  const rows = [
    ...(data.snapshot
      ? [{ key: 'snapshot', name: 'Dashboard snapshot', href: null, word: 'Computed', when: `${data.snapshot.age_seconds} s before this answer`, state: 'ok' }]
      : [{ key: 'snapshot', name: 'Dashboard snapshot', href: null, word: 'Not computed yet', when: null, state: 'never' }]),
    ...data.freshness.repos.map((r) => {
      const f = freshness(r, now, r.target_seconds);
      return { key: `repo:${r.repo}`, name: r.repo, href: repoHref(r.repo), word: f.word, when: f.when, state: f.state };
    }),
    ...data.freshness.subnet.map((s) => {
      const f = subnetFreshness(s, now);
      return { key: `subnet:${s.name}`, name: SUBNET_DATA_NAMES[s.name], href: null, word: f.word, when: f.when, state: f.state };
    }),
  ];
  return (
    <table className="sync-table dash-table">
      <caption className="visually-hidden">Freshness of every source</caption>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">State</th>
          <th scope="col">Last good data</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.href ? <AppLink href={r.href}>{r.name}</AppLink> : r.name}</th>
            <td>
              {r.word}
            </td>
            <td>{r.when ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import type { Kysely } from 'kysely';
import { issueStatus, pullStatus } from '../core/states.ts';
import type { DB } from '../db/schema.ts';
import type { Simulator } from '../sim/index.ts';

const strip = (s: string | null | undefined) => (s == null ? null : s.replaceAll('\u0000', ''));

/**
 * Compares the store with the simulator field by field and returns every
 * difference as a readable line (empty when the mirror is exact). Links are
 * compared with GitHub's own answer unless `links: 'text'` (GraphQL not served),
 * in which case keyword references (plus those into unsimulated repositories) are expected.
 */
export async function mirrorDifferences(db: Kysely<DB>, sim: Simulator, options: { links?: 'graphql' | 'text' } = {}): Promise<string[]> {
  const diffs: string[] = [];
  const repos = await db.selectFrom('repos').selectAll().execute();
  const byKey = new Map(repos.map((r) => [r.name_key, r]));
  for (const summary of sim.dataset.repos()) {
    const repo = byKey.get(summary.fullName.toLowerCase());
    if (!repo) {
      diffs.push(`${summary.fullName}: not tracked`);
      continue;
    }
    if (repo.default_branch !== summary.defaultBranch) diffs.push(`${summary.fullName}: default_branch ${repo.default_branch} != ${summary.defaultBranch}`);
    const rows = await db.selectFrom('items').selectAll().where('repo_id', '=', repo.id).execute();
    const stored = new Map(rows.map((r) => [r.number, r]));
    const live = new Set(sim.dataset.numbers(summary.fullName));
    for (const row of rows) if (!live.has(row.number) && row.gone === null) diffs.push(`${summary.fullName}#${row.number}: gone on GitHub but not marked gone`);

    for (const number of live) {
      const where = `${summary.fullName}#${number}`;
      const issue = sim.dataset.issue(summary.fullName, number)!;
      const row = stored.get(number);
      if (!row) {
        diffs.push(`${where}: missing`);
        continue;
      }
      const isPull = issue.pull_request !== undefined;
      const pull = isPull ? sim.dataset.pull(summary.fullName, number)! : null;
      const expected: Record<string, unknown> = {
        is_pull: isPull ? 1 : 0,
        title: strip(issue.title),
        body: strip(issue.body),
        state: issue.state,
        state_reason: isPull ? null : (issue.state_reason ?? null),
        status: pull ? pullStatus(pull.state, Boolean(pull.merged_at), Boolean(pull.draft)) : issueStatus(issue.state, issue.state_reason),
        author: issue.user?.login ?? null,
        author_association: issue.author_association ?? null,
        labels: JSON.stringify(issue.labels.map((l) => (typeof l === 'string' ? l : l.name)).sort()),
        comments: issue.comments,
        created_at: issue.created_at,
        updated_at: issue.updated_at,
        closed_at: issue.closed_at,
        gone: null,
        ...(pull
          ? { draft: pull.draft ? 1 : 0, merged: pull.merged_at ? 1 : 0, merged_at: pull.merged_at, base_ref: pull.base.ref, head_ref: pull.head.ref, head_repo: pull.head.repo?.full_name ?? null, head_sha: pull.head.sha, base_sha: pull.base.sha }
          : {}),
      };
      const actual: Record<string, unknown> = { ...row, labels: JSON.stringify((JSON.parse(row.labels) as { name: string }[]).map((l) => l.name).sort()) };
      for (const [field, value] of Object.entries(expected)) {
        if (actual[field] !== value) diffs.push(`${where}: ${field} ${JSON.stringify(actual[field])} != ${JSON.stringify(value)}`);
      }
      if (isPull) {
        const links = await db.selectFrom('links').select(['issue_repo_key', 'issue_number']).where('pull_id', '=', row.id).execute();
        const got = links.map((l) => `${l.issue_repo_key}#${l.issue_number}`).sort();
        const truth = sim.dataset.closingTruth(summary.fullName, number);
        const want = (options.links === 'text' ? [...truth.keyword, ...truth.external] : truth.all).map((r) => `${r.repo.toLowerCase()}#${r.number}`);
        const wantSorted = [...new Set(want)].sort();
        // The text grammar also keeps references GitHub drops because their target is a
        // pull request or does not exist; the store filters those when it reads.
        const compared = options.links === 'text' ? got.filter((k) => !isSimRepo(sim, k) || isRealIssue(sim, k)) : got;
        if (JSON.stringify(compared) !== JSON.stringify(wantSorted)) diffs.push(`${where}: links ${JSON.stringify(got)} != ${JSON.stringify(wantSorted)}`);
      }
    }
  }
  return diffs;
}

function isSimRepo(sim: Simulator, key: string): boolean {
  const repo = key.slice(0, key.indexOf('#'));
  return sim.dataset.repos().some((r) => r.fullName.toLowerCase() === repo);
}

function isRealIssue(sim: Simulator, key: string): boolean {
  const [repoKey, n] = key.split('#') as [string, string];
  const summary = sim.dataset.repos().find((r) => r.fullName.toLowerCase() === repoKey)!;
  const issue = sim.dataset.issue(summary.fullName, Number(n));
  return issue !== undefined && issue.pull_request === undefined;
}

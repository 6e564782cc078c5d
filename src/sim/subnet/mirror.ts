/**
 * The simulated subnet mirror's answers (snake_case, as the real service): who
 * maintains a repository, a pull request's files, and a miner's pull requests as
 * the validator sees them.
 */
import { baseSha, fileChangeShape, fileContents, headSha, pullFileList } from '../files.ts';
import { fullNameOf } from '../repos.ts';
import type { RepoState, World } from '../world.ts';
import { simPullFact, type SimPrScore } from './scores.ts';

const MAINTAINING = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
const iso = (sec: number) => new Date(sec * 1000).toISOString().replace('.000Z', 'Z');

/** The owner and every author of the repository's items who is a member or collaborator. */
export function maintainersOf(world: World, state: RepoState): Array<{ github_id: number; login: string; association: string }> {
  const r = state.meta.index;
  const seen = new Set<number>([world.users.ownerOf(r, world.seed)]);
  const s = state.items;
  for (let i = 0; i < s.count; i++) {
    const a = s.author[i]!;
    if (!seen.has(a) && MAINTAINING.has(world.users.associationOf(a, r, world.seed))) seen.add(a);
  }
  return [...seen].sort((a, b) => a - b).map((u) => {
    const user = world.users.get(u);
    return { github_id: user.id, login: user.login, association: world.users.associationOf(u, r, world.seed) };
  });
}

/**
 * A pull request's files as the mirror serves them: GitHub's files list with both
 * sides' contents inline (null for a side that does not exist and for binary
 * content, as the validator's mirror sends), at the current head, which the
 * answer names.
 */
export function pullFiles(world: World, state: RepoState, number: number) {
  const i = number - 1;
  const ctx = { apiBase: '', htmlBase: '', fullName: fullNameOf(state.meta), headSha: headSha(world, state, i) };
  const text = (c: string | Uint8Array | null) => (typeof c === 'string' ? c : null);
  const files = pullFileList(world, state, number).map((f) => {
    const shape = fileChangeShape(f, ctx);
    const content = fileContents(f);
    return {
      filename: shape.filename,
      status: shape.status,
      previous_filename: shape.previous_filename ?? null,
      additions: shape.additions,
      deletions: shape.deletions,
      changes: shape.changes,
      base_content: text(content.base),
      head_content: text(content.head),
    };
  });
  return { head_sha: ctx.headSha, base_sha: baseSha(world, state, i), files };
}

/** A miner's pull requests as the validator sees them: the same facts its scores read (scores.ts, simPullFact). */
export function minerPulls(world: World, prs: readonly SimPrScore[], userIndex: number) {
  return prs
    .filter((p) => p.userIndex === userIndex)
    .map((p) => {
      const state = world.repos[p.repoIndex]!;
      const fact = simPullFact(world, state, p.number - 1, { tokenScore: p.tokenScore, sourceTokenScore: 0, totalTokenScore: 0 });
      return {
        repository: fullNameOf(state.meta),
        number: p.number,
        state: p.state,
        created_at: iso(p.createdAt),
        merged_at: p.mergedAt === null ? null : iso(p.mergedAt),
        closed_at: p.closedAt === null ? null : iso(p.closedAt),
        author_association: fact.authorAssociation,
        review_summary: { approvals: fact.approvals, changes_requested: fact.maintainerChangesRequested },
        labels: fact.labels.map((l) => ({ name: l.name, actor_association: l.actorAssociation })),
        linked_issues: p.linkedIssues,
      };
    });
}

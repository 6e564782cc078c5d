/**
 * Maps compact item state to GitHub's JSON, typed by the REST OpenAPI schemas.
 * Identity (ids, node ids) follows an item's origin, so a transferred issue keeps
 * its id and node id at its new repository and number, as on GitHub.
 */
import type { components } from '@octokit/openapi-types';
import { baseSha, headSha, pullSize as filesPullSize } from './files.ts';
import { fakeSha, mix32 } from './random.ts';
import { forkShape, fullNameOf, iso, repositoryShape, type Repository, type ShapeContext } from './repos.ts';
import { F_DRAFT, F_FROM_FORK, F_HEAD_GONE, F_LOCKED, F_OPEN, REASONS } from './store.ts';
import { LABELS } from './words.ts';
import type { RepoState, World } from './world.ts';

export type Issue = components['schemas']['issue'];
type PullSimpleSchema = components['schemas']['pull-request-simple'];
type PullSchema = components['schemas']['pull-request'];
type Ref<T extends { head: unknown }> = Omit<T['head'], 'repo'> & { repo: Repository | null };
/** `head.repo` is null when the fork was deleted; the OpenAPI schema omits that case. */
export type PullSimple = Omit<PullSimpleSchema, 'head'> & { head: Ref<PullSimpleSchema> };
export type Pull = Omit<PullSchema, 'head'> & { head: Ref<PullSchema> };
export type Label = PullSimpleSchema['labels'][number];

export function itemIds(world: World, state: RepoState, number: number) {
  const o = world.origin(state.meta.index, number);
  const originRepo = world.repos[o.repoIndex]!.meta;
  const id = 1_000_000_000 + o.repoIndex * 20_000_000 + o.number;
  const tail = Buffer.from(`${originRepo.id}:${o.number}`).toString('base64url');
  return { id, pullId: id + 1_000_000_000_000, issueNodeId: `I_kwDO${tail}`, pullNodeId: `PR_kwDO${tail}` };
}

export function labelShapes(state: RepoState, mask: number, ctx: ShapeContext): Label[] {
  const out: Label[] = [];
  const full = fullNameOf(state.meta);
  for (let bit = 0; bit < state.meta.labels.length; bit++) {
    if ((mask & (1 << bit)) === 0) continue;
    const li = state.meta.labels[bit]!;
    const spec = LABELS[li]!;
    const id = state.meta.id * 100 + li;
    out.push({
      id,
      node_id: `LA_kwDO${Buffer.from(String(id)).toString('base64url')}`,
      url: `${ctx.apiBase}/repos/${full}/labels/${encodeURIComponent(spec.name)}`,
      name: spec.name,
      color: spec.color,
      default: spec.isDefault,
      description: spec.description,
    });
  }
  return out;
}

function assignee(world: World, state: RepoState, i: number): number | null {
  const h = mix32(world.seed, state.meta.index, i, 0xa551);
  return h % 5 === 0 ? world.users.ownerOf(state.meta.index, world.seed) : null;
}

function reactions(url: string, h: number): components['schemas']['reaction-rollup'] {
  const up = h % 7 === 0 ? h % 23 : 0;
  const heart = h % 11 === 0 ? 1 + (h % 4) : 0;
  const rocket = h % 13 === 0 ? 1 : 0;
  return { url: `${url}/reactions`, total_count: up + heart + rocket, '+1': up, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart, rocket, eyes: 0 };
}

/** An item as `GET /repos/{o}/{r}/issues` lists it (issues and pull requests alike). */
export function issueShape(world: World, state: RepoState, i: number, ctx: ShapeContext, single = false): Issue {
  const s = state.items;
  const n = i + 1;
  const full = fullNameOf(state.meta);
  const repoUrl = `${ctx.apiBase}/repos/${full}`;
  const url = `${repoUrl}/issues/${n}`;
  const isPr = s.isPr(i);
  const ids = itemIds(world, state, n);
  const who = assignee(world, state, i);
  const assigneeUser = who === null ? null : world.users.simple(who, ctx.apiBase, ctx.htmlBase);
  const closed = s.closed[i]! ? iso(s.closed[i]!) : null;
  const issue: Issue = {
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${ctx.htmlBase}/${full}/${isPr ? 'pull' : 'issues'}/${n}`,
    id: ids.id,
    node_id: isPr ? ids.pullNodeId : ids.issueNodeId,
    number: n,
    title: world.title(state, i),
    user: world.users.simple(s.author[i]!, ctx.apiBase, ctx.htmlBase),
    labels: labelShapes(state, s.labels[i]!, ctx),
    state: s.has(i, F_OPEN) ? 'open' : 'closed',
    locked: s.has(i, F_LOCKED),
    assignee: assigneeUser,
    assignees: assigneeUser ? [assigneeUser] : [],
    milestone: null,
    comments: s.comments[i]!,
    created_at: iso(s.created[i]!),
    updated_at: iso(s.updated[i]!),
    closed_at: closed,
    author_association: world.users.associationOf(s.author[i]!, state.meta.index, world.seed),
    active_lock_reason: s.has(i, F_LOCKED) ? 'too heated' : null,
    body: world.body(state, i).text,
    reactions: reactions(url, mix32(ids.id)),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: isPr ? null : REASONS[s.reason[i]!] ?? null,
  };
  if (isPr) {
    issue.draft = s.has(i, F_DRAFT);
    issue.pull_request = {
      url: `${repoUrl}/pulls/${n}`,
      html_url: `${ctx.htmlBase}/${full}/pull/${n}`,
      diff_url: `${ctx.htmlBase}/${full}/pull/${n}.diff`,
      patch_url: `${ctx.htmlBase}/${full}/pull/${n}.patch`,
      merged_at: s.merged[i]! ? iso(s.merged[i]!) : null,
    };
  }
  if (single) {
    const closer = isPr ? null : world.facts.closer(state, i);
    issue.closed_by = closer ? world.users.simple(closer.actor, ctx.apiBase, ctx.htmlBase) : null;
  }
  return issue;
}

export function headRef(world: World, state: RepoState, i: number): string {
  const h = mix32(world.seed, state.meta.index, i, 0x4ead);
  return `${['fix', 'feat', 'chore', 'refactor', 'docs'][h % 5]}/${['cache', 'retry', 'scoring', 'cli', 'sync', 'docs'][(h >>> 4) % 6]}-${i + 1}`;
}

export function headLabel(world: World, state: RepoState, i: number): string {
  const s = state.items;
  return `${s.has(i, F_FROM_FORK) ? world.users.get(s.author[i]!).login : state.meta.owner}:${headRef(world, state, i)}`;
}

function repoShape(world: World, state: RepoState, ctx: ShapeContext): Repository {
  return world.cached(state, `repo:${ctx.apiBase}`, () =>
    repositoryShape(state.meta, ctx, { openIssues: world.openCount(state), pushedAt: world.lastUpdated(state), updatedAt: world.lastUpdated(state) }),
  );
}

/** An item as `GET /repos/{o}/{r}/pulls` lists it. */
export function pullSimpleShape(world: World, state: RepoState, i: number, ctx: ShapeContext): PullSimple {
  const issue = issueShape(world, state, i, ctx);
  const s = state.items;
  const n = i + 1;
  const ids = itemIds(world, state, n);
  const full = fullNameOf(state.meta);
  const url = `${ctx.apiBase}/repos/${full}/pulls/${n}`;
  const author = world.users.get(s.author[i]!);
  const baseRepo = repoShape(world, state, ctx);
  const fromFork = s.has(i, F_FROM_FORK);
  const headRepo = s.has(i, F_HEAD_GONE)
    ? null
    : fromFork
      ? world.cached(state, `fork:${author.index}:${ctx.apiBase}`, () => forkShape(state.meta, ctx, author, { openIssues: 0, pushedAt: s.updated[i]!, updatedAt: s.updated[i]! }))
      : baseRepo;
  const ref = headRef(world, state, i);
  const baseBranch = state.meta.branches[s.base[i]!] ?? state.meta.defaultBranch;
  const owner = baseRepo.owner;
  const link = (href: string) => ({ href });
  return {
    url,
    id: ids.pullId,
    node_id: ids.pullNodeId,
    html_url: issue.pull_request!.html_url!,
    diff_url: issue.pull_request!.diff_url!,
    patch_url: issue.pull_request!.patch_url!,
    issue_url: issue.url,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${ctx.apiBase}/repos/${full}/pulls/comments{/number}`,
    comments_url: issue.comments_url,
    statuses_url: `${ctx.apiBase}/repos/${full}/statuses/${headSha(world, state, i)}`,
    number: n,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: issue.user,
    body: issue.body ?? null,
    labels: labelShapes(state, s.labels[i]!, ctx),
    milestone: null,
    active_lock_reason: issue.active_lock_reason ?? null,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    merged_at: issue.pull_request!.merged_at ?? null,
    merge_commit_sha: s.merged[i]! ? fakeSha(ids.id, 2) : s.has(i, F_OPEN) ? fakeSha(ids.id, 3) : null,
    assignee: issue.assignee,
    assignees: issue.assignees ?? [],
    requested_reviewers: [],
    requested_teams: [],
    head: { label: headLabel(world, state, i), ref, repo: headRepo, sha: headSha(world, state, i), user: fromFork ? world.users.simple(author.index, ctx.apiBase, ctx.htmlBase) : owner },
    base: { label: `${state.meta.owner}:${baseBranch}`, ref: baseBranch, repo: baseRepo, sha: baseSha(world, state, i), user: owner },
    _links: {
      self: link(url),
      html: link(issue.pull_request!.html_url!),
      issue: link(issue.url),
      comments: link(issue.comments_url),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${ctx.apiBase}/repos/${full}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${ctx.apiBase}/repos/${full}/statuses/${headSha(world, state, i)}`),
    },
    author_association: issue.author_association!,
    auto_merge: null,
    draft: issue.draft ?? false,
  };
}

/** A pull request's size, as REST's `pulls/{n}` and GraphQL's PullRequest tell it: the sums over its files at the current head (files.ts). */
export function pullSize(world: World, state: RepoState, i: number): { additions: number; deletions: number; changedFiles: number } {
  const size = filesPullSize(world, state, i + 1);
  return { additions: size.additions, deletions: size.deletions, changedFiles: size.changed_files };
}

/** The head and base commits of a pull request (REST `head.sha`/`base.sha`, GraphQL `headRefOid`/`baseRefOid`); a push moves the head (files.ts). */
export function pullShas(world: World, state: RepoState, i: number): { head: string; base: string } {
  return { head: headSha(world, state, i), base: baseSha(world, state, i) };
}

/** `GET /repos/{o}/{r}/pulls/{n}`: the list shape plus merge and size facts. */
export function pullShape(world: World, state: RepoState, i: number, ctx: ShapeContext): Pull {
  const simple = pullSimpleShape(world, state, i, ctx);
  const s = state.items;
  const h = mix32(world.seed, state.meta.index, i, 0x5e1f);
  const size = pullSize(world, state, i);
  const mergedBy = world.facts.mergedBy(state, i);
  const merged = s.merged[i]! > 0;
  const open = s.has(i, F_OPEN);
  const user = world.users.simple(s.author[i]!, ctx.apiBase, ctx.htmlBase);
  return {
    ...simple,
    state: open ? 'open' : 'closed',
    user,
    labels: simple.labels,
    head: { ...simple.head, user: simple.head.user ?? user },
    base: { ...simple.base, user: simple.base.user ?? user },
    merged,
    mergeable: open ? h % 9 !== 0 : null,
    rebaseable: open ? h % 9 !== 0 : null,
    mergeable_state: open ? (s.has(i, F_DRAFT) ? 'draft' : h % 9 === 0 ? 'dirty' : 'clean') : 'unknown',
    merged_by: mergedBy === null ? null : world.users.simple(mergedBy, ctx.apiBase, ctx.htmlBase),
    comments: s.comments[i]!,
    review_comments: h % 12,
    maintainer_can_modify: s.has(i, F_FROM_FORK) && !s.has(i, F_HEAD_GONE),
    commits: 1 + (h % 9),
    additions: size.additions,
    deletions: size.deletions,
    changed_files: size.changedFiles,
  };
}

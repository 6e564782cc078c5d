import type { components } from '@octokit/openapi-types';
import { BRANCHES, LABELS, LANGUAGES, ORGS, PROJECTS, COMPONENTS } from './words.ts';
import { mix32, Rng } from './random.ts';
import { simpleUser, type UserTable } from './users.ts';

export type Repository = components['schemas']['repository'];
export type FullRepository = components['schemas']['full-repository'];

export interface RepoMeta {
  index: number;
  id: number;
  owner: string;
  name: string;
  /** Name the repository had when the dataset was generated: generated text keeps using it. */
  originalFullName: string;
  formerNames: string[];
  ownerType: 'Organization' | 'User';
  ownerId: number;
  defaultBranch: string;
  /** `branches[0]` is the default branch. */
  branches: string[];
  archived: boolean;
  description: string;
  language: string;
  createdAt: number;
  /** Indices into LABELS; a label bitmask bit i means `labels[i]`. */
  labels: number[];
  /** Item count at generation: generated references only point below it, so text stays stable as repos grow. */
  initialCount: number;
  prShare: number;
}

export function fullNameOf(meta: Pick<RepoMeta, 'owner' | 'name'>): string {
  return `${meta.owner}/${meta.name}`;
}

/** Builds the repository list; the first is always Gittensor's own repository. */
export function generateRepos(seed: number, count: number, sizes: (i: number) => number, users: UserTable, startSec: number): RepoMeta[] {
  const out: RepoMeta[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < count; i++) {
    const rng = new Rng(mix32(seed, i, 0x2e90));
    let owner: string;
    let name: string;
    let ownerType: RepoMeta['ownerType'] = 'Organization';
    if (i === 0) {
      owner = 'entrius';
      name = 'gittensor';
    } else {
      do {
        if (rng.chance(0.15)) {
          owner = users.get(users.ownerOf(i, seed)).login;
          ownerType = 'User';
        } else {
          owner = rng.pick(ORGS);
          ownerType = 'Organization';
        }
        name = rng.pick(PROJECTS);
        if (taken.has(`${owner}/${name}`.toLowerCase())) name = `${name}-${rng.int(2, 999)}`;
      } while (taken.has(`${owner}/${name}`.toLowerCase()));
    }
    taken.add(`${owner}/${name}`.toLowerCase());
    const defaultBranch: string = i === 0 ? 'main' : rng.weighted<string>([['main', 70], ['master', 25], ['develop', 5]]);
    const branches = [defaultBranch];
    for (const b of i === 0 ? ['test'] : BRANCHES) if (b !== defaultBranch && (i === 0 || rng.chance(0.35))) branches.push(b);
    if (branches.length === 1) branches.push(defaultBranch === 'develop' ? 'staging' : 'develop');
    const labels: number[] = [];
    LABELS.forEach((_, li) => {
      if (li < 9 || rng.chance(0.4)) labels.push(li);
    });
    out.push({
      index: i,
      id: 500_000_000 + i * 104_729 + (mix32(seed, i) % 100_000),
      owner,
      name,
      originalFullName: `${owner}/${name}`,
      formerNames: [],
      ownerType,
      ownerId: ownerType === 'User' ? users.get(users.ownerOf(i, seed)).id : 40_000_000 + (mix32(seed, owner.length, i) % 9_000_000),
      defaultBranch,
      branches,
      archived: i !== 0 && rng.chance(0.04),
      description: `Subnet tooling: ${rng.pick(COMPONENTS).replace(/^the /, '')} and friends`,
      language: rng.pick(LANGUAGES),
      createdAt: startSec - 86_400 * rng.int(500, 1400),
      labels,
      initialCount: sizes(i),
      prShare: i === 0 ? 0.55 : 0.3 + rng.float() * 0.35,
    });
  }
  return out;
}

export interface ShapeContext {
  apiBase: string;
  htmlBase: string;
}

function ownerShape(meta: RepoMeta, ctx: ShapeContext) {
  return simpleUser({ id: meta.ownerId, login: meta.owner, type: meta.ownerType }, ctx.apiBase, ctx.htmlBase);
}

function iso(sec: number): string {
  return new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
}

/** The URL templates every repository shape carries, in GitHub's order. */
function urls(api: string, full: string) {
  const u = `${api}/repos/${full}`;
  return {
    url: u,
    archive_url: `${u}/{archive_format}{/ref}`,
    assignees_url: `${u}/assignees{/user}`,
    blobs_url: `${u}/git/blobs{/sha}`,
    branches_url: `${u}/branches{/branch}`,
    collaborators_url: `${u}/collaborators{/collaborator}`,
    comments_url: `${u}/comments{/number}`,
    commits_url: `${u}/commits{/sha}`,
    compare_url: `${u}/compare/{base}...{head}`,
    contents_url: `${u}/contents/{+path}`,
    contributors_url: `${u}/contributors`,
    deployments_url: `${u}/deployments`,
    downloads_url: `${u}/downloads`,
    events_url: `${u}/events`,
    forks_url: `${u}/forks`,
    git_commits_url: `${u}/git/commits{/sha}`,
    git_refs_url: `${u}/git/refs{/sha}`,
    git_tags_url: `${u}/git/tags{/sha}`,
    issue_comment_url: `${u}/issues/comments{/number}`,
    issue_events_url: `${u}/issues/events{/number}`,
    issues_url: `${u}/issues{/number}`,
    keys_url: `${u}/keys{/key_id}`,
    labels_url: `${u}/labels{/name}`,
    languages_url: `${u}/languages`,
    merges_url: `${u}/merges`,
    milestones_url: `${u}/milestones{/number}`,
    notifications_url: `${u}/notifications{?since,all,participating}`,
    pulls_url: `${u}/pulls{/number}`,
    releases_url: `${u}/releases{/id}`,
    stargazers_url: `${u}/stargazers`,
    statuses_url: `${u}/statuses/{sha}`,
    subscribers_url: `${u}/subscribers`,
    subscription_url: `${u}/subscription`,
    tags_url: `${u}/tags`,
    teams_url: `${u}/teams`,
    trees_url: `${u}/git/trees{/sha}`,
    hooks_url: `${u}/hooks`,
  };
}

export interface RepoCounts {
  openIssues: number;
  pushedAt: number;
  updatedAt: number;
}

/** The `repository` shape embedded in pull requests (`base.repo`, `head.repo`). */
export function repositoryShape(meta: RepoMeta, ctx: ShapeContext, counts: RepoCounts): Repository {
  const full = fullNameOf(meta);
  const stars = mix32(meta.id, 7) % 4000;
  return {
    id: meta.id,
    node_id: `R_kgDO${Buffer.from(String(meta.id)).toString('base64url')}`,
    name: meta.name,
    full_name: full,
    private: false,
    owner: ownerShape(meta, ctx),
    html_url: `${ctx.htmlBase}/${full}`,
    description: meta.description,
    fork: false,
    ...urls(ctx.apiBase, full),
    git_url: `git://github.com/${full}.git`,
    ssh_url: `git@github.com:${full}.git`,
    clone_url: `${ctx.htmlBase}/${full}.git`,
    svn_url: `${ctx.htmlBase}/${full}`,
    mirror_url: null,
    homepage: null,
    language: meta.language,
    license: { key: 'mit', name: 'MIT License', spdx_id: 'MIT', url: `${ctx.apiBase}/licenses/mit`, node_id: 'MDc6TGljZW5zZTEz' },
    forks: stars >> 3,
    forks_count: stars >> 3,
    stargazers_count: stars,
    watchers_count: stars,
    watchers: stars,
    size: mix32(meta.id, 9) % 90_000,
    default_branch: meta.defaultBranch,
    open_issues_count: counts.openIssues,
    open_issues: counts.openIssues,
    is_template: false,
    topics: ['bittensor', 'subnet'],
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: meta.archived,
    disabled: false,
    visibility: 'public',
    pushed_at: iso(counts.pushedAt),
    created_at: iso(meta.createdAt),
    updated_at: iso(counts.updatedAt),
    allow_forking: true,
    web_commit_signoff_required: false,
  };
}

/** `GET /repos/{owner}/{repo}`. */
export function fullRepositoryShape(meta: RepoMeta, ctx: ShapeContext, counts: RepoCounts): FullRepository {
  const base = repositoryShape(meta, ctx, counts);
  return {
    ...base,
    has_discussions: false,
    pushed_at: iso(counts.pushedAt),
    created_at: iso(meta.createdAt),
    updated_at: iso(counts.updatedAt),
    subscribers_count: mix32(meta.id, 11) % 300,
    network_count: base.forks,
    temp_clone_token: null,
    organization: meta.ownerType === 'Organization' ? ownerShape(meta, ctx) : null,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: true,
  };
}

/** A contributor's fork, as `head.repo` of a pull request from a fork. */
export function forkShape(meta: RepoMeta, ctx: ShapeContext, user: { id: number; login: string }, counts: RepoCounts): Repository {
  const forkMeta: RepoMeta = { ...meta, id: 900_000_000 + (mix32(meta.id, user.id) % 90_000_000), owner: user.login, ownerType: 'User', ownerId: user.id, archived: false };
  return { ...repositoryShape(forkMeta, ctx, { ...counts, openIssues: 0 }), fork: true, forks: 0, forks_count: 0, stargazers_count: 0, watchers: 0, watchers_count: 0 };
}

export { iso };

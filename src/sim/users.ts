import type { components } from '@octokit/openapi-types';
import { BOTS, FIRST_NAMES, LOGIN_SUFFIXES } from './words.ts';
import { mix32, Rng } from './random.ts';

export type SimpleUser = components['schemas']['simple-user'];
export type AuthorAssociation = components['schemas']['author-association'];

export interface SimUser {
  index: number;
  id: number;
  login: string;
  type: 'User' | 'Bot' | 'Mannequin' | 'Organization';
}

/** Associations a general user may hold in a repository, by how often they occur. */
const GENERAL_ASSOCIATIONS: ReadonlyArray<readonly [AuthorAssociation, number]> = [
  ['MEMBER', 10],
  ['COLLABORATOR', 7],
  ['CONTRIBUTOR', 45],
  ['FIRST_TIME_CONTRIBUTOR', 9],
  ['FIRST_TIMER', 4],
  ['NONE', 25],
];

export const ALL_ASSOCIATIONS: readonly AuthorAssociation[] = [
  'OWNER', 'MEMBER', 'COLLABORATOR', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN', 'NONE',
];

/**
 * The people (and bots and mannequins) who author items. Index 0 is `ghost`, the
 * account GitHub substitutes for deleted users.
 */
export class UserTable {
  readonly users: SimUser[] = [];
  readonly generalStart: number;
  readonly mannequins: number[] = [];
  readonly bots: number[] = [];
  private readonly byLogin = new Map<string, SimUser>();

  constructor(seed: number, generalCount = 480) {
    this.add('ghost', 'User', 10137);
    for (const bot of BOTS) this.bots.push(this.add(bot, 'Bot').index);
    for (let i = 0; i < 6; i++) this.mannequins.push(this.add(`imported-user-${i + 1}`, 'Mannequin').index);
    this.generalStart = this.users.length;
    const rng = new Rng(mix32(seed, 0x05e25));
    while (this.users.length < this.generalStart + generalCount) {
      const login = `${rng.pick(FIRST_NAMES)}${rng.pick(LOGIN_SUFFIXES)}${rng.chance(0.3) ? rng.int(1, 99) : ''}`;
      if (!this.byLogin.has(login.toLowerCase())) this.add(login, 'User');
    }
  }

  private add(login: string, type: SimUser['type'], id?: number): SimUser {
    const index = this.users.length;
    const user: SimUser = { index, id: id ?? 1_000_000 + index * 7919 + (mix32(index) % 7919), login, type };
    this.users.push(user);
    this.byLogin.set(login.toLowerCase(), user);
    return user;
  }

  get(index: number): SimUser {
    const u = this.users[index];
    if (!u) throw new Error(`no user ${index}`);
    return u;
  }

  /** A user changes their login; the id stays (GitHub keeps it, and so must anything keyed by it). */
  rename(index: number, login: string): void {
    const user = this.get(index);
    if (this.byLogin.has(login.toLowerCase())) throw new Error(`login ${login} is taken`);
    this.byLogin.delete(user.login.toLowerCase());
    user.login = login;
    this.byLogin.set(login.toLowerCase(), user);
  }

  byName(login: string): SimUser | undefined {
    return this.byLogin.get(login.toLowerCase());
  }

  generalCount(): number {
    return this.users.length - this.generalStart;
  }

  /** The user who holds OWNER on a repository (an org owner, or the owning user). */
  ownerOf(repoIndex: number, seed: number): number {
    return this.generalStart + (mix32(seed, repoIndex, 0x0bee) % this.generalCount());
  }

  /**
   * A user's association with a repository is a property of the pair, so the same
   * author keeps one association across a repository's items.
   */
  associationOf(userIndex: number, repoIndex: number, seed: number): AuthorAssociation {
    const user = this.get(userIndex);
    if (user.type === 'Mannequin') return 'MANNEQUIN';
    if (user.type === 'Bot' || userIndex === 0) return 'NONE';
    if (userIndex === this.ownerOf(repoIndex, seed)) return 'OWNER';
    return new Rng(mix32(seed, repoIndex, userIndex, 0xa55)).weighted(GENERAL_ASSOCIATIONS);
  }

  simple(index: number, apiBase: string, htmlBase: string): SimpleUser {
    return simpleUser(this.get(index), apiBase, htmlBase);
  }
}

export function simpleUser(u: Pick<SimUser, 'id' | 'login' | 'type'>, apiBase: string, htmlBase: string): SimpleUser {
  const url = `${apiBase}/users/${encodeURIComponent(u.login)}`;
  return {
    login: u.login,
    id: u.id,
    node_id: `${u.type === 'Organization' ? 'O' : 'U'}_kgDO${Buffer.from(String(u.id)).toString('base64url')}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${htmlBase}/${u.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: u.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/**
 * The JSON shapes of the hub's API as the page reads them: thin names over
 * openapi.gen.ts, which `npm run gen:api-types` generates from the server's
 * OpenAPI document (the page reaches the server over HTTP only and shares no
 * code with it; `npm run check:api-types` keeps the generated file current).
 */
import type { components, paths } from './openapi.gen.ts';

type Schemas = components['schemas'];
/** The JSON body of a route's 200 answer to GET. */
type Answer<P extends keyof paths> = paths[P]['get'] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type ApiErrorBody = Schemas['Error'];

export type Issue = Schemas['Issue'];
export type Pull = Schemas['Pull'];
export type IssueDetail = Schemas['IssueDetail'];
export type PullDetail = Schemas['PullDetail'];
export type Item = Issue | Pull;
export type ItemKind = 'issue' | 'pull';
export type IssueStatus = Issue['status'];
export type PullStatus = Pull['status'];
export type Label = Issue['labels'][number];
export type LinkedPull = Issue['linked_pulls'][number];
export type ClosingIssue = Pull['closing_issues'][number];

/** A page of a list of issues or pull requests (every list route answers the same envelope). */
export type Page<T> = Omit<Answer<'/api/issues'>, 'items'> & { items: T[] };

export type SearchPage = Answer<'/api/search'>;
export type SearchHit = Schemas['SearchHit'];
export type Segment = SearchHit['title_highlight'][number];

export type Repo = Schemas['Repo'];
export type ReposPage = Answer<'/api/repos'>;
export type SyncState = Repo['sync']['state'];
export type SyncStatus = Answer<'/api/sync'>;
export type RepoSync = SyncStatus['repos'][number];
export type QuotaRow = SyncStatus['quota'][number];
export type SubnetFreshness = SyncStatus['subnet'][number];
export type Health = Answer<'/api/health'>;
export type RepoReward = Schemas['RepoReward'];
export type RepoPay = Schemas['RepoPay'];
export type RepoStats = Schemas['RepoStats'];
export type Money = Schemas['Money'];
export type Responsiveness = Answer<'/api/repos/{owner}/{name}/responsiveness'>;
export type AuthorResponsiveness = Schemas['AuthorResponsiveness'];

export type MinerStanding = Answer<'/api/miners/{login}/standing'>;
export type RepoStanding = MinerStanding['repos'][number];
export type PullStanding = RepoStanding['pulls'][number];
export type ScoreReason = PullStanding['explain'][number];
export type MinerProjection = Answer<'/api/miners/{login}/projection'>;
export type MinerRepoPay = MinerProjection['repos'][number];
export type PayPoint = MinerProjection['points'][number];

/**
 * Data of a `change` event on /api/events. The stream is text/event-stream, which
 * OpenAPI describes only in words (see that route's description), so this one
 * shape is written by hand from it.
 */
export interface ChangeEvent {
  id: number;
  repo: string;
  number: number;
  type: ItemKind;
  kind: 'created' | 'updated' | 'gone';
  at: string;
  /** The item as it reads now (null if it is no longer stored). */
  title: string | null;
  state: string | null;
  /** Pull requests: whether it merged; null for issues. */
  merged: boolean | null;
}

export type Dashboard = Answer<'/api/dashboard'>;
export type DashboardSnapshot = Schemas['DashboardSnapshot'];
export type ActivityBucket = Schemas['ActivityBucket'];
export type MinerPage = Answer<'/api/miners'>;
export type MinerSummary = Schemas['MinerSummary'];
export type PullScore = Answer<'/api/repos/{owner}/{name}/pulls/{number}/score'>;
export type Collision = Schemas['Collision'];
export type SolveReward = Schemas['SolveReward'];

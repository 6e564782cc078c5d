import { z } from 'zod';
import type { components } from '@octokit/openapi-types';

/**
 * The fields the hub reads from GitHub's answers, validated at the edge: a broken
 * upstream answer (a missing number, a string where a date belongs) fails the
 * page with a clear message instead of writing nonsense into the mirror. Unknown
 * fields pass through untouched.
 */
const user = z.object({ login: z.string(), id: z.union([z.number(), z.bigint(), z.string()]).optional() }).passthrough().nullable().optional();
const label = z.union([z.string(), z.object({ name: z.string().optional(), color: z.string().nullable().optional(), description: z.string().nullable().optional() }).passthrough()]);
const time = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be a timestamp');

export const issueSchema = z
  .object({
    id: z.union([z.number(), z.bigint()]),
    node_id: z.string().optional(),
    number: z.number().int().positive(),
    title: z.string(),
    body: z.string().nullable().optional(),
    state: z.enum(['open', 'closed']),
    state_reason: z.string().nullable().optional(),
    user,
    author_association: z.string().optional(),
    labels: z.array(label).default([]),
    comments: z.number().int().nonnegative().default(0),
    locked: z.boolean().default(false),
    html_url: z.string().optional(),
    created_at: time,
    updated_at: time,
    closed_at: time.nullable().optional(),
    draft: z.boolean().optional(),
    pull_request: z.object({ merged_at: time.nullable().optional() }).passthrough().optional(),
  })
  .passthrough();

const ref = z
  .object({
    ref: z.string(),
    sha: z.string().optional(),
    repo: z.object({ full_name: z.string() }).passthrough().nullable().optional(),
  })
  .passthrough();

export const pullSchema = z
  .object({
    number: z.number().int().positive(),
    state: z.enum(['open', 'closed']),
    draft: z.boolean().optional(),
    merged_at: time.nullable().optional(),
    updated_at: time,
    base: ref,
    head: ref,
  })
  .passthrough();

export const repositorySchema = z
  .object({
    id: z.union([z.number(), z.bigint()]),
    full_name: z.string(),
    default_branch: z.string(),
    archived: z.boolean().default(false),
  })
  .passthrough();

export type GithubIssue = z.infer<typeof issueSchema>;
export type GithubPull = z.infer<typeof pullSchema>;
export type GithubRepository = z.infer<typeof repositorySchema>;

/** GitHub's own types, for code that builds answers (the simulator) rather than reads them. */
export type ApiIssue = components['schemas']['issue'];
export type ApiPullSimple = components['schemas']['pull-request-simple'];
export type ApiRepository = components['schemas']['full-repository'];

export class UpstreamShapeError extends Error {
  constructor(what: string, issues: z.core.$ZodIssue[]) {
    const first = issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    super(`GitHub answered ${what} in an unexpected shape: ${first}`);
    this.name = 'UpstreamShapeError';
  }
}

/** Parses a list answer; one bad element fails the whole page (nothing of it is written). */
export function parseList<T extends z.ZodTypeAny>(schema: T, value: unknown, what: string): z.infer<T>[] {
  const parsed = z.array(schema).safeParse(value);
  if (!parsed.success) throw new UpstreamShapeError(what, parsed.error.issues);
  return parsed.data;
}

export function parseOne<T extends z.ZodTypeAny>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UpstreamShapeError(what, parsed.error.issues);
  return parsed.data;
}

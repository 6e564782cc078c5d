import { z } from 'zod';
import { repoSyncSchema, subnetFreshnessSchema } from './schemas.ts';

const counts = z
  .object({
    pulls_opened: z.number().int().describe('Pull requests created in the window (any state now)'),
    pulls_merged: z.number().int().describe('Pull requests merged in the window'),
    pulls_closed: z.number().int().describe('Pull requests closed without merging in the window'),
    issues_opened: z.number().int().describe('Issues created in the window'),
    issues_completed: z.number().int().describe('Issues closed as completed in the window'),
  })
  .meta({ id: 'ActivityCounts' });

const bucket = counts.extend({ at: z.string().describe('The hour (YYYY-MM-DDTHH, UTC) or day (YYYY-MM-DD, UTC)') }).meta({ id: 'ActivityBucket' });

const snapshot = z
  .object({
    computed_at: z.string().describe('When the dashboard job read the store; the windows end here'),
    age_seconds: z.number().int().describe('Seconds since computed_at'),
    ms: z.number().int().describe('How long the job took'),
    windows: z.object({ '24h': counts, '7d': counts, '30d': counts }),
    hourly: z.array(bucket).describe('The last 24 hours, an hour a bucket, oldest first'),
    daily: z.array(bucket).describe('The last 30 days, a day a bucket, oldest first'),
    pipeline: z.object({
      pulls: z.object({
        draft: z.number().int(),
        open: z.number().int(),
        merged: z.number().int(),
        scored: z.number().int().describe('Merged pull requests whose stored evaluation earns more than 0'),
      }),
      issues: z.object({
        open: z.number().int(),
        completed: z.number().int(),
        solved: z.number().int().describe('Completed issues that GitHub says a pull request closed'),
      }),
    }),
    top_contributions: z.array(
      z.object({ repo: z.string(), number: z.number().int(), title: z.string(), author: z.string().nullable(), status: z.string(), merged_at: z.string().nullable(), earned: z.number() }),
    ),
    unclaimed_issues: z.array(
      z.object({
        repo: z.string(),
        emission_share: z.number().describe("The repository's emission share (master list)"),
        number: z.number().int(),
        title: z.string(),
        author: z.string().nullable(),
        created_at: z.string(),
        labels: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'DashboardSnapshot' });

export const dashboardSchema = z
  .object({
    generated_at: z.string(),
    snapshot: snapshot.nullable().describe('null until the worker has run the dashboard job once'),
    freshness: z.object({
      repos: z.array(repoSyncSchema).describe('Every tracked repository, as GET /api/sync lists it'),
      subnet: z.array(subnetFreshnessSchema).describe("The subnet's data, as GET /api/sync lists it"),
    }),
  })
  .meta({ id: 'Dashboard' });

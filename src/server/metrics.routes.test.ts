import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueJob } from '../db/jobs.queries.ts';
import { saveQuotaRows } from '../db/status.queries.ts';
import { buildRepo } from '../test/factories.ts';
import { startTestApp, type TestApp } from './test-app.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ deps: { now: () => NOW } });
});
afterEach(async () => t.close());

describe('GET /metrics: sync, quota, jobs and the process', () => {
  it('reports passes, failures, durations and lag per repository, quota per token label, jobs, and the standard process metrics', async () => {
    const repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
    await t.db
      .updateTable('sync_state')
      .set({ passes_total: 12, failures_total: 3, pass_ms_total: 4500, last_pass_ms: 250, consecutive_failures: 1, requests_total: 40, last_success_at: '2026-03-01T11:50:00Z' })
      .where('repo_id', '=', repo.id)
      .execute();
    await saveQuotaRows(t.db, [{ token_label: 'token-1', resource: 'core', limit: 5000, remaining: 4321, reset_at: '2026-03-01T12:30:00Z' }], '2026-03-01T12:00:00Z');
    await enqueueJob(t.db, { kind: 'sync', key: 'sync:acme/widgets', payload: { repo: 'acme/widgets' } });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    const text = res.body;
    for (const line of [
      'hub_sync_passes_total{repo="acme/widgets"} 12',
      'hub_sync_failures_total{repo="acme/widgets"} 3',
      'hub_sync_pass_seconds_total{repo="acme/widgets"} 4.5',
      'hub_sync_last_pass_seconds{repo="acme/widgets"} 0.25',
      'hub_sync_consecutive_failures{repo="acme/widgets"} 1',
      'hub_sync_github_requests_total{repo="acme/widgets"} 40',
      'hub_repo_last_success_age_seconds{repo="acme/widgets"} 600',
      'hub_github_quota_remaining{token="token-1",resource="core"} 4321',
      'hub_github_quota_limit{token="token-1",resource="core"} 5000',
      'hub_github_quota_reset_seconds{token="token-1",resource="core"} 1800',
      'hub_jobs{kind="sync",state="queued"} 1',
    ]) {
      expect(text).toContain(line);
    }
    // prom-client's standard process metrics.
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    // The test app's token never appears, only its label.
    expect(text).not.toContain('x'.repeat(36));
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Issue, type Simulator } from './index.ts';
import { get, links } from './test-utils.ts';

const sims: Simulator[] = [];
async function sim(opts: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  const s = await startSimulator({ seed: 41, repos: 3, itemsPerRepo: 120, ...opts });
  sims.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function changedSince(s: Simulator, repo: string, since: string): Promise<Issue[]> {
  const out: Issue[] = [];
  let url: string | undefined = `/repos/${repo}/issues?state=all&sort=updated&direction=asc&since=${since}&per_page=100`;
  while (url) {
    const r: Awaited<ReturnType<typeof get<Issue[]>>> = await get<Issue[]>(s, url);
    out.push(...r.body);
    url = links(r.headers.get('link')).next;
  }
  return out;
}

describe('clock', () => {
  it('step advances virtual time and its changes show up through since', async () => {
    const s = await sim();
    const before = s.clock.iso();
    const events = s.clock.step({ ms: 10 * 60_000, events: 40 });
    expect(Date.parse(s.clock.iso()) - Date.parse(before)).toBe(10 * 60_000);
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThan(5);
    const expected = new Map<string, Set<number>>();
    const add = (repo: string, n: number) => expected.set(repo, (expected.get(repo) ?? new Set()).add(n));
    for (const e of events) {
      if (e.type === 'transferred') add(e.to!.repo, e.to!.number);
      else if (s.dataset.issue(e.repo, e.number)) add(e.repo, e.number);
    }
    const gone = events.filter((e) => e.type === 'deleted' || e.type === 'transferred');
    expect(gone.length).toBeGreaterThan(0);
    for (const r of s.dataset.repos()) {
      const changed = await changedSince(s, r.fullName, before);
      const got = new Set(changed.map((i) => i.number));
      for (const n of expected.get(r.fullName) ?? []) expect(got, `${r.fullName}#${n}`).toContain(n);
      for (const e of gone) if (e.repo === r.fullName) expect(got).not.toContain(e.number);
      for (const i of changed) expect(i.updated_at >= before).toBe(true);
    }
  });

  it('new items, title and body edits, closes, reopens and merges, stamped with the clock', async () => {
    const s = await sim();
    const repo = 'entrius/gittensor';
    s.clock.advance(3_600_000);
    const issue = s.mutate.createIssue(repo).number;
    const pr = s.mutate.createPull(repo, { want: 'links' }).number;
    expect(s.dataset.issue(repo, issue)!.created_at).toBe(s.clock.iso());
    const title = s.dataset.issue(repo, issue)!.title;
    s.clock.advance(1000);
    s.mutate.editTitle(repo, issue);
    expect(s.dataset.issue(repo, issue)!.updated_at).toBe(s.clock.iso());
    expect(s.dataset.issue(repo, issue)!.title).not.toBe(title);
    const linked = s.expectedClosingIssues(repo, pr);
    expect(linked.length).toBeGreaterThan(0);
    // Merging closes the linked issues.
    for (const l of linked) if (s.dataset.issue(l.repo, l.number)!.state === 'closed') s.mutate.reopen(l.repo, l.number);
    s.clock.advance(1000);
    s.mutate.merge(repo, pr);
    const merged = s.dataset.pull(repo, pr)!;
    expect(merged.merged).toBe(true);
    expect(merged.merged_at).toBe(s.clock.iso());
    for (const l of linked) expect(s.dataset.issue(l.repo, l.number)).toMatchObject({ state: 'closed', state_reason: 'completed', closed_at: s.clock.iso() });
    s.mutate.close(repo, issue, 'not_planned');
    expect(s.dataset.issue(repo, issue)).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    s.mutate.reopen(repo, issue);
    expect(s.dataset.issue(repo, issue)).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
  });

  it('PR descriptions gain and lose closing references', async () => {
    const s = await sim();
    const repo = 'entrius/gittensor';
    const pr = s.mutate.createPull(repo, { want: 'no-links' }).number;
    expect(s.dataset.closingTruth(repo, pr).keyword).toEqual([]);
    const body0 = s.dataset.bodyText(repo, pr);
    s.mutate.editBody(repo, pr, { want: 'links' });
    expect(s.dataset.closingTruth(repo, pr).keyword.length).toBeGreaterThan(0);
    expect(s.dataset.bodyText(repo, pr)).not.toBe(body0);
    s.mutate.editBody(repo, pr, { want: 'no-links' });
    expect(s.dataset.closingTruth(repo, pr).keyword).toEqual([]);
  });

  it('timer mode keeps changing the data until stopped', async () => {
    const s = await sim();
    const seen: number[] = [];
    s.clock.onEvents((e) => seen.push(e.length));
    const t0 = s.clock.now();
    s.clock.start({ intervalMs: 20, events: 2, ms: 5_000 });
    // Waits for steps rather than for a time: a loaded machine runs fewer timer ticks per second.
    await expect.poll(() => seen.length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    s.clock.stop();
    const steps = seen.length;
    expect(steps).toBeGreaterThanOrEqual(3);
    expect(s.clock.now() - t0).toBe(steps * 5_000);
    await new Promise((r) => setTimeout(r, 60));
    expect(seen.length).toBe(steps);
  });

  it('exposes a step endpoint for simulators in another process', async () => {
    const s = await sim();
    const r = await fetch(`${s.url}/sim/clock/step?events=3&ms=1000`, { method: 'POST' });
    const body = (await r.json()) as { now: string; events: unknown[] };
    expect(r.status).toBe(200);
    expect(body.now).toBe(s.clock.iso());
    expect(body.events.length).toBeLessThanOrEqual(3);
  });
});

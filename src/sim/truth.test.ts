import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decoy, DECOY_KINDS, keywordRef, prose, Rng, startSimulator, type BodySpec, type Simulator } from './index.ts';
import { World } from './world.ts';
import { populate } from './generator.ts';
import { pullBody } from './bodies.ts';
import { twoKeywordRefs, sharedKeywordRefs } from './ref-forms.ts';

/**
 * A deliberately small reading of github-facts.md, used only to check that the
 * generator's fragments say what they declare. It is not the hub's parser.
 */
function readRefs(body: string, self: string): string[] {
  const text = body.replace(/```[\s\S]*?```/g, ' ').replace(/<!--[\s\S]*?-->/g, ' ').replace(/`[^`\n]*`/g, ' ');
  const re = /(?<!\w)(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?[ \t]+(?:#(\d+)|GH-(\d+)|([\w.-]+\/[\w.-]+)#(\d+)|https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\/issues\/(\d+))(?!\w)/gi;
  const out: string[] = [];
  for (const m of text.matchAll(re)) {
    const repo = (m[3] ?? m[5] ?? self).toLowerCase();
    out.push(`${repo}#${m[1] ?? m[2] ?? m[4] ?? m[6]}`);
  }
  return [...new Set(out)].sort();
}

describe('composed bodies declare exactly the references their text carries', () => {
  it('agrees with an independent reading on thousands of generated PR bodies', () => {
    const world = new World({ seed: 5, repos: 4, itemsPerRepo: 600, startTime: Date.UTC(2026, 0, 1) });
    populate(world);
    let checked = 0;
    for (const state of world.repos) {
      const picker = world.picker(state.meta.index);
      for (let i = 0; i < state.items.count; i++) {
        if (!state.items.isPr(i)) continue;
        for (const rev of [0, 1, 2]) {
          const b = pullBody(world.seed, state.meta.index, i + 1, rev, picker);
          if (b.text === null) continue;
          const declared = [...new Set(b.refs.map((r) => `${(r.repo ?? picker.selfName).toLowerCase()}#${r.number}`))].sort();
          expect(readRefs(b.text, picker.selfName), b.text).toEqual(declared);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('holds for arbitrary compositions of forms and decoys (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 8 }), (seed, n) => {
        const rng = new Rng(seed);
        const self = 'Entrius/Gittensor';
        const target = () => (rng.chance(0.7) ? { repo: null, number: rng.int(1, 9999) } : { repo: rng.pick(['nodejs/node', 'BitMind-AI/indexer']), number: rng.int(1, 9999) });
        const frags = [];
        for (let k = 0; k < n; k++) {
          const r = rng.int(0, 4);
          if (r === 0) frags.push(keywordRef(target(), self, rng));
          else if (r === 1) frags.push(twoKeywordRefs(target(), target(), self, rng));
          else if (r === 2) frags.push(sharedKeywordRefs(target(), target(), self, rng));
          else if (r === 3) frags.push(decoy(rng.pick(DECOY_KINDS), target(), self, rng));
          else frags.push(prose('Plain words with no references.'));
        }
        const text = frags.map((f) => f.text).join('\n\n');
        const declared = [...new Set(frags.flatMap((f) => f.refs).map((r) => `${(r.repo ?? self).toLowerCase()}#${r.number}`))].sort();
        expect(readRefs(text, self)).toEqual(declared);
      }),
      { numRuns: 300 },
    );
  });
});

describe('expectedClosingIssues follows GitHub rules', () => {
  let sim: Simulator;
  const repo = 'entrius/gittensor';
  let other: string;
  let issues: number[];
  let prs: number[];
  let otherIssues: number[];
  const rng = new Rng(99);

  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, repos: 3, itemsPerRepo: 120 });
    other = sim.dataset.repos()[1]!.fullName;
    issues = sim.dataset.numbers(repo, 'issue');
    prs = sim.dataset.numbers(repo, 'pr');
    otherIssues = sim.dataset.numbers(other, 'issue');
  });
  afterAll(() => sim.stop());

  const newPr = (spec: BodySpec, base?: string) => sim.mutate.createPull(repo, { ...spec, ...(base ? { base } : {}) }).number;

  it('links every accepted form, in order, duplicates collapsed, other simulated repos included', () => {
    const [a, b, c, d] = issues;
    const frags = [
      keywordRef({ repo: null, number: a! }, repo, rng, { form: 'hash', keyword: 'fixes' }),
      keywordRef({ repo: null, number: b! }, repo, rng, { form: 'gh', keyword: 'closed' }),
      keywordRef({ repo: 'ENTRIUS/gittensor', number: c! }, repo, rng, { form: 'slug', keyword: 'resolve' }),
      keywordRef({ repo: 'entrius/Gittensor', number: d! }, repo, rng, { form: 'url', keyword: 'fix' }),
      keywordRef({ repo: null, number: a! }, repo, rng, { form: 'hash' }),
      keywordRef({ repo: other.toUpperCase(), number: otherIssues[0]! }, repo, rng, { form: 'slug' }),
    ];
    const n = newPr({ fragments: frags });
    expect(sim.expectedClosingIssues(repo, n)).toEqual([
      ...[a, b, c, d].map((x) => ({ repo, number: x })),
      { repo: other, number: otherIssues[0] },
    ]);
  });

  it('ignores decoys, PR numbers, missing issues; keeps external references apart', () => {
    const frags = [
      ...DECOY_KINDS.map((k) => decoy(k, { repo: null, number: issues[5]! }, repo, rng)),
      keywordRef({ repo: null, number: prs[0]! }, repo, rng),
      keywordRef({ repo: null, number: 2_000_001 }, repo, rng),
      keywordRef({ repo: 'nodejs/node', number: 42 }, repo, rng),
    ];
    const n = newPr({ fragments: frags });
    const t = sim.dataset.closingTruth(repo, n);
    expect(t.all).toEqual([]);
    expect(t.external).toEqual([{ repo: 'nodejs/node', number: 42 }]);
  });

  it('ignores keywords when the base is not the default branch, but keeps manual links', () => {
    const n = newPr({ fragments: [keywordRef({ repo: null, number: issues[1]! }, repo, rng)] }, 'test');
    expect(sim.expectedClosingIssues(repo, n)).toEqual([]);
    sim.mutate.linkIssue(repo, n, repo, issues[2]!);
    expect(sim.expectedClosingIssues(repo, n)).toEqual([{ repo, number: issues[2] }]);
    expect(sim.expectedClosingIssues(repo, n, { userLinkedOnly: true })).toEqual([{ repo, number: issues[2] }]);
  });

  it('follows transfers and drops deleted issues', () => {
    const [x, y] = [issues[10]!, issues[11]!];
    const n = newPr({ fragments: [keywordRef({ repo: null, number: x }, repo, rng), keywordRef({ repo: null, number: y }, repo, rng)] });
    const moved = sim.mutate.transferIssue(repo, x, other);
    sim.mutate.deleteIssue(repo, y);
    expect(sim.expectedClosingIssues(repo, n)).toEqual([moved.to]);
    expect(sim.dataset.expectedClosedBy(moved.to!.repo, moved.to!.number)).toEqual([{ repo, number: n }]);
  });

  it('an edit that drops the reference drops the link', () => {
    const n = newPr({ want: 'links' });
    expect(sim.expectedClosingIssues(repo, n).length).toBeGreaterThan(0);
    sim.mutate.editBody(repo, n, { want: 'no-links' });
    expect(sim.dataset.closingTruth(repo, n).keyword).toEqual([]);
  });

  it('the reverse lists open PRs unless closed ones are asked for', () => {
    const issue = issues[20]!;
    const open = newPr({ fragments: [keywordRef({ repo: null, number: issue }, repo, rng)] });
    const closed = newPr({ fragments: [keywordRef({ repo: null, number: issue }, repo, rng)] });
    sim.mutate.close(repo, closed);
    expect(sim.dataset.expectedClosedBy(repo, issue).map((p) => p.number)).toContain(open);
    expect(sim.dataset.expectedClosedBy(repo, issue).map((p) => p.number)).not.toContain(closed);
    expect(sim.dataset.expectedClosedBy(repo, issue, { includeClosedPrs: true }).map((p) => p.number)).toEqual(expect.arrayContaining([open, closed]));
  });
});

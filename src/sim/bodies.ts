/**
 * Titles and markdown bodies, derived on demand from (seed, origin, revision).
 * A PR body is composed of fragments from ref-forms.ts, so the keyword
 * references it carries are known without parsing it.
 */
import { CHECKLIST, CODE_SNIPPETS, COMPONENTS, LINKS, SENTENCES, SYMPTOMS, TITLE_PREFIXES, VERBS } from './words.ts';
import { DECOY_KINDS, decoy, joinFragments, keywordRef, prose, sharedKeywordRefs, twoKeywordRefs, type Fragment, type RefTarget } from './ref-forms.ts';
import { rngFor, type Rng } from './random.ts';

/** What the composer may point at; answers depend only on immutable facts. */
export interface Picker {
  /** The PR's repository as named when generated. */
  selfName: string;
  /** An earlier number in the same repository holding that kind of item. */
  same(kind: 'issue' | 'pr', below: number, rng: Rng): number | null;
  /** An issue in another simulated repository. */
  other(rng: Rng): RefTarget | null;
  /** A repository the simulator does not serve. */
  external(rng: Rng): RefTarget;
}

export interface ComposedBody {
  text: string | null;
  /** Keyword references in countable text, in order of appearance. */
  refs: RefTarget[];
}

/** Numbers no simulated repository reaches: "a nonexistent issue". */
export const MISSING_NUMBER_BASE = 2_000_000;

const SALT_TITLE = 0x7171e;
const SALT_BODY = 0xb0d7;

function sentence(rng: Rng, withNul: boolean): string {
  const s = rng.pick(SENTENCES);
  if (!withNul) return s;
  const at = rng.int(1, s.length - 1);
  return `${s.slice(0, at)}\u0000${s.slice(at)}`;
}

function paragraph(rng: Rng, nul: boolean): string {
  const n = rng.int(1, 4);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(sentence(rng, nul && i === 0));
  if (rng.chance(0.3)) parts.push(`The change touches \`${rng.pick(['score()', 'sync_metagraph', 'RETRY_LIMIT', 'fetch_page', 'config.yaml'])}\` only.`);
  if (rng.chance(0.25)) parts.push(`More context in ${rng.pick(LINKS)}.`);
  return parts.join(' ');
}

function capitalise(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

export function issueTitle(seed: number, repoIndex: number, number: number, rev: number): string {
  const rng = rngFor(seed, repoIndex, number, rev, SALT_TITLE);
  let t = `${rng.pick(TITLE_PREFIXES.filter((p) => !p.startsWith('feat') && !p.startsWith('perf')))}${capitalise(rng.pick(COMPONENTS))} ${rng.pick(SYMPTOMS)}`;
  if (rev > 0 && rng.chance(0.5)) t = `[Bug] ${t}`;
  if (rng.chance(0.004)) t = `${t}\u0000`;
  return t;
}

export function pullTitle(seed: number, repoIndex: number, number: number, rev: number): string {
  const rng = rngFor(seed, repoIndex, number, rev, SALT_TITLE);
  let t = `${rng.pick(TITLE_PREFIXES)}${rng.pick(VERBS)} ${rng.pick(COMPONENTS)}`;
  // A closing keyword in a title never links: only the description counts.
  if (rng.chance(0.1)) t = `${t} (fixes #${rng.int(1, Math.max(1, number - 1))})`;
  if (rev > 0 && rng.chance(0.4)) t = `${t}, take ${rev + 1}`;
  if (rng.chance(0.004)) t = `${t.slice(0, 5)}\u0000${t.slice(5)}`;
  return t;
}

function linkTargets(rng: Rng, number: number, picker: Picker): RefTarget[] {
  const count = rng.weighted([[0, 35], [1, 44], [2, 15], [3, 6]] as const);
  const out: RefTarget[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rng.weighted([['issue', 70], ['other', 8], ['external', 6], ['pr', 7], ['missing', 6], ['missing-other', 3]] as const);
    let t: RefTarget | null = null;
    if (kind === 'issue' || kind === 'pr') {
      const n = picker.same(kind, number, rng);
      t = n === null ? null : { repo: null, number: n };
    } else if (kind === 'other') t = picker.other(rng);
    else if (kind === 'external') t = picker.external(rng);
    else if (kind === 'missing') t = { repo: null, number: MISSING_NUMBER_BASE + rng.int(0, 99_999) };
    else {
      const o = picker.other(rng);
      t = o && { repo: o.repo, number: MISSING_NUMBER_BASE + rng.int(0, 99_999) };
    }
    if (t) out.push(t);
  }
  return out;
}

function closingFragments(rng: Rng, targets: RefTarget[], picker: Picker): Fragment[] {
  const out: Fragment[] = [];
  let i = 0;
  while (i < targets.length) {
    const a = targets[i]!;
    const b = targets[i + 1];
    if (b && rng.chance(0.35)) {
      out.push(twoKeywordRefs(a, b, picker.selfName, rng));
      i += 2;
    } else if (b && rng.chance(0.2)) {
      // The second reference shares the keyword, so only the first links.
      out.push(sharedKeywordRefs(a, b, picker.selfName, rng));
      i += 2;
    } else {
      out.push(keywordRef(a, picker.selfName, rng));
      i += 1;
    }
  }
  // Duplicates collapse: repeat one reference in another form now and then.
  if (targets.length > 0 && rng.chance(0.08)) out.push(keywordRef(targets[0]!, picker.selfName, rng));
  return out;
}

/**
 * The keyword references of `pullBody(seed, repoIndex, number, rev, picker)`
 * without composing its text: the same random draws up to the closing
 * fragments, which are all that carry references (prose and decoys carry none).
 * The generator reads every merged pull request's references, and composing a
 * million descriptions would cost seconds.
 */
export function pullBodyRefs(seed: number, repoIndex: number, number: number, rev: number, picker: Picker): RefTarget[] {
  const rng = rngFor(seed, repoIndex, number, rev, SALT_BODY);
  if (rng.chance(0.03)) return [];
  rng.chance(0.01);
  return closingFragments(rng, linkTargets(rng, number, picker), picker).flatMap((f) => f.refs);
}

export function pullBody(seed: number, repoIndex: number, number: number, rev: number, picker: Picker): ComposedBody {
  const rng = rngFor(seed, repoIndex, number, rev, SALT_BODY);
  if (rng.chance(0.03)) return { text: null, refs: [] };
  const nul = rng.chance(0.01);
  const frags: Fragment[] = [];
  const closing = closingFragments(rng, linkTargets(rng, number, picker), picker);
  const decoyTarget = (): RefTarget => ({ repo: null, number: picker.same('issue', number, rng) ?? rng.int(1, 50) });

  if (rng.chance(0.35)) frags.push(prose('<!-- Thank you for contributing! Describe the change and link the issue it closes below. -->'));
  if (closing.length > 0 && rng.chance(0.3)) frags.push(...closing.splice(0));
  frags.push(prose(rng.pick(['## Summary', '### Description', '## What', 'Summary'])), prose(paragraph(rng, nul)));
  if (closing.length > 0) {
    if (rng.chance(0.5)) frags.push(prose(rng.pick(['## Related issues', '### Linked issues', '## Related Issues'])));
    frags.push(...closing.splice(0));
  }
  const decoys = rng.weighted([[0, 40], [1, 35], [2, 17], [3, 8]] as const);
  for (let i = 0; i < decoys; i++) frags.push(decoy(rng.pick(DECOY_KINDS), decoyTarget(), picker.selfName, rng));
  if (rng.chance(0.7)) {
    const items: string[] = [];
    for (let i = rng.int(1, 4); i > 0; i--) items.push(`- ${rng.pick(VERBS)} ${rng.pick(COMPONENTS)}`);
    frags.push(prose('## Changes'), prose(items.join('\n')));
  }
  if (rng.chance(0.5)) frags.push(prose('## Testing'), prose(`\`\`\`${rng.pick(['bash', 'python', '', 'ts'])}\n${rng.pick(CODE_SNIPPETS)}\n\`\`\``));
  if (rng.chance(0.4)) frags.push(prose(CHECKLIST.filter(() => rng.chance(0.5)).map((c) => `- [${rng.chance(0.7) ? 'x' : ' '}] ${c}`).join('\n') || '- [ ] Tests pass locally'));
  if (rng.chance(0.2)) frags.push(prose(`> ${rng.pick(SENTENCES)}\n> ${rng.pick(SENTENCES)}`));
  const body = joinFragments(frags, rng.chance(0.12) ? '\r\n' : '\n');
  return { text: body.text, refs: body.refs };
}

export function issueBody(seed: number, repoIndex: number, number: number, rev: number, picker: Picker): string | null {
  const rng = rngFor(seed, repoIndex, number, rev, SALT_BODY);
  if (rng.chance(0.05)) return null;
  const nul = rng.chance(0.01);
  const parts: string[] = [];
  if (rng.chance(0.5)) {
    parts.push('<!-- Before filing: search existing issues, and fill in every section below. -->');
    parts.push('### Describe the bug', paragraph(rng, nul));
    const steps = rng.int(2, 4);
    const lines: string[] = [];
    for (let i = 1; i <= steps; i++) lines.push(`${i}. ${rng.pick(['Start the validator', 'Run the miner for an hour', 'Call the endpoint twice', 'Restart with a fresh wallet'])}`);
    parts.push('### To reproduce', lines.join('\n'));
    if (rng.chance(0.6)) parts.push(`\`\`\`\n${rng.pick(CODE_SNIPPETS)}\n\`\`\``);
    parts.push('### Expected behavior', paragraph(rng, false));
  } else {
    parts.push(paragraph(rng, nul));
    if (rng.chance(0.4)) parts.push(`- [ ] ${rng.pick(CHECKLIST)}\n- [ ] ${rng.pick(CHECKLIST)}`);
  }
  if (rng.chance(0.25)) parts.push(`> ${rng.pick(SENTENCES)}`);
  if (rng.chance(0.3)) {
    const n = picker.same(rng.chance(0.5) ? 'issue' : 'pr', number, rng);
    if (n !== null) parts.push(`${rng.pick(['Possibly related to', 'See also', 'Came up in'])} #${n}.`);
  }
  const text = parts.join('\n\n');
  return rng.chance(0.12) ? text.replace(/\n/g, '\r\n') : text;
}

/**
 * Text fragments whose closing-reference meaning is known by construction.
 *
 * A fragment's `refs` lists the references GitHub would read as "this PR closes
 * that issue" from the fragment's text, before any check of what the number
 * points at (an issue, a pull request, nothing, a repository outside the
 * simulation); that check happens in truth.ts against the current state.
 * Everything here follows github-facts.md; where GitHub's behaviour is
 * undocumented (blockquotes, tildes fences, `Fixes#1`), no fragment goes there.
 */
import type { Rng } from './random.ts';

export interface RefTarget {
  /** `owner/name` exactly as written in the text; null means the PR's own repository. */
  repo: string | null;
  number: number;
}

export interface Fragment {
  text: string;
  refs: RefTarget[];
}

export const KEYWORDS = ['close', 'closes', 'closed', 'fix', 'fixes', 'fixed', 'resolve', 'resolves', 'resolved'] as const;
export type Keyword = (typeof KEYWORDS)[number];
export type RefForm = 'hash' | 'gh' | 'slug' | 'url';

function casing(word: string, rng: Rng): string {
  const r = rng.float();
  if (r < 0.45) return word[0]!.toUpperCase() + word.slice(1);
  if (r < 0.9) return word;
  return word.toUpperCase();
}

/** Owner and repo compare case-insensitively, so the text varies the case. */
function writtenRepo(fullName: string, rng: Rng): string {
  const r = rng.float();
  if (r < 0.7) return fullName;
  if (r < 0.85) return fullName.toLowerCase();
  return fullName.replace(/(^|[/-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
}

/** Renders a reference; `hash` and `gh` only make sense for the PR's own repository. */
export function renderRef(target: RefTarget, form: RefForm, selfName: string, rng?: Rng): string {
  const repo = target.repo ?? selfName;
  const written = rng ? writtenRepo(repo, rng) : repo;
  switch (form) {
    case 'hash':
      return `#${target.number}`;
    case 'gh':
      return `GH-${target.number}`;
    case 'slug':
      return `${written}#${target.number}`;
    case 'url':
      return `https://github.com/${written}/issues/${target.number}`;
  }
}

function pickForm(target: RefTarget, rng: Rng): RefForm {
  if (target.repo !== null) return rng.chance(0.65) ? 'slug' : 'url';
  return rng.weighted<RefForm>([['hash', 80], ['gh', 6], ['slug', 8], ['url', 6]]);
}

/** A keyword reference that links (subject to what the number points at). */
export function keywordRef(target: RefTarget, selfName: string, rng: Rng, opts: { form?: RefForm; keyword?: Keyword } = {}): Fragment {
  const kw = casing(opts.keyword ?? rng.pick(KEYWORDS), rng);
  const ref = renderRef(target, opts.form ?? pickForm(target, rng), selfName, rng);
  const text = rng.weighted<string>([
    [`${kw} ${ref}`, 30],
    [`${kw}: ${ref}`, 10],
    [`This PR ${kw.toLowerCase()} ${ref}.`, 15],
    [`- ${kw} ${ref}`, 12],
    [`- [x] ${kw} ${ref}`, 4],
    [`${kw} ${ref} by checking the cursor before the next request.`, 8],
    [`Partially addresses the problem (${kw.toLowerCase()} ${ref}).`, 6],
    // Negation is not understood by GitHub: this still links.
    [`This does not ${rng.pick(['fix', 'close', 'resolve'])} ${ref} completely, a follow-up is needed.`, 5],
    [`**${kw} ${ref}**`, 5],
  ]);
  return { text, refs: [target] };
}

/** `Fixes #1, fixes #2`: one keyword per reference, both link. */
export function twoKeywordRefs(a: RefTarget, b: RefTarget, selfName: string, rng: Rng): Fragment {
  const kw1 = casing(rng.pick(KEYWORDS), rng);
  const kw2 = rng.pick(KEYWORDS);
  return { text: `${kw1} ${renderRef(a, pickForm(a, rng), selfName, rng)}, ${kw2} ${renderRef(b, pickForm(b, rng), selfName, rng)}`, refs: [a, b] };
}

/** `Fixes #1, #2` or `Fixes #1 and #2`: only the first links. */
export function sharedKeywordRefs(a: RefTarget, b: RefTarget, selfName: string, rng: Rng): Fragment {
  const kw = casing(rng.pick(KEYWORDS), rng);
  const sep = rng.pick([', ', ' and ', ' & ']);
  return { text: `${kw} ${renderRef(a, pickForm(a, rng), selfName, rng)}${sep}${renderRef(b, pickForm(b, rng), selfName, rng)}`, refs: [a] };
}

export type DecoyKind =
  | 'wrong-verb'
  | 'word-inside'
  | 'issue-word'
  | 'suffix'
  | 'mention'
  | 'inline-code'
  | 'fenced'
  | 'html-comment';

export const DECOY_KINDS: readonly DecoyKind[] = ['wrong-verb', 'word-inside', 'issue-word', 'suffix', 'mention', 'inline-code', 'fenced', 'html-comment'];

/** Text that mentions an issue but, per github-facts.md, links nothing. */
export function decoy(kind: DecoyKind, target: RefTarget, selfName: string, rng: Rng): Fragment {
  const ref = renderRef(target, target.repo === null ? 'hash' : 'slug', selfName, rng);
  const kw = casing(rng.pick(KEYWORDS), rng);
  let text: string;
  switch (kind) {
    case 'wrong-verb':
      text = `${rng.pick(['Fixing', 'fixing', 'Closing', 'closing', 'Resolving', 'Fixup for'])} ${ref} needs a second pass.`;
      break;
    case 'word-inside':
      // A keyword inside a longer word: a pattern without a word boundary links these.
      text = `${rng.pick(['bugfix', 'hotfix', 'Prefixes', 'unresolved', 'disclosed', 'enclosed', 'Unfixed'])} ${ref}`;
      break;
    case 'issue-word':
      text = `${kw} issue ${ref}`;
      break;
    case 'suffix':
      text = `${kw} ${ref}${rng.pick(['abc', 'x', '_old', 'th'])}`;
      break;
    case 'mention':
      text = `${rng.pick(['See', 'Related to', 'Part of', 'Follow-up to', 'Refs', 'Similar to', 'Reverts'])} ${ref}.`;
      break;
    case 'inline-code':
      text = `Use \`${kw} ${ref}\` in the description to link an issue.`;
      break;
    case 'fenced':
      text = rng.chance(0.5) ? `\`\`\`\ngit commit -m "${kw} ${ref}"\n\`\`\`` : `\`\`\`text\n${kw} ${ref}\n\`\`\``;
      break;
    case 'html-comment':
      text = rng.chance(0.5) ? `<!-- ${kw} ${ref} -->` : `<!--\n  Template: write "${kw} ${ref}" here.\n-->`;
      break;
  }
  return { text, refs: [] };
}

export function prose(text: string): Fragment {
  return { text, refs: [] };
}

/** Joins fragments into a body, keeping each fragment's lines its own. */
export function joinFragments(fragments: readonly Fragment[], eol = '\n'): { text: string; refs: RefTarget[] } {
  const text = fragments.map((f) => f.text).join('\n\n');
  return { text: eol === '\n' ? text : text.replace(/\n/g, eol), refs: fragments.flatMap((f) => f.refs) };
}

import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import { explainClosingRefs, GRAMMAR_VERSION, type Candidate, type CandidateReason } from '../core/closing-refs.ts';
import { describeTargets, listPullLinks, type ExplainItem, type TargetInfo } from '../db/links.queries.ts';
import type { DB, RepoRow } from '../db/schema.ts';
import { webHostsFor } from '../sync/ingest.ts';
import { printable, runPullCommand } from './store-command.ts';

export { parseTarget } from './store-command.ts';

type Out = NodeJS.WritableStream;

/**
 * `hub links explain owner/name#N`: why a pull request is, or is not, linked to
 * the issues it names. Reads the store only (never GitHub), so it answers with
 * what the hub serves, from the same grammar that derived the stored links.
 * Exit codes: 0 answered, 1 nothing to explain (no such pull request, no
 * database), 2 the question is wrong (malformed target, untracked repository).
 */
export async function runLinksExplain(config: Config, target: string, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  return runPullCommand(
    { name: 'links explain', config, target, err, notAnIssue: 'only pull requests close issues; explain the pull request instead' },
    (db, repo, item) => explain(db, repo, item, config.githubWebUrl, out),
  );
}


async function explain(db: Kysely<DB>, repo: RepoRow, item: ExplainItem, webUrl: string, out: Out): Promise<number> {
  const name = `${repo.full_name}#${item.number}`;
  const { refs, candidates } = explainClosingRefs(
    { repo: repo.full_name, title: item.title, body: item.body, baseRef: item.base_ref, defaultBranch: repo.default_branch },
    { webHosts: webHostsFor(webUrl, item.html_url) },
  );
  const links = await listPullLinks(db, item.id);
  const targets = await describeTargets(db, [
    ...candidates.map((c) => ({ repoKey: c.repoKey, number: c.number })),
    ...links.map((l) => ({ repoKey: l.issue_repo_key, number: l.issue_number })),
  ]);
  const textKeys = new Set(refs.map((r) => `${r.repoKey}#${r.number}`));
  const storedKeys = new Set(links.map((l) => `${l.issue_repo_key}#${l.issue_number}`));
  const fromGithub = item.links_source === 'graphql';
  const ctx: Ctx = { repo, item, targets, storedKeys, fromGithub };

  const lines: string[] = [`Pull request ${name}: ${printable(item.title, 200)}`];
  lines.push(`  status:      ${item.status === item.state ? item.status : `${item.status} (${item.state})`}`);
  if (item.gone) lines.push(`  gone:        ${item.gone === 'transferred' && item.moved_to ? `transferred to ${printable(item.moved_to, 120)}` : item.gone} on GitHub`);
  if (repo.active !== 1) lines.push('  note:        the master list no longer names this repository; its data may be stale');
  lines.push(`  base:        ${describeBase(item.base_ref, repo.default_branch)}`);
  lines.push(`  links from:  ${describeSource(item)}`);

  lines.push('', `References in the title and description: ${candidates.length} (${refs.length} taken)`);
  if (candidates.length === 0) lines.push('  none: neither names an issue');
  const width = widest(candidates.map((c) => targetName(c.repo, c.number)));
  for (const c of candidates) {
    const source = c.where === 'title' ? item.title : (item.body ?? '');
    lines.push(
      `  ${(c.taken ? 'taken' : 'not taken').padEnd(9)}  ${targetName(c.repo, c.number).padEnd(width)}  ${c.where === 'title' ? 'title      ' : 'description'}` +
        `  "${excerpt(source, c.offset, c.text)}"  ${verdict(c, ctx)}`,
    );
  }

  lines.push('', `Stored links: ${links.length === 0 ? 'none' : `${links.length}, from ${fromGithub ? "GitHub's own answer" : 'the text'}`}`);
  const linkWidth = widest(links.map((l) => targetName(l.issue_repo, l.issue_number)));
  for (const l of links) {
    const key = `${l.issue_repo_key}#${l.issue_number}`;
    lines.push(`  ${targetName(l.issue_repo, l.issue_number).padEnd(linkWidth)}  ${describeTarget(targets.get(key), shortName(ctx, l.issue_repo_key, l.issue_repo, l.issue_number))}`);
  }

  const onlyText = refs.filter((r) => !storedKeys.has(`${r.repoKey}#${r.number}`)).map((r) => targetName(r.repo, r.number));
  const onlyStored = links.filter((l) => !textKeys.has(`${l.issue_repo_key}#${l.issue_number}`)).map((l) => targetName(l.issue_repo, l.issue_number));
  const diffWidth = widest([...onlyText, ...onlyStored]);
  if (fromGithub && onlyText.length + onlyStored.length > 0) {
    lines.push('', "GitHub's own answer differs from the text:");
    for (const n of onlyText) lines.push(`  ${n.padEnd(diffWidth)}  taken from the text, not linked on GitHub: GitHub's own answer overrode it`);
    for (const n of onlyStored) {
      lines.push(`  ${n.padEnd(diffWidth)}  linked on GitHub only, not from the text: linked manually in the sidebar, or a form the hub's grammar does not read`);
    }
  } else if (item.links_source === 'text' && onlyText.length + onlyStored.length > 0) {
    lines.push('', 'The stored links differ from what the text gives now; the next sync or relink brings them in line:');
    for (const n of onlyText) lines.push(`  ${n.padEnd(diffWidth)}  taken from the text now, not stored yet`);
    for (const n of onlyStored) lines.push(`  ${n.padEnd(diffWidth)}  stored, no longer taken from the text`);
  }
  out.write(`${lines.join('\n')}\n`);
  return 0;
}

interface Ctx {
  repo: RepoRow;
  item: ExplainItem;
  targets: Map<string, TargetInfo>;
  storedKeys: Set<string>;
  fromGithub: boolean;
}

const branch = (ref: string | null) => (ref ?? '').replace(/^refs\/heads\//, '');

function describeBase(baseRef: string | null, defaultBranch: string | null): string {
  const base = branch(baseRef);
  const main = branch(defaultBranch);
  if (base === '') return `not known yet (synced from the issue list only): taken to be the default branch${main ? ` ${printable(main, 100)}` : ''}`;
  if (main === '') return `${printable(base, 100)}; the repository's default branch is not known yet: taken to be the default`;
  if (base === main) return `${printable(base, 100)} (the default branch)`;
  return `${printable(base, 100)}, not the default branch ${printable(main, 100)}: closing keywords are ignored`;
}

function describeSource(item: ExplainItem): string {
  if (item.links_source === 'graphql') {
    return "GitHub's own answer (GraphQL closingIssuesReferences): it overrules the text and includes links made in the sidebar";
  }
  if (item.links_source === 'text') {
    const grammar = item.links_grammar ?? 0;
    const stale = grammar !== GRAMMAR_VERSION ? ` (the current grammar is version ${GRAMMAR_VERSION}: the relink job re-derives them)` : '';
    const pending = item.graphql_due === 1 ? "; GitHub's own answer is still to be fetched and may overrule them" : '';
    return `the description's text, grammar version ${grammar}${stale}${pending}`;
  }
  return 'nothing yet: links are derived when the pull request is synced';
}

// Not Math.max(...): a hostile description can hold more references than a call takes arguments.
const widest = (names: readonly string[]) => names.reduce((w, n) => Math.max(w, n.length), 0);

function targetName(repo: string, number: number): string {
  return `${printable(repo, 140)}#${number}`;
}

/** `#5` inside the pull request's own repository, `owner/name#5` elsewhere: how the user would write it. */
function shortName(ctx: Ctx, key: string, repo: string, number: number): string {
  return key === ctx.repo.name_key ? `#${number}` : targetName(repo, number);
}

function describeTarget(info: TargetInfo | undefined, short: string): string {
  if (!info || info.repo === null) return 'in a repository the hub does not track';
  if (!info.item) return 'not in the store (not synced yet, or deleted)';
  if (info.item.isPull) return `${short} is a pull request: GitHub links issues only`;
  return `issue, ${info.item.status}: "${printable(info.item.title, 80)}"`;
}

/** One plain sentence per reason; the Record keeps the list complete when a reason is added. */
const REASONS: Record<CandidateReason, (c: Candidate, ctx: Ctx) => string> = {
  taken: () => 'linked: a closing keyword right before the reference',
  duplicate: () => 'the same issue is already linked earlier in the description',
  in_title: () => 'in the title: GitHub only reads the description',
  in_fenced_code: () => 'inside a fenced code block: code is not read',
  in_inline_code: () => 'inside inline code (`…`): code is not read',
  in_html_comment: () => 'inside an HTML comment (<!-- … -->): comments are not read',
  no_keyword: () => 'no closing keyword before it (close, closes, closed, fix, fixes, fixed, resolve, resolves, resolved)',
  not_a_keyword: (c) => `${quoted(c.keyword, 'this word')} is not a closing keyword: use fixes, closes or resolves`,
  keyword_not_at_word_boundary: (c) => `the keyword is part of another word (${c.keyword ? printable(c.keyword, 40) : 'e.g. bugfix'}): write the keyword as a word of its own`,
  keyword_not_followed_by_whitespace: (c) =>
    `${quoted(c.keyword, 'the keyword')} must be followed by a plain space: not glued to the reference, not in bold or italics, no no-break space`,
  blank_line_between_keyword_and_reference: () => 'a blank line separates the keyword from the reference: keep them in one paragraph',
  extra_reference_after_keyword: () => 'a second reference after one keyword: GitHub links only the first; repeat the keyword',
  words_between_keyword_and_reference: (c) => `other words stand between ${quoted(c.keyword, 'the keyword')} and the reference: put the reference right after the keyword`,
  trailing_characters: () => 'letters or digits are glued to the number',
  invalid_number: () => 'not an issue number (zero, a leading zero, or more than nine digits)',
  not_an_issue_url: () => 'not the URL of an issue (a pull request or another page): GitHub links issues only',
  unknown_host: () => 'an issue URL on a host the hub does not read as GitHub',
  non_default_base: (_c, ctx) =>
    `the PR targets ${printable(branch(ctx.item.base_ref), 100)}, not the default branch ${printable(branch(ctx.repo.default_branch), 100)}: keywords are ignored`,
};

function quoted(word: string | null, fallback: string): string {
  return word ? `"${printable(word, 40)}"` : fallback;
}

function verdict(c: Candidate, ctx: Ctx): string {
  const caveats: string[] = [];
  const key = `${c.repoKey}#${c.number}`;
  if (c.taken && ctx.fromGithub && !ctx.storedKeys.has(key)) caveats.push("GitHub's own answer overrode it: not linked on GitHub");
  const info = ctx.targets.get(key);
  // A pull request URL already says so in its reason.
  if (info?.item?.isPull && c.reason !== 'not_an_issue_url') caveats.push(`${shortName(ctx, c.repoKey, c.repo, c.number)} is a pull request: GitHub links issues only`);
  else if (c.taken && info?.repo === null) caveats.push(`${printable(c.repo, 140)} is not tracked by the hub`);
  if (c.taken && caveats.length > 0) return `the keyword takes it, but ${caveats.join('; and ')}`;
  return [REASONS[c.reason](c, ctx), ...caveats].join('; ');
}

const CONTEXT = 40;
const isBreak = (c: number) => c === 10 || c === 13;

/**
 * The reference with the words before it on its line, so "bugfix #42" shows the
 * word that spoiled it. Looks back a bounded distance: bodies can be megabytes
 * with thousands of references on one line.
 */
function excerpt(source: string, offset: number, text: string): string {
  let from = offset;
  while (from > 0 && offset - from < CONTEXT && !isBreak(source.charCodeAt(from - 1))) from--;
  const cut = from > 0 && !isBreak(source.charCodeAt(from - 1));
  if (cut) {
    // Start at a word, not in the middle of one.
    let p = from;
    while (p < offset && source.charCodeAt(p) !== 32) p++;
    if (p < offset) from = p + 1;
  }
  return `${cut ? '…' : ''}${printable(source.slice(from, offset), CONTEXT)}${printable(text, 200)}`;
}


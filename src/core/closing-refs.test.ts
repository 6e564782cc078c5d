import { describe, expect, it } from 'vitest';
import {
  GRAMMAR_VERSION, closingRefs, explainClosingRefs,
  type CandidateReason, type ParseOptions, type PullText,
} from './closing-refs.ts';

const REPO = 'acme/widgets';

function buildPull(overrides: Partial<PullText> = {}): PullText {
  return { repo: REPO, title: null, body: null, baseRef: 'main', defaultBranch: 'main', ...overrides };
}

const refsOf = (pull: PullText, options?: ParseOptions) =>
  closingRefs(pull, options).map((r) => `${r.repo}#${r.number}`);

interface Case {
  name: string;
  body: string | null;
  refs: string[];
  pull?: Partial<PullText>;
  options?: ParseOptions;
}

const ghe: ParseOptions = { webHosts: ['github.com', 'ghe.example.com'] };

const cases: Case[] = [
  // The nine keywords, any case.
  { name: 'close', body: 'close #1', refs: ['acme/widgets#1'] },
  { name: 'closes', body: 'closes #2', refs: ['acme/widgets#2'] },
  { name: 'closed', body: 'closed #3', refs: ['acme/widgets#3'] },
  { name: 'fix', body: 'fix #4', refs: ['acme/widgets#4'] },
  { name: 'fixes', body: 'fixes #5', refs: ['acme/widgets#5'] },
  { name: 'fixed', body: 'fixed #6', refs: ['acme/widgets#6'] },
  { name: 'resolve', body: 'resolve #7', refs: ['acme/widgets#7'] },
  { name: 'resolves', body: 'resolves #8', refs: ['acme/widgets#8'] },
  { name: 'resolved', body: 'resolved #9', refs: ['acme/widgets#9'] },
  { name: 'upper case keyword', body: 'FIXES #10', refs: ['acme/widgets#10'] },
  { name: 'capitalised keyword', body: 'Closes #11', refs: ['acme/widgets#11'] },
  { name: 'mixed case keyword', body: 'ReSoLvEd #12', refs: ['acme/widgets#12'] },
  { name: 'keyword inside a sentence', body: 'This change fixes #13 for good.', refs: ['acme/widgets#13'] },
  { name: 'keyword at the end of a list item', body: '- [x] Resolves #14', refs: ['acme/widgets#14'] },
  // Colon.
  { name: 'colon after keyword', body: 'Fixes: #12', refs: ['acme/widgets#12'] },
  { name: 'colon then tab', body: 'Closes:\t#15', refs: ['acme/widgets#15'] },
  { name: 'colon without whitespace does not link', body: 'Fixes:#12', refs: [] },
  { name: 'two colons do not link', body: 'Fixes:: #12', refs: [] },
  { name: 'space before the colon does not link', body: 'Fixes : #12', refs: [] },
  // Not keywords.
  { name: 'fixing', body: 'fixing #3', refs: [] },
  { name: 'closing', body: 'closing #3', refs: [] },
  { name: 'resolving', body: 'Resolving #3', refs: [] },
  { name: 'words between keyword and reference', body: 'Fixes issue #3', refs: [] },
  { name: 'no keyword at all', body: 'See #3 and #4', refs: [] },
  { name: 'refs is not a keyword', body: 'Refs #3', refs: [] },
  // Word boundary (the "bugfix #42" incident).
  { name: 'bugfix', body: 'bugfix #42', refs: [] },
  { name: 'prefix', body: 'prefix #1', refs: [] },
  { name: 'hotfixes', body: 'hotfixes #2', refs: [] },
  { name: 'unresolved', body: 'unresolved #2', refs: [] },
  { name: 'digit glued before keyword', body: '2fix #2', refs: [] },
  { name: 'letter with accent glued before keyword', body: 'éfixes #2', refs: [] },
  { name: 'hyphen before keyword', body: 'hot-fixes #1', refs: [] },
  { name: 'underscore before keyword', body: '_fixes #1', refs: [] },
  { name: 'at sign before keyword', body: '@fixes #1', refs: [] },
  { name: 'parenthesis before keyword', body: '(fixes #1)', refs: ['acme/widgets#1'] },
  { name: 'bracket before keyword', body: '[Closes #1]', refs: ['acme/widgets#1'] },
  { name: 'quote before keyword', body: '"fixes #1"', refs: ['acme/widgets#1'] },
  { name: 'slash before keyword', body: 'and/fixes #1', refs: ['acme/widgets#1'] },
  { name: 'emoji before keyword', body: '🐛Fixes #1', refs: ['acme/widgets#1'] },
  { name: 'keyword glued to reference', body: 'fixes#1', refs: [] },
  { name: 'bold keyword', body: '**Fixes** #1', refs: [] },
  { name: 'bold keyword with colon', body: '**Fixes:** #1', refs: [] },
  { name: 'underscore emphasis around keyword', body: '_Fixes_ #1', refs: [] },
  // Whitespace between keyword and reference.
  { name: 'several spaces', body: 'Fixes    #1', refs: ['acme/widgets#1'] },
  { name: 'newline between keyword and reference', body: 'Fixes\n#1', refs: ['acme/widgets#1'] },
  { name: 'CRLF between keyword and reference', body: 'Fixes\r\n#1', refs: ['acme/widgets#1'] },
  { name: 'blank line between keyword and reference', body: 'Fixes\n\n#1', refs: [] },
  { name: 'blank CRLF line between keyword and reference', body: 'Fixes\r\n\r\n#1', refs: [] },
  { name: 'no-break space does not separate', body: 'Fixes\u00a0#1', refs: [] },
  { name: 'CRLF body', body: 'Summary\r\n\r\nFixes #2\r\nCloses #3\r\n', refs: ['acme/widgets#2', 'acme/widgets#3'] },
  // Reference forms.
  { name: 'GH-N', body: 'Fixes GH-21', refs: ['acme/widgets#21'] },
  { name: 'gh-N lower case', body: 'fixes gh-22', refs: ['acme/widgets#22'] },
  { name: 'GH-N with trailing letters', body: 'Fixes GH-22x', refs: [] },
  { name: 'cross-repository', body: 'Fixes octo/other#3', refs: ['octo/other#3'] },
  { name: 'cross-repository with dots and dashes', body: 'Closes my-org/repo.js_x#4', refs: ['my-org/repo.js_x#4'] },
  { name: 'cross-repository owner starting with a dash', body: 'Fixes -octo/other#3', refs: [] },
  { name: 'cross-repository owner too long', body: `Fixes ${'a'.repeat(40)}/r#3`, refs: [] },
  { name: 'cross-repository owner of 39 characters', body: `Fixes ${'a'.repeat(39)}/r#3`, refs: [`${'a'.repeat(39)}/r#3`] },
  { name: 'path is not an owner', body: 'Fixes src/a/b#3', refs: [] },
  { name: 'own repository written out', body: 'Fixes acme/widgets#5', refs: ['acme/widgets#5'] },
  { name: 'own repository in other case collapses with #N', body: 'Fixes #5, fixes ACME/Widgets#5', refs: ['acme/widgets#5'] },
  { name: 'owner and repo case kept as written', body: 'Fixes Octo/Other#3', refs: ['Octo/Other#3'] },
  { name: 'cross-repository duplicates collapse case-insensitively', body: 'Fixes Octo/Other#3 and fixes octo/other#3', refs: ['Octo/Other#3'] },
  // URLs.
  { name: 'issue URL', body: 'Fixes https://github.com/octo/other/issues/7', refs: ['octo/other#7'] },
  { name: 'http issue URL', body: 'Fixes http://github.com/octo/other/issues/7', refs: ['octo/other#7'] },
  { name: 'www issue URL', body: 'Fixes https://www.github.com/octo/other/issues/7', refs: ['octo/other#7'] },
  { name: 'issue URL with trailing slash', body: 'Fixes https://github.com/octo/other/issues/7/', refs: ['octo/other#7'] },
  { name: 'issue URL with comment anchor', body: 'Fixes https://github.com/octo/other/issues/7#issuecomment-123', refs: ['octo/other#7'] },
  { name: 'issue URL with query', body: 'Fixes https://github.com/octo/other/issues/7?x=1', refs: ['octo/other#7'] },
  { name: 'issue URL followed by a period', body: 'Fixes https://github.com/octo/other/issues/7.', refs: ['octo/other#7'] },
  { name: 'issue URL upper-case host', body: 'Fixes HTTPS://GitHub.com/octo/other/issues/7', refs: ['octo/other#7'] },
  { name: 'issue URL of own repository collapses with #N', body: 'Fixes #7, fixes https://github.com/Acme/Widgets/issues/7', refs: ['acme/widgets#7'] },
  { name: 'pull URL is not an issue', body: 'Fixes https://github.com/octo/other/pull/7', refs: [] },
  { name: 'pull files URL is not an issue', body: 'Fixes https://github.com/octo/other/pull/7/files', refs: [] },
  { name: 'issue sub-page is not an issue', body: 'Fixes https://github.com/octo/other/issues/7/edit', refs: [] },
  { name: 'issue URL with trailing letters', body: 'Fixes https://github.com/octo/other/issues/7abc', refs: [] },
  { name: 'other host', body: 'Fixes https://gitlab.com/octo/other/issues/7', refs: [] },
  { name: 'enterprise host not configured', body: 'Fixes https://ghe.example.com/octo/other/issues/7', refs: [] },
  { name: 'enterprise host configured', body: 'Fixes https://ghe.example.com/octo/other/issues/7', refs: ['octo/other#7'], options: ghe },
  { name: 'github.com still counts with enterprise list', body: 'Fixes https://github.com/octo/other/issues/8', refs: ['octo/other#8'], options: ghe },
  { name: 'enterprise host option written as URL', body: 'Fixes https://GHE.example.com/o/r/issues/2', refs: ['o/r#2'], options: { webHosts: ['https://ghe.example.com/'] } },
  { name: 'URL anchor is not a reference', body: 'fixes https://example.com/page#12', refs: [] },
  { name: 'markdown link to issue URL after keyword', body: 'Fixes [it](https://github.com/o/r/issues/3)', refs: [] },
  // Trailing characters and numbers.
  { name: '#12abc is not #12', body: 'Fixes #12abc', refs: [] },
  { name: '#12_ is not #12', body: 'Fixes #12_', refs: [] },
  { name: '#12. is #12', body: 'Fixes #12.', refs: ['acme/widgets#12'] },
  { name: '#12, is #12', body: 'Fixes #12, thanks', refs: ['acme/widgets#12'] },
  { name: '#12) is #12', body: '(Fixes #12)', refs: ['acme/widgets#12'] },
  { name: '#12- is #12', body: 'Fixes #12-ish', refs: ['acme/widgets#12'] },
  { name: 'nine digits', body: 'Fixes #123456789', refs: ['acme/widgets#123456789'] },
  { name: 'ten digits', body: 'Fixes #1234567890', refs: [] },
  { name: 'leading zero', body: 'Fixes #012', refs: [] },
  { name: 'zero', body: 'Fixes #0', refs: [] },
  { name: 'HTML character reference', body: 'Fixes &#39;', refs: [] },
  // One reference per keyword.
  { name: 'second reference after one keyword', body: 'Fixes #1, #2', refs: ['acme/widgets#1'] },
  { name: 'chain with and', body: 'Fixes #1, #2 and #3', refs: ['acme/widgets#1'] },
  { name: 'keyword repeated', body: 'Fixes #1, fixes #2', refs: ['acme/widgets#1', 'acme/widgets#2'] },
  { name: 'different keywords', body: 'Fixes #1 and closes #2; resolves octo/x#3', refs: ['acme/widgets#1', 'acme/widgets#2', 'octo/x#3'] },
  { name: 'duplicates collapse', body: 'Fixes #1\nCloses #1', refs: ['acme/widgets#1'] },
  { name: 'one line per keyword', body: 'Fixes #1\nFixes #2\nFixes #3', refs: ['acme/widgets#1', 'acme/widgets#2', 'acme/widgets#3'] },
  // Negation is not understood.
  { name: 'negation', body: 'This does not fix #5', refs: ['acme/widgets#5'] },
  { name: "negation with don't", body: "Don't close #6 yet", refs: ['acme/widgets#6'] },
  // Code and comments.
  { name: 'fenced code', body: '```\nFixes #1\n```\nFixes #2', refs: ['acme/widgets#2'] },
  { name: 'fenced code with info string', body: '```ts title="x"\nFixes #1\n```', refs: [] },
  { name: 'tilde fence', body: '~~~\nFixes #1\n~~~\nFixes #2', refs: ['acme/widgets#2'] },
  { name: 'fence indented three spaces', body: '   ```\nFixes #1\n   ```\nFixes #2', refs: ['acme/widgets#2'] },
  { name: 'fence inside a list item', body: '1. Steps\n    ```sh\n    fixes #1\n    ```\n2. Fixes #2', refs: ['acme/widgets#2'] },
  { name: 'unclosed fence runs to the end', body: 'Fixes #2\n```\nFixes #1', refs: ['acme/widgets#2'] },
  { name: 'shorter fence does not close a longer one', body: '````\n```\nFixes #1\n````\nFixes #2', refs: ['acme/widgets#2'] },
  { name: 'tilde does not close a backtick fence', body: '```\n~~~\nFixes #1\n```\nFixes #2', refs: ['acme/widgets#2'] },
  { name: 'backticks in info string: not a fence', body: '```js `x`\nFixes #1', refs: ['acme/widgets#1'] },
  { name: 'inline code', body: 'Use `Fixes #1` to link. Fixes #2', refs: ['acme/widgets#2'] },
  { name: 'double-backtick inline code', body: '``Fixes ` #1`` and fixes #2', refs: ['acme/widgets#2'] },
  { name: 'unmatched backtick is literal', body: 'a ` b Fixes #1', refs: ['acme/widgets#1'] },
  { name: 'code span does not cross a blank line', body: 'a `b\n\nFixes #1\n\nc` d', refs: ['acme/widgets#1'] },
  { name: 'code span across a single line break', body: 'a `b\nFixes #1` d', refs: [] },
  { name: 'indented code block is not treated as code', body: 'Text\n\n    Fixes #1', refs: ['acme/widgets#1'] },
  { name: 'HTML comment', body: '<!-- Fixes #1 -->\nFixes #2', refs: ['acme/widgets#2'] },
  { name: 'multi-line HTML comment', body: '<!--\nFixes #1\n\n```\n-->\nFixes #2', refs: ['acme/widgets#2'] },
  { name: 'unclosed HTML comment runs to the end', body: 'Fixes #2 <!-- Fixes #1', refs: ['acme/widgets#2'] },
  { name: 'comment marker inside inline code', body: '`<!--` Fixes #1', refs: ['acme/widgets#1'] },
  // Body edge cases.
  { name: 'null body', body: null, refs: [] },
  { name: 'empty body', body: '', refs: [] },
  { name: 'unicode around', body: 'Corrige le problème — fixes #9 ✅ 修复', refs: ['acme/widgets#9'] },
  { name: 'NUL characters', body: 'Fixes #1\u0000fixes\u0000#2\u0000', refs: ['acme/widgets#1'] },
  // Base branch.
  { name: 'non-default base links nothing', body: 'Fixes #1', refs: [], pull: { baseRef: 'release-1.x', defaultBranch: 'main' } },
  { name: 'unknown base is treated as default', body: 'Fixes #1', refs: ['acme/widgets#1'], pull: { baseRef: null } },
  { name: 'unknown default branch is treated as default', body: 'Fixes #1', refs: ['acme/widgets#1'], pull: { defaultBranch: null } },
  { name: 'refs/heads/ prefix on base', body: 'Fixes #1', refs: ['acme/widgets#1'], pull: { baseRef: 'refs/heads/main' } },
  // Title never counts.
  { name: 'title is ignored', body: 'No keywords here', refs: [], pull: { title: 'Fixes #1' } },
];

describe('closingRefs', () => {
  it('has a grammar version', () => {
    expect(Number.isInteger(GRAMMAR_VERSION) && GRAMMAR_VERSION >= 1).toBe(true);
  });

  it.each(cases)('$name', ({ body, refs, pull, options }) => {
    expect(refsOf(buildPull({ body, ...pull }), options)).toEqual(refs);
  });

  it('carries the display form and a lower-case key', () => {
    expect(closingRefs(buildPull({ repo: 'Acme/Widgets', body: 'Fixes #1 and fixes Octo/Other#2' }))).toEqual([
      { repo: 'Acme/Widgets', repoKey: 'acme/widgets', number: 1 },
      { repo: 'Octo/Other', repoKey: 'octo/other', number: 2 },
    ]);
  });

  it('keeps the first spelling of a duplicate', () => {
    expect(closingRefs(buildPull({ body: 'Fixes OCTO/x#1, fixes octo/X#1' }))).toEqual([
      { repo: 'OCTO/x', repoKey: 'octo/x', number: 1 },
    ]);
  });

  it('returns references to any repository, tracked or not', () => {
    expect(refsOf(buildPull({ body: 'Fixes nobody/knows#1' }))).toEqual(['nobody/knows#1']);
  });
});

describe('explainClosingRefs', () => {
  const explain = (body: string | null, pull: Partial<PullText> = {}, options?: ParseOptions) =>
    explainClosingRefs(buildPull({ body, ...pull }), options);
  const reasons = (body: string | null, pull: Partial<PullText> = {}, options?: ParseOptions) =>
    explain(body, pull, options).candidates.map((c) => [c.text, c.reason]);

  it.each<[string, string, CandidateReason, string | null]>([
    ['taken', 'Fixes #1', 'taken', 'Fixes'],
    ['no keyword', 'See #1', 'no_keyword', null],
    ['fixing', 'fixing #3', 'not_a_keyword', 'fixing'],
    ['closure', 'closure #3', 'not_a_keyword', 'closure'],
    ['bugfix', 'bugfix #42', 'keyword_not_at_word_boundary', 'bugfix'],
    ['hyphenated', 'hot-fix #42', 'keyword_not_at_word_boundary', 'fix'],
    ['glued', 'fixes#1', 'keyword_not_followed_by_whitespace', 'fixes'],
    ['bold', '**Closes** #1', 'keyword_not_followed_by_whitespace', 'Closes'],
    ['underscore emphasis', '_Fixes_ #1', 'keyword_not_followed_by_whitespace', 'Fixes'],
    ['underscore prefix', '_fixes #1', 'keyword_not_at_word_boundary', '_fixes'],
    ['blank line', 'Fixes\n\n#1', 'blank_line_between_keyword_and_reference', 'Fixes'],
    ['words between', 'Fixes issue #3', 'words_between_keyword_and_reference', 'Fixes'],
    ['trailing', 'Fixes #12abc', 'trailing_characters', 'Fixes'],
    ['invalid number', 'Fixes #0', 'invalid_number', 'Fixes'],
    ['pull URL', 'Fixes https://github.com/o/r/pull/4', 'not_an_issue_url', 'Fixes'],
    ['other host', 'Fixes https://gitlab.com/o/r/issues/4', 'unknown_host', 'Fixes'],
    ['fenced', '```\nFixes #1\n```', 'in_fenced_code', 'Fixes'],
    ['inline code', '`Fixes #1`', 'in_inline_code', 'Fixes'],
    ['comment', '<!-- Fixes #1 -->', 'in_html_comment', 'Fixes'],
  ])('%s', (_name, body, reason, keyword) => {
    const [c] = explain(body).candidates;
    expect(c).toMatchObject({ where: 'body', reason, keyword, taken: reason === 'taken' });
  });

  it('explains one-per-keyword and duplicates', () => {
    expect(reasons('Fixes #1, #2 and #3. Closes #1')).toEqual([
      ['#1', 'taken'], ['#2', 'extra_reference_after_keyword'], ['#3', 'extra_reference_after_keyword'], ['#1', 'duplicate'],
    ]);
  });

  it('reports the keyword a chained reference hung from', () => {
    const [, second] = explain('Resolves #1, #2').candidates;
    expect(second).toMatchObject({ keyword: 'Resolves', reason: 'extra_reference_after_keyword' });
  });

  it('does not chain across other words', () => {
    expect(reasons('Fixes #1, see also #2')).toEqual([['#1', 'taken'], ['#2', 'no_keyword']]);
  });

  it('does not reach a keyword on an earlier line', () => {
    expect(reasons('I fixed things\nSee #2')).toEqual([['#2', 'no_keyword']]);
  });

  it('lists title candidates as in_title', () => {
    const r = explain('Fixes #2', { title: 'Fixes #1 (GH-3)' });
    expect(r.candidates.map((c) => [c.where, c.text, c.reason, c.keyword])).toEqual([
      ['title', '#1', 'in_title', 'Fixes'], ['title', 'GH-3', 'in_title', null], ['body', '#2', 'taken', 'Fixes'],
    ]);
    expect(r.refs).toEqual([{ repo: REPO, repoKey: REPO, number: 2 }]);
  });

  it('explains a non-default base on what would have linked', () => {
    const r = explain('Fixes #1, #2. Fixes #1. See #3', { baseRef: 'develop', defaultBranch: 'main' });
    expect(r.refs).toEqual([]);
    expect(r.candidates.map((c) => [c.text, c.reason])).toEqual([
      ['#1', 'non_default_base'], ['#2', 'extra_reference_after_keyword'], ['#1', 'non_default_base'], ['#3', 'no_keyword'],
    ]);
  });

  it('gives offsets into the text and the snippet as written', () => {
    const body = 'Intro\nCloses Octo/Repo#12.';
    const [c] = explain(body).candidates;
    expect(c).toMatchObject({ offset: body.indexOf('Octo'), text: 'Octo/Repo#12', repo: 'Octo/Repo', repoKey: 'octo/repo', number: 12 });
  });

  it('keeps the whole URL, anchor included, as the snippet', () => {
    const [c] = explain('Fixes https://github.com/o/r/issues/5#issuecomment-9 now').candidates;
    expect(c).toMatchObject({ text: 'https://github.com/o/r/issues/5#issuecomment-9', repo: 'o/r', number: 5, taken: true });
  });

  it('does not surface URL anchors, character references or words glued to #', () => {
    expect(reasons('see https://example.com/docs#12, don&#39;t, abc#4, https://github.com/o/r/blob/main/x#L10')).toEqual([]);
  });

  it('surfaces references made anywhere, taken or not', () => {
    expect(reasons('See #1, o/r#2, GH-3 and https://github.com/o/r/issues/4')).toEqual([
      ['#1', 'no_keyword'], ['o/r#2', 'no_keyword'],
      ['GH-3', 'no_keyword'], ['https://github.com/o/r/issues/4', 'no_keyword'],
    ]);
  });

  it('replaces NUL in snippets', () => {
    const [c] = explain('Fixes #1abc\u0000def').candidates;
    expect(c?.text).toBe('#1abc');
    const [d] = explain('Fixes https://github.com/o/r/issues/1?q=\u0000x').candidates;
    expect(d?.text).not.toContain('\u0000');
  });

  it('agrees with closingRefs', () => {
    const pull = buildPull({ body: 'Fixes #1, fixes o/r#2, `fixes #3`', title: 'fixes #4' });
    expect(explainClosingRefs(pull).refs).toEqual(closingRefs(pull));
  });

  it('applies the enterprise host option to explanations', () => {
    expect(reasons('Fixes https://ghe.example.com/o/r/issues/1', {}, ghe)).toEqual([['https://ghe.example.com/o/r/issues/1', 'taken']]);
  });
});

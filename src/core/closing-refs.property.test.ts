import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closingRefs, closingRefsScanSteps, explainClosingRefs, type PullText } from './closing-refs.ts';

// Pieces that exercise every branch of the scanner; random sequences of them look
// like real descriptions far more often than uniformly random text does.
const TOKENS = [
  'fixes', 'Fixes', 'CLOSES', 'resolved', 'bugfix', 'fixing', 'hot-fix', '_fix', 'fix:', 'Fixes:', '**Fixes**',
  ' ', '  ', '\t', '\n', '\r\n', '\r', '\n\n', '\u00a0', ',', ', ', ' and ', ' or ', '.', '(', ')', '[', ']', '-', '_', '@', '/', ':',
  '#', '#1', '#12', '#007', '#0', '#1234567890', '#12abc', 'GH-3', 'gh-', 'o/r#5', 'Octo/Repo#5', 'acme/widgets#1', '-x/y#2', 'a/b/c#3',
  'https://github.com/o/r/issues/7', 'https://github.com/o/r/pull/7', 'https://www.github.com/O/R/issues/8/',
  'https://github.com/', 'http://', 'https://ghe.example.com/o/r/issues/9', '#issuecomment-1', '?q=1', '/files',
  '`', '``', '```', '~~~', '```js', '    ', '   ```', '- ```', '> ', '1. ',
  '<!--', '-->', '<!-->', '&#39;', '\u0000', 'é', '修复', '🐛', '\ud800', '\udc00', 'issue', 'see',
];
const markdownish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((parts) => parts.join(''));
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }).map((cs) => String.fromCharCode(...cs));
const anyText = fc.oneof(markdownish, fc.string({ unit: 'binary', maxLength: 300 }), codeUnits, fc.string({ maxLength: 300 }));
const maybeText = fc.option(anyText, { nil: null });
const branch = fc.option(fc.constantFrom('main', 'develop', 'refs/heads/main', ''), { nil: null });
const pullArb = fc.record({
  repo: fc.constantFrom('acme/widgets', 'Acme/Widgets', 'o/r', ''),
  title: maybeText,
  body: maybeText,
  baseRef: branch,
  defaultBranch: branch,
});
const optionsArb = fc.option(
  fc.record({ webHosts: fc.array(fc.constantFrom('github.com', 'GHE.example.com', 'https://ghe.example.com/', ''), { maxLength: 3 }) }),
  { nil: undefined },
);

const key = (r: { repoKey: string; number: number }) => `${r.repoKey}#${r.number}`;
const isDefault = (p: PullText) => {
  const norm = (b: string | null | undefined) => (b ?? '').replace(/^refs\/heads\//, '');
  return !norm(p.baseRef) || !norm(p.defaultBranch) || norm(p.baseRef) === norm(p.defaultBranch);
};

describe('closing references: properties', () => {
  it('never throws and is deterministic', () => {
    fc.assert(
      fc.property(pullArb, optionsArb, (pull, options) => {
        const a = explainClosingRefs(pull, options);
        const b = explainClosingRefs(pull, options);
        expect(b).toEqual(a);
        expect(closingRefs(pull, options)).toEqual(closingRefs(pull, options));
      }),
      { numRuns: 500 },
    );
  });

  it('returns exactly the taken body candidates, once each', () => {
    fc.assert(
      fc.property(pullArb, optionsArb, (pull, options) => {
        const { refs, candidates } = explainClosingRefs(pull, options);
        const taken = candidates.filter((c) => c.taken);
        expect(taken.every((c) => c.where === 'body' && c.reason === 'taken')).toBe(true);
        expect(refs.map(key)).toEqual(taken.map(key));
        expect(new Set(refs.map(key)).size).toBe(refs.length);
        expect(closingRefs(pull, options)).toEqual(isDefault(pull) ? refs : []);
        if (!isDefault(pull)) expect(refs).toEqual([]);
        for (const r of refs) expect(r.repoKey).toBe(r.repo.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });

  it('points every candidate at the text it quotes', () => {
    fc.assert(
      fc.property(pullArb, optionsArb, (pull, options) => {
        for (const c of explainClosingRefs(pull, options).candidates) {
          const source = (c.where === 'title' ? pull.title : pull.body) ?? '';
          expect(source.slice(c.offset, c.offset + c.text.length).replaceAll('\u0000', '\uFFFD')).toBe(c.text);
          expect(c.text).not.toContain('\u0000');
          expect(Number.isSafeInteger(c.number)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never lets the title change the links', () => {
    fc.assert(
      fc.property(pullArb, anyText, (pull, title) => {
        expect(closingRefs({ ...pull, title })).toEqual(closingRefs({ ...pull, title: null }));
      }),
      { numRuns: 300 },
    );
  });

  it('survives a multi-megabyte adversarial body', () => {
    const body = TOKENS.join('').repeat(Math.ceil(3_000_000 / TOKENS.join('').length));
    const pull = { repo: 'acme/widgets', title: body.slice(0, 10_000), body };
    expect(() => explainClosingRefs(pull)).not.toThrow();
    expect(closingRefsScanSteps(pull)).toBeLessThanOrEqual(STEPS_PER_CHAR * (body.length + 10_000 + 1));
  });
});

// Measured worst cases sit below 8 visits a character; a quadratic scanner would
// exceed any constant once the repetitions below reach the thousands.
const STEPS_PER_CHAR = 16;

const ADVERSARIAL = [
  'fixes ', 'fixes fixes ', 'Fixes #1, ', 'fixes\n', '#', '##1', '#1', '#1#', '`', '`` ', '` `` ``` ', '```\n', '~~~\n', '- ```\n',
  '<!--', '<!-- ', '-->', '<!-->', 'https://github.com/', 'https://github.com/o/r/issues/', 'https://github.com/o/r/issues/1 ',
  'http://', 'a/', 'a/b#1', `${'a'.repeat(100)}#1`, `x/${'a'.repeat(101)}#1 `, 'bugfix#1', 'gh-1', 'GH-', '&#1', '1',
  ' ', '\n', '\r\n\r\n', '** ', '> > ', ' 1. ', 'and ', '\u00a0', '\u0000', 'é', '🐛',
];

describe('closing references: linear time, by counting steps', () => {
  it('stays within a constant number of steps per character on repeated patterns', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ADVERSARIAL), fc.integer({ min: 1, max: 20_000 }), (pattern, times) => {
        const body = pattern.repeat(times);
        const steps = closingRefsScanSteps({ repo: 'a/b', title: body, body });
        expect(steps).toBeLessThanOrEqual(STEPS_PER_CHAR * (2 * body.length + 1));
      }),
      { numRuns: 200 },
    );
  });

  it('stays within the bound on mixtures of adversarial patterns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...ADVERSARIAL, ...TOKENS), fc.integer({ min: 1, max: 2_000 })), { minLength: 1, maxLength: 12 }),
        (parts) => {
          const body = parts.map(([p, n]) => p.repeat(n)).join('');
          const steps = closingRefsScanSteps({ repo: 'a/b', title: null, body });
          expect(steps).toBeLessThanOrEqual(STEPS_PER_CHAR * (body.length + 1));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the per-character cost flat as the input grows', () => {
    for (const pattern of ADVERSARIAL) {
      const small = closingRefsScanSteps({ repo: 'a/b', body: pattern.repeat(100) }) / (pattern.length * 100 + 1);
      const large = closingRefsScanSteps({ repo: 'a/b', body: pattern.repeat(30_000) }) / (pattern.length * 30_000 + 1);
      expect(large).toBeLessThanOrEqual(small * 1.5 + 1);
    }
  });
});

// The fast path (closingRefs) against the full scanner (explainClosingRefs), which
// stays as the reference: they must take exactly the same references in the same order.
const fullScan = (pull: PullText, options?: { webHosts?: string[] }) => (isDefault(pull) ? explainClosingRefs(pull, options).refs : []);

const REF_FORMS = ['#1', '#12', '#12', 'GH-3', 'gh-12', 'o/r#5', 'Acme/Widgets#12', 'https://github.com/acme/widgets/issues/12', 'https://github.com/o/r/issues/5/', 'HTTPS://GitHub.com/o/r/issues/6', 'xhttps://github.com/o/r/issues/7', 'https://github.com/o/r/pull/7#1', '#1#2', '#1gh-2', 'ágh-4', '1abc/def#2'];
const LINE_PIECES = ['Fixes ', 'fixes: ', 'Closes ', 'resolved ', '**Fixes** ', '_fixes_ ', 'hotfix ', ', ', ' and ', ' ', '`', '``', '<!-- ', ' -->', 'see ', '&', '-', 'é', '🐛'];
const FENCES = ['```', '````', '~~~', '```js', '- ```', '> ```', '``` x `y`'];
const bodyLine = fc.oneof(
  fc.constantFrom(...FENCES, '', '  '),
  fc.array(fc.constantFrom(...LINE_PIECES, ...REF_FORMS), { maxLength: 10 }).map((p) => p.join('')),
);
const structured = fc.tuple(fc.array(bodyLine, { maxLength: 40 }), fc.constantFrom('\n', '\n', '\r\n', '\r')).map(([ls, br]) => ls.join(br));

// Descriptions as templates shape them, for the fast path's quick answers about code:
// a comment or code before, after or around a keyword, on its line or not, fences
// open or closed, indented lines (prose to the grammar), in every kind of line break.
const TEMPLATE_LINES = [
  'Fixes #1', 'closes #2.', '`x` Fixes #3', 'Fixes #4 `y`', 'x `Fixes #5` y', '`a Fixes #6', 'a`` Fixes #7 ``b', '<!-- Fixes #8 -->',
  '<!-- a -->Fixes #9', 'Fixes #10 <!-- c -->', '<!--', '-->', '<!-->Fixes #11', '```', '````', '~~~', '```js', '``` x `y` Fixes #12',
  'a ~~~ b Fixes #13', '~~~ info', '> ```', '- ~~~', '    Fixes #14', '\tresolves #15', '  - Fixes #16', '', '  ', 'Fixes', '#17',
  '``a` Fixes #23 ``', '``a` Fixes #25', '``', '`a`` Fixes #24 `', 'see `a` and `b` fixes #18', '`<!--` Fixes #19', 'Fixes `#20`', 'é `🐛` Fixes GH-21', 'Fixes https://github.com/o/r/issues/22',
];
const templated = fc
  .tuple(fc.array(fc.constantFrom(...TEMPLATE_LINES), { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([ls, br]) => ls.join(br));

describe('closing references: the fast path agrees with the full scanner', () => {
  it('on template-like bodies with code and comments before, after and around keywords', () => {
    fc.assert(
      fc.property(templated, (body) => {
        const pull = { repo: 'acme/widgets', body };
        expect(closingRefs(pull), JSON.stringify(body)).toEqual(fullScan(pull));
      }),
      { numRuns: 4000 },
    );
  });

  it('on random and markdown-like bodies, with every option', () => {
    fc.assert(
      fc.property(pullArb, optionsArb, (pull, options) => {
        expect(closingRefs(pull, options)).toEqual(fullScan(pull, options));
      }),
      { numRuns: 3000 },
    );
  });

  it('on line-structured bodies of fences, code spans, comments, keywords and every reference form', () => {
    fc.assert(
      fc.property(structured, fc.constantFrom('acme/widgets', 'o/r'), (body, repo) => {
        const pull = { repo, body };
        expect(closingRefs(pull), JSON.stringify(body)).toEqual(fullScan(pull));
      }),
      { numRuns: 3000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { readContent, utf8Length } from './content.ts';
import { hasInlineTests, inlineTestLineRanges } from './inline-tests.ts';
import { fileExtension, treeSitterLanguage } from './language.ts';
import { scorePullRequest } from './pull-request.ts';
import type { Grammars } from './syntax-tree.ts';
import { TOKEN_TABLES } from './tables.ts';
import { isTestFile } from './test-files.ts';

describe('fileExtension', () => {
  it.each([
    ['src/a.py', 'py'], ['src/A.TS', 'ts'], ['lib/x.test.js', 'js'], ['Dockerfile', 'dockerfile'],
    ['build/Makefile', 'makefile'], ['LICENSE', ''], ['.gitignore', 'gitignore'], ['a/b.', ''], ['dir.v2/file', ''],
  ])('%s → %j', (path, ext) => expect(fileExtension(path)).toBe(ext));
});

describe('treeSitterLanguage', () => {
  it('maps code extensions to the grammar the table names, and never parses non-code or unknown extensions', () => {
    expect(treeSitterLanguage(TOKEN_TABLES, 'tsx')).toBe('tsx');
    expect(treeSitterLanguage(TOKEN_TABLES, 'mjs')).toBe('javascript');
    expect(treeSitterLanguage(TOKEN_TABLES, 'h')).toBe('c');
    expect(treeSitterLanguage(TOKEN_TABLES, 'md')).toBeNull();
    expect(treeSitterLanguage(TOKEN_TABLES, 'yaml')).toBeNull(); // in the table with a weight, but non-code
    expect(treeSitterLanguage(TOKEN_TABLES, 'gitignore')).toBeNull(); // weight only
    expect(treeSitterLanguage(TOKEN_TABLES, 'xyz')).toBeNull();
    expect(treeSitterLanguage(TOKEN_TABLES, '')).toBeNull();
  });
});

describe('isTestFile (the validator\'s patterns)', () => {
  it.each([
    'tests/a.py', 'pkg/test/a.go', 'src/__tests__/a.ts', 'src/__test__/a.ts', 'app/src/androidTest/A.kt',
    'app/src/androidTestDebug/A.kt', 'x/integrationtest/A.java', 'spec/a_spec.rb', 'MyApp.Tests/FooTests.cs',
    'test_a.py', 'spec_helper.rb', 'a_test.go', 'a_tests.rs', 'a_spec.rb', 'a.test.ts', 'a.tests.js', 'a.spec.ts',
    'test.py', 'tests.rs', 'pkg/conftest.py', 'SRC/A.TEST.TS',
  ])('%s is a test file', (path) => expect(isTestFile(path)).toBe(true));

  it.each([
    'src/contest.py', 'src/testing.py', 'src/latest/a.py', 'src/attest.ts', 'src/a.test', 'src/protest_x.py',
    'src/specs/a.ts', 'src/testdata/a.go', 'conftest.pyc',
  ])('%s is not', (path) => expect(isTestFile(path)).toBe(false));
});

describe('inline test blocks', () => {
  it('finds a #[cfg(test)] module by counting braces from its opening line', () => {
    const src = ['fn f() {}', '#[cfg(test)]', 'mod tests {', '    #[test]', '    fn t() { assert!(true); }', '}', 'fn g() {}'].join('\n');
    expect(hasInlineTests(src, 'rs')).toBe(true);
    // Line 1 opens the block; its { is on line 2; depth returns to 0 on line 5. Line 3 (#[test]) is inside.
    expect(inlineTestLineRanges(src, 'rs')).toEqual([[1, 5]]);
  });

  it('takes a whole file under #![cfg(test)]', () => {
    const src = '#![cfg(test)]\nfn a() {}\nfn b() {}';
    expect(inlineTestLineRanges(src, 'rs')).toEqual([[0, 2]]);
  });

  it('looks for the opening brace at most six lines down', () => {
    const far = ['#[test]', '', '', '', '', '', '', 'fn t() {', '}'].join('\n');
    expect(inlineTestLineRanges(far, 'rs')).toEqual([]);
    const near = ['#[tokio::test]', '', '', '', '', '', 'fn t() {', '}'].join('\n');
    expect(inlineTestLineRanges(near, 'rs')).toEqual([[0, 7]]);
  });

  it('knows Zig and D blocks and nothing in other languages', () => {
    expect(inlineTestLineRanges('test "adds" {\n  x();\n}\n', 'zig')).toEqual([[0, 2]]);
    expect(inlineTestLineRanges('unittest {\n}\n', 'd')).toEqual([[0, 1]]);
    expect(hasInlineTests('#[cfg(test)]\nmod t {}', 'py')).toBe(false);
    expect(inlineTestLineRanges('#[cfg(test)]\nmod t {}', 'go')).toEqual([]);
  });
});

describe('content', () => {
  it('counts UTF-8 bytes of a string without encoding it', () => {
    expect(utf8Length('')).toBe(0);
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('漢')).toBe(3);
    expect(utf8Length('🐛')).toBe(4);
    expect(utf8Length('\ud800')).toBe(3); // a lone surrogate, as U+FFFD
    expect(utf8Length('a\udc00b')).toBe(5);
  });

  it('takes bytes as text when they are valid UTF-8 without NUL, else binary', () => {
    expect(readContent(new Uint8Array([0xc3, 0xa9]))).toEqual({ kind: 'text', text: 'é', bytes: 2 });
    expect(readContent(new Uint8Array([0xff, 0xfe]))).toEqual({ kind: 'binary' });
    expect(readContent(new Uint8Array([0x61, 0x00]))).toEqual({ kind: 'binary' });
    expect(readContent(null)).toEqual({ kind: 'absent' });
    expect(readContent(undefined)).toEqual({ kind: 'absent' });
    expect(readContent({ oversizedBytes: 1_200_000 })).toEqual({ kind: 'oversized', bytes: 1_200_000 });
  });
});

describe('scorePullRequest without grammars', () => {
  const none: Grammars = {
    hasGrammar: () => false,
    parse: () => {
      throw new Error('no parse expected');
    },
  };

  it('scores non-code files and names every language it could not parse', () => {
    const pr = scorePullRequest(
      [
        { path: 'a.py', status: 'added', head: 'x = 1', changes: 1 },
        { path: 'b.rs', status: 'modified', base: 'fn a() {}', head: 'fn b() {}', changes: 2 },
        { path: 'c.py', status: 'added', head: 'y = 2', changes: 1 },
        { path: 'docs/a.rst', status: 'added', head: 'x', changes: 10 }, // 0.1 × 10
      ],
      none,
    );
    expect(pr.missingGrammars).toEqual(['python', 'rust']);
    expect(pr.complete).toBe(false);
    expect(pr.sourceScore).toBe(0);
    expect(pr.totalScore).toBeCloseTo(1, 12);
    expect(pr.files.map((f) => [f.method, f.reason])).toEqual([
      ['tree-diff', 'no_grammar'], ['tree-diff', 'no_grammar'], ['tree-diff', 'no_grammar'], ['line-count', null],
    ]);
  });

  it('a head known only by its size over 1 MB is too large; an oversized base counts as absent', () => {
    const pr = scorePullRequest(
      [
        { path: 'gen/table.ts', status: 'added', head: { oversizedBytes: 1_000_001 }, changes: 21_000 },
        // Non-code files are scored by line count before content is looked at: 0.08 (md) × min(400, 300) = 24.
        { path: 'docs/big.md', status: 'added', head: { oversizedBytes: 5_000_000 }, changes: 400 },
      ],
      none,
    );
    expect(pr.files.map((f) => f.reason)).toEqual(['too_large', null]);
    expect(pr.files[0]!.score).toBe(0);
    expect(pr.files[1]!.score).toBeCloseTo(24, 12);
    // Nothing was parsed, and nothing is missing: a too-large file scores 0 at the validator too.
    expect(pr.complete).toBe(true);
  });

  it('reports a head that failed to parse and scores its side as empty', () => {
    // Only the base parses: its nodes all count as deleted. One leaf, an identifier "x": 0.07 × 1.75.
    const grammars: Grammars = {
      hasGrammar: () => true,
      parse: (_language, text) => (text === 'old' ? oneLeafTree('identifier', 'x') : null),
    };
    const pr = scorePullRequest([{ path: 'a.py', status: 'modified', base: 'old', head: 'new', changes: 2 }], grammars);
    expect(pr.files[0]!.parseFailed).toEqual(['head']);
    expect(pr.files[0]!.reason).toBeNull();
    expect(pr.sourceScore).toBeCloseTo(0.07 * 1.75, 12);
    expect(pr.complete).toBe(false);
  });
});

/** A tree of one root node without children. */
function oneLeafTree(nodeType: string, text: string) {
  return {
    walk: () => ({
      nodeType, nodeText: text, startPosition: { row: 0 },
      gotoFirstChild: () => false, gotoNextSibling: () => false, gotoParent: () => false,
    }),
  };
}

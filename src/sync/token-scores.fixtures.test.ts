/**
 * Token-score fixtures. Every expected score is worked out by hand below from the
 * weight tables (src/core/tokens/weights/) and the grammar's tree for the snippet:
 * the nodes that differ between base and head, each structural node at its
 * `structural_bonus` weight, each leaf (a node without children, named or not) at
 * its `leaf_tokens` weight (0 when absent), the sum times the language weight of
 * programming_languages.json, times 0.05 for a test file.
 *
 * Weights used (structural): function_definition 2.0, function_declaration 2.5,
 * class_definition 2.5, interface_declaration 1.75, impl_item 1.0, if_statement
 * 0.35, for_statement 0.5, loop_expression 0.4, return_statement 0.35,
 * assert_statement 0.25, attribute 0.25, arrow_function 0.75, call_expression
 * 0.55, call 0.4, new_expression 0.4, assignment 0.2, assignment_expression 0.2,
 * lexical_declaration 0.2, let_declaration 0.2.
 * (leaf): identifier 0.07, property_identifier 0.07, field_identifier 0.07,
 * type_identifier 0.15, integer 0.03, integer_literal 0.03, number 0.03,
 * string_content 0.02, true 0.1, none 0.1, null 0.1, this 0.15; every punctuation
 * and keyword token 0 (except where its type is itself a table key, noted).
 * Language weights: py 1.75, pyi 1.5, ts 1.05, tsx 1.1, cts 1.5, js 1.05, jsx 1.1,
 * mjs 1.3, cjs 1.3, rs 2.0, go 2.0, md 0.08, yaml 1.0, json 0.1.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileChangeInput, FileTokenScore } from '../core/tokens/index.ts';
import { scorePullRequestTokens, WasmGrammars } from './token-grammars.ts';

let grammars: WasmGrammars;
beforeAll(async () => {
  grammars = await WasmGrammars.create();
});

async function score(file: FileChangeInput): Promise<FileTokenScore> {
  const pr = await scorePullRequestTokens([file], grammars);
  return pr.files[0]!;
}

const added = (path: string, head: string | Uint8Array | null, changes = 1): FileChangeInput => ({ path, status: 'added', base: null, head, changes });
const modified = (path: string, base: string, head: string, changes = 2): FileChangeInput => ({ path, status: 'modified', base, head, changes });

interface Fixture {
  name: string;
  file: FileChangeInput;
  /** The hand-worked score. */
  score: number;
  category?: 'source' | 'test' | 'nonCode';
  reason?: FileTokenScore['reason'];
  /** Structural and leaf node counts (added + deleted), zero-weight leaves included. */
  nodes?: { structural: number; leaf: number };
}

const fixtures: Fixture[] = [
  // ---------------------------------------------------------------- Python (1.75)
  {
    // function_definition 2.0 + return_statement 0.35; leaves def f ( x ) : return x + 1 (10):
    // identifiers f, x, x 0.21 + integer 0.03. (2.35 + 0.24) × 1.75
    name: 'python: a new function',
    file: added('src/calc.py', 'def f(x):\n    return x + 1\n', 2),
    score: 2.59 * 1.75, category: 'source', nodes: { structural: 2, leaf: 10 },
  },
  {
    // Renaming local a → b: leaves identifier "a" ×2 deleted, "b" ×2 added; structure unchanged. 4 × 0.07 × 1.75
    name: 'python: renaming a local variable',
    file: modified('src/calc.py', 'def f():\n    a = 1\n    return a\n', 'def f():\n    b = 1\n    return b\n', 4),
    score: 0.28 * 1.75, category: 'source', nodes: { structural: 0, leaf: 4 },
  },
  {
    // A comment is skipped with everything under it: the trees are the same.
    name: 'python: adding a comment',
    file: modified('src/calc.py', 'x = 1\n', '# why x is one\nx = 1\n', 1),
    score: 0, reason: 'no_change',
  },
  {
    // integer "1" deleted, "2" added: 2 × 0.03 × 1.75
    name: 'python: changing a number',
    file: modified('src/calc.py', 'x = 1\n', 'x = 2\n'),
    score: 0.06 * 1.75, category: 'source', nodes: { structural: 0, leaf: 2 },
  },
  {
    // class_definition 2.5; leaves class A : pass → identifier A 0.07. 2.57 × 1.75
    name: 'python: a new class',
    file: added('pkg/model.py', 'class A:\n    pass\n', 2),
    score: 2.57 * 1.75, category: 'source', nodes: { structural: 1, leaf: 4 },
  },
  {
    // if_statement 0.35 + assignment 0.2; leaves if True : x = None → true 0.1, identifier 0.07, none 0.1. 0.82 × 1.75
    name: 'python: an if with True and None',
    file: added('pkg/flags.py', 'if True:\n    x = None\n', 2),
    score: 0.82 * 1.75, category: 'source', nodes: { structural: 2, leaf: 6 },
  },
  {
    // string "hi" has children string_start, string_content, string_end: assignment 0.2, identifier s 0.07,
    // string_content 0.02. 0.29 × 1.75
    name: 'python: a string assignment',
    file: added('pkg/text.py', 's = "hi"\n'),
    score: 0.29 * 1.75, category: 'source', nodes: { structural: 1, leaf: 5 },
  },
  {
    // Same tree with a non-ASCII string: the leaf's text is read right, and it scores as any string_content.
    name: 'python: a non-ASCII string',
    file: added('pkg/text.py', 's = "é—漢"\n'),
    score: 0.29 * 1.75, category: 'source', nodes: { structural: 1, leaf: 5 },
  },
  {
    // Test file (tests/ directory, test_ prefix): function_definition 2.0 + assert_statement 0.25;
    // leaves def test_a ( ) : assert 1 → identifier 0.07, integer 0.03. 2.35 × 1.75 × 0.05
    name: 'python: a test file',
    file: added('tests/test_math.py', 'def test_a():\n    assert 1\n', 2),
    score: 2.35 * 1.75 * 0.05, category: 'test', nodes: { structural: 2, leaf: 7 },
  },
  {
    // conftest.py is a test file anywhere.
    name: 'python: conftest.py is a test file',
    file: added('pkg/conftest.py', 'x = 1\n'),
    score: (0.2 + 0.07 + 0.03) * 1.75 * 0.05, category: 'test',
  },
  {
    // Reordering two functions: structural nodes compare by type, leaves by type and text; nothing differs.
    name: 'python: moving a function',
    file: modified('pkg/order.py', 'def a():\n    return 1\n\ndef b():\n    return 2\n', 'def b():\n    return 2\n\ndef a():\n    return 1\n', 8),
    score: 0, reason: 'no_change',
  },
  {
    // .pyi weighs 1.5. `x: int` is an assignment 0.2 with identifiers x and int 0.14.
    name: 'python: a stub file',
    file: added('pkg/types.pyi', 'x: int\n'),
    score: 0.34 * 1.5, category: 'source',
  },
  {
    name: 'python: a removed file scores nothing',
    file: { path: 'pkg/old.py', status: 'removed', base: 'def f():\n    return 1\n', head: null, changes: 2 },
    score: 0, reason: 'removed',
  },
  // ------------------------------------------------------------ TypeScript (1.05)
  {
    // identifier a deleted, b added: 0.14 × 1.05
    name: 'typescript: renaming a constant',
    file: modified('src/a.ts', 'const a = 1;\n', 'const b = 1;\n'),
    score: 0.14 * 1.05, category: 'source', nodes: { structural: 0, leaf: 2 },
  },
  {
    // interface_declaration 1.75; leaves interface P { x : number } → type_identifier 0.15,
    // property_identifier 0.07, and the keyword token `number` (child of predefined_type), whose type
    // "number" is a leaf_tokens key: 0.03. (1.75 + 0.25) × 1.05
    name: 'typescript: a new interface',
    file: added('src/p.ts', 'interface P { x: number }\n'),
    score: 2.0 * 1.05, category: 'source', nodes: { structural: 1, leaf: 7 },
  },
  {
    // function_declaration 2.5; leaves function f ( ) : void { } → identifier 0.07. 2.57 × 1.05
    name: 'typescript: a new function',
    file: added('src/f.ts', 'function f(): void {}\n'),
    score: 2.57 * 1.05, category: 'source', nodes: { structural: 1, leaf: 8 },
  },
  {
    // lexical_declaration 0.2 + arrow_function 0.75; leaves const f = ( ) => this ; → identifier 0.07, this 0.15.
    name: 'typescript: an arrow function returning this',
    file: added('src/g.ts', 'const f = () => this;\n'),
    score: 1.17 * 1.05, category: 'source',
  },
  {
    // call_expression ×2 1.1; leaves expect ( a ) . toBe ( 1 ) ; (10): identifier expect, identifier a,
    // property_identifier toBe 0.21, number 0.03. A .test.ts file: × 0.05.
    name: 'typescript: a test file',
    file: added('src/app.test.ts', 'expect(a).toBe(1);\n'),
    score: 1.34 * 1.05 * 0.05, category: 'test', nodes: { structural: 2, leaf: 10 },
  },
  {
    // .tsx weighs 1.1: lexical_declaration 0.2; identifiers x and div 0.14.
    name: 'typescript: a tsx element',
    file: added('src/view.tsx', 'const x = <div />;\n'),
    score: 0.34 * 1.1, category: 'source',
  },
  {
    // .cts weighs 1.5: lexical_declaration 0.2; identifier 0.07, null 0.1.
    name: 'typescript: a .cts file',
    file: added('src/conf.cts', 'let y = null;\n'),
    score: 0.37 * 1.5, category: 'source',
  },
  // ------------------------------------------------------------ JavaScript (1.05)
  {
    // lexical_declaration 0.2 + arrow_function 0.75; identifiers add a b a b 0.35. 1.30 × 1.05
    name: 'javascript: a new arrow function',
    file: added('lib/add.js', 'const add = (a, b) => a + b;\n'),
    score: 1.3 * 1.05, category: 'source', nodes: { structural: 2, leaf: 13 },
  },
  {
    // .mjs weighs 1.3: new_expression 0.4; identifier Map 0.07.
    name: 'javascript: new in an .mjs file',
    file: added('lib/map.mjs', 'new Map();\n'),
    score: 0.47 * 1.3, category: 'source',
  },
  {
    // .cjs weighs 1.3: assignment_expression 0.2; identifier module 0.07, property_identifier exports 0.07, true 0.1.
    name: 'javascript: module.exports in a .cjs file',
    file: added('lib/flag.cjs', 'module.exports = true;\n'),
    score: 0.44 * 1.3, category: 'source',
  },
  {
    // for_statement 0.5; every leaf is punctuation or a keyword.
    name: 'javascript: an empty for loop',
    file: added('lib/loop.js', 'for (;;) {}\n'),
    score: 0.5 * 1.05, category: 'source',
  },
  {
    // assignment_expression 0.2, identifier x 0.07; the template string has children (` and a fragment), no weight.
    name: 'javascript: a template string',
    file: added('lib/tpl.js', 'x = `a`;\n'),
    score: 0.27 * 1.05, category: 'source',
  },
  {
    name: 'javascript: a comment in a .jsx file',
    file: modified('lib/app.jsx', 'f();\n', '// call f\nf();\n', 1),
    score: 0, reason: 'no_change',
  },
  // ------------------------------------------------------------------ Rust (2.0)
  {
    // Rust's function node is function_item, which has no weight: only identifier main 0.07 scores.
    name: 'rust: a new function (function_item has no weight)',
    file: added('src/main.rs', 'fn main() {}\n'),
    score: 0.07 * 2, category: 'source', nodes: { structural: 0, leaf: 6 },
  },
  {
    // struct_item has no weight; type_identifier P 0.15, field_identifier x 0.07; primitive_type i32 0.
    name: 'rust: a new struct',
    file: added('src/p.rs', 'struct P { x: i32 }\n'),
    score: 0.22 * 2, category: 'source',
  },
  {
    // let_declaration 0.2; identifiers f a 0.14, integer_literal 0.03.
    name: 'rust: a let binding',
    file: added('src/l.rs', 'fn f() { let a = 1; }\n'),
    score: 0.37 * 2, category: 'source',
  },
  {
    // impl_item 1.0; type_identifier S 0.15.
    name: 'rust: an impl block',
    file: added('src/s.rs', 'impl S {}\n'),
    score: 1.15 * 2, category: 'source',
  },
  {
    // loop_expression 0.4; identifier f 0.07.
    name: 'rust: a loop',
    file: added('src/loop.rs', 'fn f() { loop {} }\n'),
    score: 0.47 * 2, category: 'source',
  },
  {
    // Lines 1–4 are an inline test block (#[cfg(test)] then braces counted from `mod tests {`). Line 0 is the
    // same in base and head. New, all inside the block: attribute 0.25 and let_declaration 0.2 (structural);
    // identifiers cfg test tests g x 0.35 and integer_literal 0.03. Test weight: 0.83 × 2 × 0.05; source 0.
    name: 'rust: an inline test module scores as test code',
    file: modified('src/lib.rs', 'fn f() {}\n', 'fn f() {}\n#[cfg(test)]\nmod tests {\n    fn g() { let x = 2; }\n}\n', 4),
    score: 0.83 * 2 * 0.05, category: 'test',
  },
  // -------------------------------------------------------------------- Go (2.0)
  {
    // function_declaration 2.5; identifier main 0.07 (package_identifier has no weight).
    name: 'go: a new file with main',
    file: added('cmd/main.go', 'package main\n\nfunc main() {}\n', 3),
    score: 2.57 * 2, category: 'source',
  },
  {
    // Go integers are int_literal, which has no weight: changing one scores nothing.
    name: 'go: changing an int_literal',
    file: modified('pkg/v.go', 'package p\n\nfunc f() int { return 1 }\n', 'package p\n\nfunc f() int { return 2 }\n'),
    score: 0, reason: 'no_change',
  },
  {
    // if_statement 0.35; identifier x 0.07 (the 0 is an int_literal).
    name: 'go: adding an if',
    file: modified('pkg/v.go', 'package p\n\nfunc f(x int) {\n}\n', 'package p\n\nfunc f(x int) {\n\tif x > 0 {\n\t}\n}\n', 2),
    score: 0.42 * 2, category: 'source',
  },
  {
    // function_declaration 2.5 + call_expression 0.55; identifiers f g 0.14.
    name: 'go: a function calling another',
    file: added('pkg/c.go', 'package p\n\nfunc f() { g() }\n'),
    score: 3.19 * 2, category: 'source',
  },
  {
    // _test.go: function_declaration 2.5; identifiers TestA t 0.14, type_identifier T 0.15 (testing is a
    // package_identifier, 0). 2.79 × 2 × 0.05
    name: 'go: a test file',
    file: added('pkg/math_test.go', 'package p\n\nfunc TestA(t *testing.T) {}\n', 3),
    score: 2.79 * 2 * 0.05, category: 'test',
  },
  // ------------------------------------------------------- non-code (line counts)
  {
    name: 'markdown: 40 changed lines',
    file: modified('README.md', '# a\n', '# b\n', 40),
    score: 0.08 * 40, category: 'nonCode',
  },
  {
    name: 'markdown: changes capped at 300',
    file: modified('docs/guide.md', 'a', 'b', 1000),
    score: 0.08 * 300, category: 'nonCode',
  },
  {
    name: 'markdown: an upper-case extension',
    file: modified('NOTES.MD', 'a', 'b', 3),
    score: 0.08 * 3, category: 'nonCode',
  },
  {
    name: 'yaml: 10 changed lines',
    file: modified('.github/workflows/ci.yaml', 'a: 1', 'a: 2', 10),
    score: 1.0 * 10, category: 'nonCode',
  },
  {
    // Non-code files are scored before content is looked at: no head content still counts lines.
    name: 'json: scored by lines even without content',
    file: { path: 'package.json', status: 'modified', base: null, head: null, changes: 5 },
    score: 0.1 * 5, category: 'nonCode',
  },
  {
    name: 'json: a fixture under tests/ is a test file',
    file: added('tests/fixtures/data.json', '{}', 100),
    score: 0.1 * 100 * 0.05, category: 'test',
  },
  // ---------------------------------------------------------------------- limits
  {
    name: 'binary: no head content',
    file: added('assets/logo.png', null, 0),
    score: 0, reason: 'binary',
  },
  {
    name: 'binary: head bytes holding a NUL',
    file: added('src/blob.py', new Uint8Array([0x78, 0x00, 0x3d, 0x31])),
    score: 0, reason: 'binary',
  },
  {
    // Head bytes that are valid UTF-8 are text: x = 1 → assignment 0.2, identifier 0.07, integer 0.03.
    name: 'bytes: valid UTF-8 head bytes are text',
    file: added('src/bytes.py', new TextEncoder().encode('x = 1\n')),
    score: 0.3 * 1.75, category: 'source',
  },
  {
    // 1 + 1,000,000 bytes.
    name: 'size: head over 1,000,000 bytes',
    file: added('src/big.py', `#${'a'.repeat(1_000_000)}`),
    score: 0, reason: 'too_large',
  },
  {
    // 500,001 × "é" (2 bytes each) = 1,000,002 bytes in 500,001 characters: the limit counts bytes.
    name: 'size: the limit counts UTF-8 bytes, not characters',
    file: added('src/big.py', `#${'é'.repeat(500_000)}`),
    score: 0, reason: 'too_large',
  },
  {
    // Exactly 1,000,000 bytes is within the limit: parsed (a lone comment, so nothing scores).
    name: 'size: exactly 1,000,000 bytes is parsed',
    file: added('src/edge.py', `#${'a'.repeat(999_999)}`),
    score: 0, reason: 'no_change',
  },
  {
    name: 'unsupported: a file without an extension',
    file: added('LICENSE', 'MIT'),
    score: 0, reason: 'unsupported',
  },
  {
    name: 'unsupported: .gitignore has a weight but no grammar in the validator',
    file: added('.gitignore', 'node_modules\n'),
    score: 0, reason: 'unsupported',
  },
  {
    name: 'no grammar: Kotlin is parsed by the validator, not by the hub',
    file: added('app/Main.kt', 'fun main() {}\n'),
    score: 0, reason: 'no_grammar',
  },
  {
    name: 'no grammar: a Dockerfile',
    file: added('Dockerfile', 'FROM node:20\n'),
    score: 0, reason: 'no_grammar',
  },
];

describe('token score fixtures', () => {
  it('has at least 30 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures)('$name', async (f) => {
    const r = await score(f.file);
    expect(r.score).toBeCloseTo(f.score, 10);
    if (f.reason !== undefined) expect(r.reason).toBe(f.reason);
    else expect(r.reason).toBeNull();
    if (f.category) {
      const parts = { source: r.sourceScore, test: r.testScore, nonCode: r.nonCodeScore };
      expect(parts[f.category]).toBeCloseTo(f.score, 10);
    }
    if (f.nodes) {
      expect(r.breakdown!.structuralAdded + r.breakdown!.structuralDeleted).toBe(f.nodes.structural);
      expect(r.breakdown!.leafAdded + r.breakdown!.leafDeleted).toBe(f.nodes.leaf);
    }
  });
});

describe('pull request sums', () => {
  it('S is the source files, T every file, tokenScore the parsed files; a missing grammar is named', async () => {
    const pr = await scorePullRequestTokens(
      [
        added('src/calc.py', 'def f(x):\n    return x + 1\n', 2), // source 2.59 × 1.75 = 4.5325
        added('tests/test_math.py', 'def test_a():\n    assert 1\n', 2), // test 2.35 × 1.75 × 0.05 = 0.205625
        modified('README.md', '# a\n', '# b\n', 40), // non-code 0.08 × 40 = 3.2
        added('assets/logo.png', null, 0), // binary: 0
        added('app/Main.kt', 'fun main() {}\n'), // no grammar: 0
      ],
      grammars,
    );
    expect(pr.sourceScore).toBeCloseTo(4.5325, 10);
    expect(pr.totalScore).toBeCloseTo(4.5325 + 0.205625 + 3.2, 10);
    expect(pr.tokenScore).toBeCloseTo(4.5325 + 0.205625, 10);
    expect(pr.missingGrammars).toEqual(['kotlin']);
    expect(pr.complete).toBe(false);
    expect(pr.files.map((f) => f.reason)).toEqual([null, null, null, 'binary', 'no_grammar']);
  });

  it('splits a Rust file with an inline test module between S and the test part of T', async () => {
    // Line 0 (source): let_declaration 0.2, identifier a 0.07, integer_literal 0.03 → 0.3 × 2 = 0.6.
    // Lines 1–4 (test): attribute 0.25, identifiers cfg test tests g 0.28 → 0.53 × 2 × 0.05 = 0.053.
    const pr = await scorePullRequestTokens(
      [modified('src/lib.rs', 'fn f() {}\n', 'fn f() { let a = 1; }\n#[cfg(test)]\nmod tests {\n    fn g() {}\n}\n', 5)],
      grammars,
    );
    expect(pr.sourceScore).toBeCloseTo(0.6, 10);
    expect(pr.totalScore).toBeCloseTo(0.653, 10);
    expect(pr.files[0]!.inlineTests).toBe(true);
    expect(pr.files[0]!.testScore).toBeCloseTo(0.053, 10);
    expect(pr.complete).toBe(true);
  });

  it('scores an empty pull request as zero', async () => {
    const pr = await scorePullRequestTokens([], grammars);
    expect(pr).toMatchObject({ sourceScore: 0, totalScore: 0, tokenScore: 0, files: [], complete: true });
  });
});

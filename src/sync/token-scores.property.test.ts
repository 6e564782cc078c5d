/**
 * Properties of the token score over generated functions: renaming a local
 * variable scores less than adding a function, and exactly what the tables say a
 * rename costs (each occurrence: the old identifier deleted and the new one added,
 * 2 × 0.07, times the language weight; the structure is unchanged).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { scorePullRequestTokens, WasmGrammars } from './token-grammars.ts';

let grammars: WasmGrammars;
beforeAll(async () => {
  grammars = await WasmGrammars.create();
});

interface Dialect {
  path: string;
  languageWeight: number;
  /** A function of `statements` over local `v` and parameter `p`. */
  fn(name: string, v: string, p: string, statements: string[]): string;
  /** Statement templates: V is the local, P the parameter, N a number; each uses V at most 3 times. */
  statements: string[];
}

const PYTHON: Dialect = {
  path: 'pkg/mod.py',
  languageWeight: 1.75,
  fn: (name, v, p, body) => [`def ${name}(${p}):`, `    ${v} = ${p}`, ...body.map((s) => `    ${s}`), `    return ${v}`, ''].join('\n'),
  statements: ['V = V + N', 'V = P * V', 'V += N', 'print(V)', 'if V > N:\n        V = V - V', 'V = [V, V, N]'],
};

const JAVASCRIPT: Dialect = {
  path: 'lib/mod.js',
  languageWeight: 1.05,
  fn: (name, v, p, body) => [`function ${name}(${p}) {`, `  let ${v} = ${p};`, ...body.map((s) => `  ${s};`), `  return ${v};`, '}', ''].join('\n'),
  statements: ['V = V + N', 'V = P * V', 'V += N', 'console.log(V)', 'if (V > N) { V = V - V }', 'V = [V, V, N]'],
};

// Disjoint pools, so a local's name never occurs inside another identifier's role.
const LOCALS = ['acc', 'total', 'count', 'value'];
const PARAMS = ['arg', 'src', 'seed'];
const FUNCTIONS = ['compute', 'build', 'reduce_all', 'handle'];

const programArb = (d: Dialect) =>
  fc.record({
    name: fc.constantFrom(...FUNCTIONS),
    v: fc.constantFrom(...LOCALS),
    p: fc.constantFrom(...PARAMS),
    body: fc.array(fc.record({ t: fc.constantFrom(...d.statements), n: fc.integer({ min: 0, max: 99 }) }), { minLength: 1, maxLength: 4 }),
    added: fc.record({
      v: fc.constantFrom(...LOCALS),
      p: fc.constantFrom(...PARAMS),
      body: fc.array(fc.record({ t: fc.constantFrom(...d.statements), n: fc.integer({ min: 0, max: 99 }) }), { minLength: 0, maxLength: 4 }),
    }),
  });

const fill = (statements: { t: string; n: number }[], v: string, p: string) =>
  statements.map(({ t, n }) => t.replaceAll('V', v).replaceAll('P', p).replaceAll('N', String(n)));

async function fileScore(path: string, base: string, head: string): Promise<number> {
  const pr = await scorePullRequestTokens([{ path, status: 'modified', base, head, changes: 1 }], grammars);
  return pr.totalScore;
}

describe.each([
  ['python', PYTHON],
  ['javascript', JAVASCRIPT],
] as const)('%s', (_name, d) => {
  it('renaming a local variable scores less than adding a function, and 2 × 0.07 per occurrence', async () => {
    await fc.assert(
      fc.asyncProperty(programArb(d), async ({ name, v, p, body, added }) => {
        const statements = fill(body, v, p);
        const base = d.fn(name, v, p, statements);
        // A name that occurs nowhere else: every occurrence of v becomes a new leaf.
        const renamedTo = `${v}_renamed`;
        const renamed = d.fn(name, renamedTo, p, fill(body, renamedTo, p));
        const withFunction = `${base}\n${d.fn('helper_fn', added.v, added.p, fill(added.body, added.v, added.p))}`;

        const occurrences = base.match(new RegExp(`\\b${v}\\b`, 'g'))!.length;
        const rename = await fileScore(d.path, base, renamed);
        const addFunction = await fileScore(d.path, base, withFunction);

        expect(rename).toBeCloseTo(2 * 0.07 * occurrences * d.languageWeight, 10);
        expect(rename).toBeLessThan(addFunction);
      }),
      { numRuns: 150 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { TOKEN_TABLES } from '../core/tokens/index.ts';
import { GRAMMAR_FILES, scorePullRequestTokens, WasmGrammars } from './token-grammars.ts';

describe('WasmGrammars', () => {
  it('ships only grammars the validator names, and every one of them loads and parses', async () => {
    const named = new Set([...TOKEN_TABLES.languages.values()].map((e) => e.language));
    const grammars = await WasmGrammars.create();
    for (const language of Object.keys(GRAMMAR_FILES)) {
      expect(named.has(language), language).toBe(true);
      await grammars.load([language]);
      const tree = grammars.parse(language, 'x')!;
      const cursor = tree.walk();
      expect(typeof cursor.nodeType).toBe('string');
      tree.delete!();
    }
  });

  it('refuses to parse a language whose grammar was not loaded', async () => {
    const grammars = await WasmGrammars.create();
    expect(() => grammars.parse('python', 'x = 1')).toThrow(/not loaded/);
  });

  it('cancels a parse past its time budget; the head then scores as empty', async () => {
    // A budget of 0 ms is spent before the first progress check.
    const grammars = await WasmGrammars.create({ parseTimeoutMs: 0 });
    const head = 'def f(x):\n    return x\n'.repeat(5000);
    const pr = await scorePullRequestTokens([{ path: 'a.py', status: 'added', head, changes: 10000 }], grammars);
    expect(pr.files[0]).toMatchObject({ score: 0, reason: 'parse_failed', parseFailed: ['head'] });
    expect(pr.complete).toBe(false);
  });
});

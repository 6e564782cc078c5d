/**
 * Tree-sitter grammars for token scores, in the worker.
 *
 * Runtime: `web-tree-sitter` (tree-sitter's own WebAssembly build, on npm).
 * Grammars: the prebuilt WASMs of `@vscode/tree-sitter-wasm`, which Visual Studio
 * Code maintains and ships inside the registry package (nothing is downloaded at
 * install time). Why these:
 * - `tree-sitter-wasms` was the other prebuilt set, but its grammars are built with
 *   tree-sitter-cli 0.20 and do not load in web-tree-sitter 0.22 or later (checked:
 *   `Language.load` fails on its Python and Rust WASMs), and its grammar versions
 *   are older than the ones the validator's `tree-sitter-language-pack` uses;
 * - the native `tree-sitter` bindings need one native package per grammar, each
 *   built or fetched for the platform, and a crash there takes the worker down;
 *   WebAssembly is the same on every machine and fails as an exception.
 * The cost: VS Code's set covers the languages VS Code needs (Python, JavaScript,
 * TypeScript, TSX, Go, Rust, Java, C#, C++, Ruby, PHP, Bash, PowerShell, CSS).
 * A file in another language the validator parses is reported as `no_grammar`.
 *
 * Parsing is synchronous and CPU-bound: it runs in the worker, never on a request.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { PARSE_TIMEOUT_MS } from '../core/tokens/constants.ts';
import { scorePullRequest, treeSitterLanguage, fileExtension, TOKEN_TABLES, type FileChangeInput, type Grammars, type PullRequestTokenScore, type SyntaxTree } from '../core/tokens/index.ts';

/** The validator's grammar name (`language` in programming_languages.json) → WASM file of @vscode/tree-sitter-wasm. */
export const GRAMMAR_FILES: Readonly<Record<string, string>> = {
  bash: 'tree-sitter-bash.wasm',
  cpp: 'tree-sitter-cpp.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
  css: 'tree-sitter-css.wasm',
  go: 'tree-sitter-go.wasm',
  java: 'tree-sitter-java.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  php: 'tree-sitter-php.wasm',
  powershell: 'tree-sitter-powershell.wasm',
  python: 'tree-sitter-python.wasm',
  ruby: 'tree-sitter-ruby.wasm',
  rust: 'tree-sitter-rust.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  typescript: 'tree-sitter-typescript.wasm',
};

const WASM_DIR = join(dirname(createRequire(import.meta.url).resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');

let runtime: Promise<void> | null = null;

export class WasmGrammars implements Grammars {
  private readonly parser: Parser;
  private readonly loaded = new Map<string, Language>();

  private constructor(private readonly parseTimeoutMs: number) {
    this.parser = new Parser();
  }

  /** Starts the WebAssembly runtime (once per process) and returns an empty grammar set. */
  static async create(opts: { parseTimeoutMs?: number } = {}): Promise<WasmGrammars> {
    runtime ??= Parser.init();
    await runtime;
    return new WasmGrammars(opts.parseTimeoutMs ?? PARSE_TIMEOUT_MS);
  }

  hasGrammar(language: string): boolean {
    return Object.hasOwn(GRAMMAR_FILES, language);
  }

  /** Loads the named grammars not loaded yet; unknown names are left for `hasGrammar` to report. */
  async load(languages: Iterable<string>): Promise<void> {
    for (const language of languages) {
      if (this.loaded.has(language) || !this.hasGrammar(language)) continue;
      this.loaded.set(language, await Language.load(join(WASM_DIR, GRAMMAR_FILES[language]!)));
    }
  }

  parse(language: string, text: string): SyntaxTree | null {
    const grammar = this.loaded.get(language);
    if (!grammar) throw new Error(`grammar "${language}" is not loaded: call load() first`);
    this.parser.setLanguage(grammar);
    const deadline = performance.now() + this.parseTimeoutMs;
    // Returning true from the progress callback cancels the parse; parse() then answers null.
    return this.parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
  }
}

let shared: Promise<WasmGrammars> | null = null;

/** The worker's grammar set, created on first use. */
export function sharedGrammars(): Promise<WasmGrammars> {
  shared ??= WasmGrammars.create();
  return shared;
}

/** Scores a pull request's files, loading the grammars they need first. */
export async function scorePullRequestTokens(files: readonly FileChangeInput[], grammars?: WasmGrammars): Promise<PullRequestTokenScore> {
  const g = grammars ?? (await sharedGrammars());
  const needed = new Set<string>();
  for (const f of files) {
    const language = treeSitterLanguage(TOKEN_TABLES, fileExtension(f.path));
    if (language) needed.add(language);
  }
  await g.load(needed);
  return scorePullRequest(files, g);
}

/**
 * The little of a tree-sitter tree that token scoring reads, so the scoring stays
 * pure: the worker hands in trees parsed by web-tree-sitter (`src/sync/token-grammars.ts`),
 * whose `TreeCursor` has exactly this shape.
 */

export interface SyntaxCursor {
  readonly nodeType: string;
  readonly nodeText: string;
  readonly startPosition: { readonly row: number };
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

export interface SyntaxTree {
  walk(): SyntaxCursor & { delete?(): void };
  /** Frees the tree (web-tree-sitter trees live in WebAssembly memory). */
  delete?(): void;
}

/** Parses files for the scorer. `hasGrammar` false: the hub ships no grammar for that language. */
export interface Grammars {
  hasGrammar(language: string): boolean;
  /** null when the parse failed (it ran past its time budget). */
  parse(language: string, text: string): SyntaxTree | null;
}

/**
 * The validator's tree diff (`collect_node_signatures`, `score_tree_diff` and
 * `_score_tree_diff_split` in `gittensor/validator/utils/tree_sitter_scoring.py`):
 *
 * - every node of both trees is walked, comments and everything under them skipped;
 * - a node whose type has a structural weight adds the signature (structural, type);
 * - a node without children (named or not) adds the signature (leaf, type, text);
 * - with inline test blocks, each signature also carries whether its node starts
 *   on a line inside one;
 * - the multiset difference new − old are the added nodes, old − new the deleted
 *   ones; each counts, and scores its table weight, once per occurrence.
 *
 * Structural nodes are compared by type alone, so moving code scores nothing;
 * leaves by type and text, so a renamed identifier scores its old and new text.
 */
import { COMMENT_NODE_TYPES } from './constants.ts';
import { inRanges, type LineRange } from './inline-tests.ts';
import type { SyntaxTree } from './syntax-tree.ts';
import { leafWeight, structuralWeight, type TokenTables } from './tables.ts';

/** Scores before any language or test weight, and the node counts behind them. */
export interface Breakdown {
  structuralAdded: number;
  structuralAddedScore: number;
  structuralDeleted: number;
  structuralDeletedScore: number;
  leafAdded: number;
  leafAddedScore: number;
  leafDeleted: number;
  leafDeletedScore: number;
}

export function emptyBreakdown(): Breakdown {
  return {
    structuralAdded: 0, structuralAddedScore: 0, structuralDeleted: 0, structuralDeletedScore: 0,
    leafAdded: 0, leafAddedScore: 0, leafDeleted: 0, leafDeletedScore: 0,
  };
}

export function breakdownScore(b: Breakdown): number {
  return b.structuralAddedScore + b.structuralDeletedScore + b.leafAddedScore + b.leafDeletedScore;
}

export function breakdownNodes(b: Breakdown): number {
  return b.structuralAdded + b.structuralDeleted + b.leafAdded + b.leafDeleted;
}

/** Scores times `weight`, counts unchanged (the validator's `with_weight`). */
export function weighBreakdown(b: Breakdown, weight: number): Breakdown {
  return {
    ...b,
    structuralAddedScore: b.structuralAddedScore * weight,
    structuralDeletedScore: b.structuralDeletedScore * weight,
    leafAddedScore: b.leafAddedScore * weight,
    leafDeletedScore: b.leafDeletedScore * weight,
  };
}

export function addBreakdowns(a: Breakdown, b: Breakdown): Breakdown {
  return {
    structuralAdded: a.structuralAdded + b.structuralAdded,
    structuralAddedScore: a.structuralAddedScore + b.structuralAddedScore,
    structuralDeleted: a.structuralDeleted + b.structuralDeleted,
    structuralDeletedScore: a.structuralDeletedScore + b.structuralDeletedScore,
    leafAdded: a.leafAdded + b.leafAdded,
    leafAddedScore: a.leafAddedScore + b.leafAddedScore,
    leafDeleted: a.leafDeleted + b.leafDeleted,
    leafDeletedScore: a.leafDeletedScore + b.leafDeletedScore,
  };
}

/**
 * A node signature, flattened to a string for a Map key. NUL separates the parts:
 * tree-sitter node types never contain it, and a leaf's text is the last part.
 */
type Signature = string;
type Signatures = Map<Signature, number>;

const STRUCTURAL = 's';
const LEAF = 'l';

function signature(kind: string, inTest: boolean, nodeType: string, text?: string): Signature {
  return text === undefined ? `${kind}\0${inTest ? 1 : 0}\0${nodeType}` : `${kind}\0${inTest ? 1 : 0}\0${nodeType}\0${text}`;
}

function bump(map: Signatures, key: Signature): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Walks a tree with a cursor (pre-order, iterative: files nest deeper than any call stack should). */
export function collectSignatures(tree: SyntaxTree, tables: TokenTables, testRanges: readonly LineRange[] = []): Signatures {
  const signatures: Signatures = new Map();
  const cursor = tree.walk();
  try {
    for (;;) {
      const nodeType = cursor.nodeType;
      if (!COMMENT_NODE_TYPES.has(nodeType)) {
        const inTest = testRanges.length > 0 && inRanges(testRanges, cursor.startPosition.row);
        if (structuralWeight(tables, nodeType) > 0) bump(signatures, signature(STRUCTURAL, inTest, nodeType));
        if (cursor.gotoFirstChild()) continue;
        bump(signatures, signature(LEAF, inTest, nodeType, cursor.nodeText));
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return signatures;
      }
    }
  } finally {
    cursor.delete?.();
  }
}

export interface SplitBreakdown {
  /** Nodes outside inline test blocks (the whole file when it has none). */
  code: Breakdown;
  /** Nodes inside inline test blocks. */
  test: Breakdown;
}

function parseSignature(key: Signature): { kind: string; inTest: boolean; nodeType: string } {
  const [kind, inTest, nodeType] = key.split('\0', 3) as [string, string, string];
  return { kind, inTest: inTest === '1', nodeType };
}

function account(into: SplitBreakdown, from: Signatures, minus: Signatures, side: 'added' | 'deleted', tables: TokenTables): void {
  for (const [key, count] of from) {
    const n = count - (minus.get(key) ?? 0);
    if (n <= 0) continue;
    const { kind, inTest, nodeType } = parseSignature(key);
    const b = inTest ? into.test : into.code;
    if (kind === STRUCTURAL) {
      const w = structuralWeight(tables, nodeType) * n;
      if (side === 'added') { b.structuralAdded += n; b.structuralAddedScore += w; }
      else { b.structuralDeleted += n; b.structuralDeletedScore += w; }
    } else {
      const w = leafWeight(tables, nodeType) * n;
      if (side === 'added') { b.leafAdded += n; b.leafAddedScore += w; }
      else { b.leafDeleted += n; b.leafDeletedScore += w; }
    }
  }
}

/** The multiset difference of two trees' signatures, split by inline-test membership. */
export function diffSignatures(oldSigs: Signatures, newSigs: Signatures, tables: TokenTables): SplitBreakdown {
  const out: SplitBreakdown = { code: emptyBreakdown(), test: emptyBreakdown() };
  account(out, newSigs, oldSigs, 'added', tables);
  account(out, oldSigs, newSigs, 'deleted', tables);
  return out;
}

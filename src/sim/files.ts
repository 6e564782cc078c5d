/**
 * A pull request's changed files and their contents, generated on demand from
 * (seed, repository, number, head revision): nothing is stored but the number of
 * pushes per pull request (World.pushes). The same generator answers GitHub's
 * `/pulls/{n}/files` and `/contents/{path}?ref=`, and the subnet mirror's
 * `/pulls/{o}/{r}/{n}/files`, so all three agree with each other and with the
 * commit SHAs `/pulls` reports.
 *
 * Files are realistic code in several languages (Python, TypeScript, JavaScript,
 * Rust with inline tests now and then, Go), Markdown and JSON, test files, a
 * binary image, a C or Kotlin file (no grammar in the hub) and, now and then, a
 * generated source file over 1 MB. A file is a list of blocks (functions,
 * sections); the head keeps, rewrites, drops and adds blocks, and the line
 * counts (additions, deletions, the patch) follow from that.
 */
import { fileExtension, TOKEN_TABLES, treeSitterLanguage } from '../core/tokens/index.ts';
import { blockDiff, blockOps, lineCount, opCounts, splitLines } from './file-diff.ts';
import { fakeSha, mix32, Rng } from './random.ts';
import { itemKey } from './store.ts';
import type { RepoState, World } from './world.ts';

export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed';
export type FileKind = 'py' | 'ts' | 'js' | 'rs' | 'go' | 'md' | 'json' | 'py-test' | 'ts-test' | 'png' | 'c' | 'kt' | 'large' | 'scripted';
type BlockKind = Exclude<FileKind, 'png' | 'large' | 'scripted'>;

/** A file a test sets on a pull request (`mutate.setFiles`): its exact text on each side, null where the side does not exist. */
export interface ScriptedFile {
  filename: string;
  base: string | null;
  head: string | null;
}

/** One changed file: what GitHub's files list says, and how to make its two sides. */
export interface SimFile {
  filename: string;
  status: FileStatus;
  previous_filename?: string;
  kind: FileKind;
  /** Seeds the blocks of both sides. */
  seed: number;
  /** The head revision the head side was generated for. */
  rev: number;
  /** A scripted file's text (kind `scripted`). */
  text?: { base: string | null; head: string | null };
}

export interface FileChangeShape {
  sha: string;
  filename: string;
  status: FileStatus;
  additions: number;
  deletions: number;
  changes: number;
  blob_url: string;
  raw_url: string;
  contents_url: string;
  patch?: string;
  previous_filename?: string;
}

/** Generated files over this size are served without a patch, and `/contents` answers them without content (as GitHub does). */
export const CONTENTS_INLINE_LIMIT = 1_000_000;

const NAMES = ['cache', 'retry', 'scoring', 'parser', 'client', 'router', 'weights', 'ledger', 'miner', 'queue', 'config', 'metrics', 'session', 'digest', 'window', 'ranker'];
const VARS = ['total', 'count', 'limit', 'items', 'result', 'value', 'offset', 'batch', 'score', 'node'];
const CALLS = ['compute', 'normalize', 'fetch_page', 'merge', 'decode', 'validate', 'emit', 'flush'];

const pick = <T>(rng: Rng, xs: readonly T[]): T => rng.pick(xs);

/** The source blocks of one language: block `k` in variant `v` (v > 0: a rewrite of the same block). */
type BlockFn = (k: number, rng: Rng) => string;

const BLOCKS: Record<BlockKind, { header: string; block: BlockFn; footer?: string }> = {
  py: {
    header: 'import math\nfrom typing import Iterable\n\n\n',
    block: (k, r) => {
      const v = pick(r, VARS);
      return `def ${pick(r, NAMES)}_${k}(items: Iterable, limit=${r.int(1, 90)}):\n    """${pick(r, CALLS)} the ${pick(r, NAMES)} entries."""\n    ${v} = 0\n    for item in items:\n        if item.size > limit:\n            ${v} += ${pick(r, CALLS)}(item, "${pick(r, NAMES)}")\n        elif item.size == ${r.int(0, 9)}:\n            continue\n    return math.floor(${v} * ${r.int(2, 9)}.5)\n\n\n`;
    },
  },
  'py-test': {
    header: 'import pytest\n\n\n',
    block: (k, r) => `def test_${pick(r, NAMES)}_${k}():\n    value = ${pick(r, CALLS)}([${r.int(1, 9)}, ${r.int(10, 99)}])\n    assert value == ${r.int(0, 500)}\n\n\n`,
  },
  ts: {
    header: "import type { Item } from './types';\n\n",
    block: (k, r) => {
      const v = pick(r, VARS);
      return r.chance(0.3)
        ? `export interface ${cap(pick(r, NAMES))}${k} {\n  id: number;\n  ${v}: string;\n  tags?: readonly string[];\n}\n\n`
        : `export function ${pick(r, NAMES)}${k}(items: Item[], limit = ${r.int(1, 90)}): number {\n  let ${v} = 0;\n  for (const item of items) {\n    if (item.size > limit) ${v} += ${camel(pick(r, CALLS))}(item, '${pick(r, NAMES)}');\n  }\n  return ${v} * ${r.int(2, 9)};\n}\n\n`;
    },
  },
  'ts-test': {
    header: "import { describe, expect, it } from 'vitest';\n\n",
    block: (k, r) => `describe('${pick(r, NAMES)} ${k}', () => {\n  it('${pick(r, CALLS)}s', () => {\n    expect(${camel(pick(r, CALLS))}([${r.int(1, 9)}])).toBe(${r.int(0, 99)});\n  });\n});\n\n`,
  },
  js: {
    header: "'use strict';\n\n",
    block: (k, r) => `const ${pick(r, NAMES)}${k} = (items, limit = ${r.int(1, 90)}) => {\n  let ${pick(r, VARS)} = 0;\n  items.forEach((item) => {\n    if (item.size > limit) ${pick(r, VARS)} += ${camel(pick(r, CALLS))}(item, \`${pick(r, NAMES)}\`);\n  });\n  return ${r.int(1, 9)};\n};\n\n`,
    footer: 'module.exports = {};\n',
  },
  rs: {
    header: 'use std::collections::HashMap;\n\n',
    block: (k, r) => r.chance(0.15)
      ? `#[cfg(test)]\nmod tests_${k} {\n    #[test]\n    fn ${pick(r, NAMES)}_works() {\n        assert_eq!(super::${pick(r, NAMES)}_0(&[${r.int(1, 9)}], 0), ${r.int(1, 99)});\n    }\n}\n\n`
      : `pub fn ${pick(r, NAMES)}_${k}(items: &[u64], limit: u64) -> u64 {\n    let mut ${pick(r, VARS)} = HashMap::new();\n    for item in items {\n        if *item > limit {\n            ${pick(r, VARS)}.insert(*item, "${pick(r, NAMES)}");\n        }\n    }\n    ${r.int(1, 99)}\n}\n\n`,
  },
  go: {
    header: 'package core\n\nimport "fmt"\n\n',
    block: (k, r) => `func ${cap(pick(r, NAMES))}${k}(items []int, limit int) int {\n\t${pick(r, VARS)} := 0\n\tfor _, item := range items {\n\t\tif item > limit {\n\t\t\tfmt.Println("${pick(r, NAMES)}", item)\n\t\t}\n\t}\n\treturn ${r.int(1, 99)}\n}\n\n`,
  },
  md: {
    header: '# Notes\n\n',
    block: (k, r) => `## ${cap(pick(r, NAMES))} ${k}\n\nThe ${pick(r, NAMES)} step calls \`${pick(r, CALLS)}\` once per batch of ${r.int(2, 500)} items.\nSee the [${pick(r, NAMES)} guide](docs/${pick(r, NAMES)}.md).\n\n`,
  },
  json: {
    header: '{\n',
    block: (k, r) => `  "${pick(r, NAMES)}_${k}": { "limit": ${r.int(1, 900)}, "enabled": ${r.chance(0.5)} },\n`,
    footer: '  "version": 1\n}\n',
  },
  c: {
    header: '#include <stdio.h>\n\n',
    block: (k, r) => `int ${pick(r, NAMES)}_${k}(const int *items, int n) {\n    int ${pick(r, VARS)} = 0;\n    for (int i = 0; i < n; i++) {\n        if (items[i] > ${r.int(1, 90)}) ${pick(r, VARS)}++;\n    }\n    return ${r.int(0, 9)};\n}\n\n`,
  },
  kt: {
    header: 'package core\n\n',
    block: (k, r) => `fun ${pick(r, NAMES)}${k}(items: List<Int>, limit: Int = ${r.int(1, 90)}): Int {\n    return items.count { it > limit }\n}\n\n`,
  },
};

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function camel(s: string): string {
  return s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

const PATHS: Record<Exclude<FileKind, 'scripted'>, (name: string, n: number) => string> = {
  py: (name) => `src/${name}/${name}_core.py`,
  'py-test': (name) => `tests/test_${name}.py`,
  ts: (name) => `src/${name}.ts`,
  'ts-test': (name) => `src/${name}.test.ts`,
  js: (name) => `lib/${name}.js`,
  rs: (name) => `src/${name}.rs`,
  go: (name) => `internal/${name}/${name}.go`,
  md: (name, n) => (n % 3 === 0 ? 'README.md' : `docs/${name}.md`),
  json: (name) => `config/${name}.json`,
  png: (name) => `assets/${name}.png`,
  c: (name) => `native/${name}.c`,
  kt: (name) => `android/${cap(name)}.kt`,
  large: (name) => `src/generated/${name}_table.ts`,
};

/** Relative weights of the kinds of file a pull request changes. */
const KIND_WEIGHTS: ReadonlyArray<readonly [Exclude<FileKind, 'scripted'>, number]> = [
  ['py', 16], ['ts', 14], ['js', 7], ['rs', 8], ['go', 8], ['md', 10], ['json', 5], ['py-test', 8], ['ts-test', 7], ['png', 3], ['c', 2], ['kt', 2],
];

const REPO_LANGUAGE_KIND: Record<string, Exclude<FileKind, 'scripted'>> = { Python: 'py', TypeScript: 'ts', Rust: 'rs', Go: 'go', JavaScript: 'js' };

/** How many times the head of a pull request was pushed to (0: as first opened). */
export function headRevision(world: World, state: RepoState, number: number): number {
  return world.pushes.get(itemKey(state.meta.index, number)) ?? 0;
}

const SIDE = { head: 0x0a, base: 0x0b } as const;

/**
 * A commit SHA that names its pull request, side and revision, so `/contents?ref=`
 * finds what to generate without a table: 8 hex of check, then repository index,
 * number, revision and side, then 12 hex of hash. Only SHAs this simulator issued
 * decode (the check must match).
 */
export function commitSha(world: World, repoIndex: number, number: number, side: 'head' | 'base', rev: number): string {
  const hex = (n: number, w: number) => (n >>> 0).toString(16).padStart(w, '0').slice(-w);
  const check = mix32(world.seed, repoIndex, number, SIDE[side], rev, 0xc0de);
  return hex(check, 8) + hex(repoIndex, 6) + hex(number, 8) + hex(rev, 4) + hex(SIDE[side], 2) + fakeSha(check).slice(0, 12);
}

export function decodeCommitSha(world: World, sha: string): { repoIndex: number; number: number; side: 'head' | 'base'; rev: number } | null {
  if (!/^[0-9a-f]{40}$/.test(sha)) return null;
  const repoIndex = parseInt(sha.slice(8, 14), 16);
  const number = parseInt(sha.slice(14, 22), 16);
  const rev = parseInt(sha.slice(22, 26), 16);
  const sideCode = parseInt(sha.slice(26, 28), 16);
  const side = sideCode === SIDE.head ? 'head' : sideCode === SIDE.base ? 'base' : null;
  if (side === null || commitSha(world, repoIndex, number, side, rev) !== sha) return null;
  return { repoIndex, number, side, rev };
}

export function headSha(world: World, state: RepoState, i: number): string {
  return commitSha(world, state.meta.index, i + 1, 'head', headRevision(world, state, i + 1));
}

export function baseSha(world: World, state: RepoState, i: number): string {
  return commitSha(world, state.meta.index, i + 1, 'base', 0);
}

/** The files a pull request changes, at its current head (or at `rev`). */
export function pullFileList(world: World, state: RepoState, number: number, rev = headRevision(world, state, number)): SimFile[] {
  const scripted = world.scriptedFiles.get(itemKey(state.meta.index, number));
  if (scripted) {
    return scripted.map((f, k) => ({
      filename: f.filename,
      status: f.base === null ? 'added' : f.head === null ? 'removed' : 'modified',
      kind: 'scripted',
      seed: mix32(world.seed, state.meta.index, number, k, 0x5c417),
      rev,
      text: { base: f.base, head: f.head },
    }));
  }
  const rng = new Rng(mix32(world.seed, state.meta.index, number, 0xf11e5));
  const count = rng.weighted<number>([[1, 3], [2, 4], [3, 4], [4, 3], [5, 2], [6, 2], [8, 1], [11, 1]]);
  const preferred = REPO_LANGUAGE_KIND[state.meta.language];
  const used = new Set<string>();
  const out: SimFile[] = [];
  for (let f = 0; f < count && out.length < count; f++) {
    let kind: Exclude<FileKind, 'scripted'> = preferred && rng.chance(0.35) ? preferred : rng.weighted(KIND_WEIGHTS);
    if (f === 0 && rng.chance(0.03)) kind = 'large';
    const name = `${pick(rng, NAMES)}${rng.chance(0.3) ? `_${pick(rng, NAMES)}` : ''}`;
    const filename = PATHS[kind](name, number + f);
    if (used.has(filename)) continue;
    used.add(filename);
    const roll = rng.float();
    let status: FileStatus = kind === 'large' ? 'added' : roll < 0.25 ? 'added' : roll < 0.83 ? 'modified' : roll < 0.9 ? 'removed' : 'renamed';
    if (kind === 'png' && status === 'renamed') status = 'modified';
    const file: SimFile = { filename, status, kind, seed: mix32(world.seed, state.meta.index, number, f, 0xb10c), rev };
    if (status === 'renamed') file.previous_filename = filename.replace(/(\.[a-z]+)$/, '_old$1');
    out.push(file);
  }
  return out;
}

interface Side {
  lines: string[][];
  text: string;
}

/** A text file's blocks, as lines (each ending in a newline). */
function blocksOf(kind: BlockKind, seed: number, ids: readonly { id: number; variant: number }[]): Side {
  const spec = BLOCKS[kind];
  const lines: string[][] = [splitLines(spec.header)];
  for (const { id, variant } of ids) lines.push(splitLines(spec.block(id, new Rng(mix32(seed, id, variant)))));
  if (spec.footer) lines.push(splitLines(spec.footer));
  return { lines, text: lines.flat().join('') };
}

/** Block ids and variants of the base (all variant 0) and of the head at `rev`. */
function plan(file: SimFile): { base: { id: number; variant: number }[]; head: { id: number; variant: number }[] } {
  const rng = new Rng(mix32(file.seed, 0x91a4));
  const blocks = rng.int(2, 14);
  const base = Array.from({ length: blocks }, (_, id) => ({ id, variant: 0 }));
  const head: { id: number; variant: number }[] = [];
  const r = new Rng(mix32(file.seed, file.rev, 0x4ead));
  for (const b of base) {
    const roll = r.float();
    if (roll < 0.62) head.push(b);
    else if (roll < 0.9) head.push({ id: b.id, variant: 1 + file.rev });
    // else: the block is deleted
  }
  const added = r.int(file.rev > 0 ? 1 : 0, 3);
  for (let j = 0; j < added; j++) head.splice(r.int(0, head.length), 0, { id: blocks + file.rev * 4 + j, variant: 0 });
  // A pure rename now and then: same content under a new name.
  if (file.status === 'renamed' && rng.chance(0.4)) return { base, head: base };
  // GitHub lists a modified file only when it changed.
  if (head.length === base.length && head.every((b, k) => b === base[k])) head[0] = { id: 0, variant: 1 + file.rev };
  return { base, head };
}

/** Base and head content of a file: text, bytes (binary) or null (absent on that side). */
export function fileContents(file: SimFile): { base: string | Uint8Array | null; head: string | Uint8Array | null } {
  if (file.kind === 'scripted') return { base: file.text?.base ?? null, head: file.text?.head ?? null };
  if (file.kind === 'png') {
    const bytes = (salt: number) => {
      const r = new Rng(mix32(file.seed, salt));
      const out = new Uint8Array(r.int(300, 4000));
      out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
      for (let i = 12; i < out.length; i++) out[i] = r.int(0, 255);
      return out;
    };
    return { base: file.status === 'added' ? null : bytes(0), head: file.status === 'removed' ? null : bytes(1 + file.rev) };
  }
  if (file.kind === 'large') return { base: null, head: largeText(file) };
  const { base, head } = plan(file);
  return {
    base: file.status === 'added' ? null : blocksOf(file.kind, file.seed, base).text,
    head: file.status === 'removed' ? null : blocksOf(file.kind, file.seed, head).text,
  };
}

const LARGE_LINES = 21_500;
const LARGE_WIDTH = 48;

/** A generated lookup table just over 1 MB: fixed-width lines, so its line count is known without building it. */
function largeText(file: SimFile): string {
  const r = new Rng(mix32(file.seed, file.rev, 0x1a29e));
  const parts = ['export const TABLE = [\n'];
  for (let i = 0; i < LARGE_LINES; i++) parts.push(`  [${i}, 0x${r.next().toString(16).padStart(8, '0')}, 'entry'],`.padEnd(LARGE_WIDTH - 1) + '\n');
  parts.push('];\n');
  return parts.join('');
}

/** GitHub's entry for one file of `/pulls/{n}/files`: line counts, blob SHA and (for text under the limit) a patch. */
export function fileChangeShape(file: SimFile, ctx: { apiBase: string; htmlBase: string; fullName: string; headSha: string }): FileChangeShape {
  let additions = 0;
  let deletions = 0;
  let patch: string | undefined;
  if (file.kind === 'scripted') {
    // One block per side: every base line is deleted and every head line added.
    const text = fileContents(file) as { base: string | null; head: string | null };
    const base = text.base === null ? [] : [splitLines(text.base)];
    const head = text.head === null ? [] : [splitLines(text.head)];
    const diff = blockDiff(base, head, base.map(() => 'base'), head.map(() => 'head'));
    additions = diff.additions;
    deletions = diff.deletions;
    patch = diff.patch || undefined;
  } else if (file.kind === 'large') {
    additions = LARGE_LINES + 2;
  } else if (file.kind !== 'png') {
    const p = plan(file);
    const base = file.status === 'added' ? null : blocksOf(file.kind, file.seed, p.base);
    const head = file.status === 'removed' ? null : blocksOf(file.kind, file.seed, p.head);
    const diff = blockDiff(base?.lines ?? [], head?.lines ?? [], file.status === 'added' ? [] : keys(p.base, file), file.status === 'removed' ? [] : keys(p.head, file));
    additions = diff.additions;
    deletions = diff.deletions;
    patch = diff.patch || undefined;
  }
  const path = encodeURI(file.filename);
  const shape: FileChangeShape = {
    sha: blobSha(file, file.status === 'removed' ? 'base' : 'head'),
    filename: file.filename,
    status: file.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${ctx.htmlBase}/${ctx.fullName}/blob/${ctx.headSha}/${path}`,
    raw_url: `${ctx.htmlBase}/${ctx.fullName}/raw/${ctx.headSha}/${path}`,
    contents_url: `${ctx.apiBase}/repos/${ctx.fullName}/contents/${path}?ref=${ctx.headSha}`,
  };
  if (patch !== undefined) shape.patch = patch;
  if (file.previous_filename) shape.previous_filename = file.previous_filename;
  return shape;
}

function keys(blocks: readonly { id: number; variant: number }[], file: SimFile): string[] {
  const spec = BLOCKS[file.kind as BlockKind];
  return ['header', ...blocks.map((b) => `${b.id}:${b.variant}`), ...(spec.footer ? ['footer'] : [])];
}

/** git's blob SHA-1 is a hash of the content; a seeded stand-in of the same form does here. */
export function blobSha(file: SimFile, side: 'head' | 'base'): string {
  return fakeSha(file.seed, side === 'head' ? 1 + file.rev : 0, 0xb10b);
}

/**
 * A file's `additions` and `deletions` as `fileChangeShape` tells them, from the same edit script,
 * generating only the blocks added or deleted (the kept ones count no lines) and no patch.
 */
export function fileLineCounts(file: SimFile): { additions: number; deletions: number } {
  if (file.kind === 'scripted') {
    // One block per side, as fileChangeShape diffs them: every base line deleted, every head line added.
    return { additions: file.text?.head == null ? 0 : lineCount(file.text.head), deletions: file.text?.base == null ? 0 : lineCount(file.text.base) };
  }
  if (file.kind === 'large') return { additions: LARGE_LINES + 2, deletions: 0 };
  if (file.kind === 'png') return { additions: 0, deletions: 0 };
  const spec = BLOCKS[file.kind];
  const p = plan(file);
  const baseKeys = file.status === 'added' ? [] : keys(p.base, file);
  const headKeys = file.status === 'removed' ? [] : keys(p.head, file);
  // Block k of a side: its header, one of its planned blocks, or its footer (keys() lists them so).
  const lines = (blocks: readonly { id: number; variant: number }[]) => (k: number): number => {
    if (k === 0) return lineCount(spec.header);
    const b = blocks[k - 1];
    return b ? lineCount(spec.block(b.id, new Rng(mix32(file.seed, b.id, b.variant)))) : lineCount(spec.footer!);
  };
  return opCounts(blockOps(baseKeys, headKeys), lines(p.base), lines(p.head));
}

/** A pull request's size as `/pulls/{n}` reports it: the sums over its files list. */
export function pullSize(world: World, state: RepoState, number: number): { additions: number; deletions: number; changed_files: number } {
  let additions = 0;
  let deletions = 0;
  const files = pullFileList(world, state, number);
  for (const f of files) {
    const counts = fileLineCounts(f);
    additions += counts.additions;
    deletions += counts.deletions;
  }
  return { additions, deletions, changed_files: files.length };
}

/** The file at `path` on one side of a pull request, or null when that side has no such file. */
export function fileAt(world: World, state: RepoState, number: number, side: 'head' | 'base', rev: number, path: string): { file: SimFile; content: string | Uint8Array } | null {
  for (const file of pullFileList(world, state, number, rev)) {
    if (side === 'head' && file.filename === path && file.status !== 'removed') return { file, content: fileContents(file).head! };
    if (side === 'base' && (file.previous_filename ?? file.filename) === path && file.status !== 'added') return { file, content: fileContents(file).base! };
  }
  return null;
}

/** GitHub's `/contents/{path}` answer for a file: base64 under 1 MB; over it, no content and encoding `none`. */
export function contentShape(content: string | Uint8Array, path: string, sha: string, ctx: { apiBase: string; htmlBase: string; fullName: string; ref: string }) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const name = path.slice(path.lastIndexOf('/') + 1);
  const url = `${ctx.apiBase}/repos/${ctx.fullName}/contents/${encodeURI(path)}?ref=${ctx.ref}`;
  const inline = bytes.length <= CONTENTS_INLINE_LIMIT;
  return {
    type: 'file',
    encoding: inline ? 'base64' : 'none',
    size: bytes.length,
    name,
    path,
    // GitHub wraps base64 at 60 characters.
    content: inline ? (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + (bytes.length ? '\n' : '') : '',
    sha,
    url,
    git_url: `${ctx.apiBase}/repos/${ctx.fullName}/git/blobs/${sha}`,
    html_url: `${ctx.htmlBase}/${ctx.fullName}/blob/${ctx.ref}/${encodeURI(path)}`,
    download_url: `${ctx.htmlBase.replace('://', '://raw.')}/${ctx.fullName}/${ctx.ref}/${encodeURI(path)}`,
    _links: { self: url, git: `${ctx.apiBase}/repos/${ctx.fullName}/git/blobs/${sha}`, html: `${ctx.htmlBase}/${ctx.fullName}/blob/${ctx.ref}/${encodeURI(path)}` },
  };
}

/** The tree-sitter grammars the simulated files need (their parsed languages), for the simulated validator's token scores. */
export function simFileLanguages(): string[] {
  const out = new Set<string>();
  for (const path of Object.values(PATHS)) {
    const language = treeSitterLanguage(TOKEN_TABLES, fileExtension(path('x', 1)));
    if (language) out.add(language);
  }
  return [...out].sort();
}

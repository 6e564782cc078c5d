import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';
import type { LinkTarget } from './links.write.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** What `links explain` shows of an issue or pull request: it must say which of the two it found. */
export interface ExplainItem {
  id: number;
  number: number;
  is_pull: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  status: string;
  base_ref: string | null;
  links_source: string | null;
  links_grammar: number | null;
  graphql_due: number;
  gone: string | null;
  moved_to: string | null;
  html_url: string | null;
}

export interface StoredLink {
  issue_repo: string;
  issue_repo_key: string;
  issue_number: number;
  source: string;
}

/** What the store knows about the item a reference points at. */
export interface TargetInfo {
  /** Display name when the repository is in the store, else null. */
  repo: string | null;
  /** False once the master list dropped the repository (its data stays). */
  active: boolean;
  item: { isPull: boolean; status: string; title: string } | null;
}

// Well under SQLite's bound-parameter limit; a description can name thousands of references.
const CHUNK = 500;

/** The item numbered `number` in the repository `repoKey` (lower case), pull request or issue. */
export async function getItemByNumber(db: Db, repoKey: string, number: number): Promise<ExplainItem | undefined> {
  return db
    .selectFrom('items')
    .innerJoin('repos', 'repos.id', 'items.repo_id')
    .select([
      'items.id', 'items.number', 'items.is_pull', 'items.title', 'items.body', 'items.state', 'items.status', 'items.base_ref',
      'items.links_source', 'items.links_grammar', 'items.graphql_due', 'items.gone', 'items.moved_to', 'items.html_url',
    ])
    .where('repos.name_key', '=', repoKey)
    .where('items.number', '=', number)
    .executeTakeFirst();
}

/** A pull request's stored links, whichever source wrote them. */
export async function listPullLinks(db: Db, pullId: number): Promise<StoredLink[]> {
  return db
    .selectFrom('links')
    .select(['issue_repo', 'issue_repo_key', 'issue_number', 'source'])
    .where('pull_id', '=', pullId)
    .orderBy('issue_repo_key')
    .orderBy('issue_number')
    .execute();
}

/**
 * For each target (`repoKey#number`), whether its repository is in the store and
 * whether the item is a known issue or pull request. Targets the store has never
 * seen are answered too, with `repo: null` or `item: null`.
 */
export async function describeTargets(db: Db, targets: readonly LinkTarget[]): Promise<Map<string, TargetInfo>> {
  const byRepo = new Map<string, Set<number>>();
  for (const t of targets) {
    const set = byRepo.get(t.repoKey) ?? new Set<number>();
    set.add(t.number);
    byRepo.set(t.repoKey, set);
  }
  const out = new Map<string, TargetInfo>();
  const keys = [...byRepo.keys()];
  const repos = new Map<string, { id: number; full_name: string; active: number }>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db.selectFrom('repos').select(['id', 'name_key', 'full_name', 'active']).where('name_key', 'in', keys.slice(i, i + CHUNK)).execute();
    for (const r of rows) repos.set(r.name_key, r);
  }
  for (const [key, numbers] of byRepo) {
    const repo = repos.get(key);
    const found = new Map<number, TargetInfo['item']>();
    if (repo) {
      const list = [...numbers];
      for (let i = 0; i < list.length; i += CHUNK) {
        const rows = await db
          .selectFrom('items')
          .select(['number', 'is_pull', 'status', 'title'])
          .where('repo_id', '=', repo.id)
          .where('number', 'in', list.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) found.set(r.number, { isPull: r.is_pull === 1, status: r.status, title: r.title });
      }
    }
    for (const n of numbers) {
      out.set(`${key}#${n}`, { repo: repo?.full_name ?? null, active: repo?.active === 1, item: found.get(n) ?? null });
    }
  }
  return out;
}

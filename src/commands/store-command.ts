import { existsSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import { isValidRepoName } from '../core/master-list.ts';
import { openDatabase } from '../db/database.ts';
import { getItemByNumber, type ExplainItem } from '../db/links.queries.ts';
import { getRepo } from '../db/repos.queries.ts';
import type { DB, RepoRow } from '../db/schema.ts';
import { hubDatabase } from '../runtime.ts';

type Out = NodeJS.WritableStream;

/**
 * Runs a read-only command against the hub's store: a missing SQLite file is
 * never created, and a store that cannot be opened or read answers exit code 1
 * with the reason (and the hint to migrate when a table is missing).
 */
export async function withHubStore(config: Config, err: Out, run: (db: Kysely<DB>) => Promise<number>): Promise<number> {
  const database = hubDatabase(config);
  const where = database.kind === 'sqlite' ? database.path : 'the configured database';
  // Opening a missing SQLite file would create an empty one: a read-only command must not.
  if (database.kind === 'sqlite' && !existsSync(database.path)) {
    err.write(`no hub database at ${where}: start the hub or run \`npm run hub -- sync --once\` first\n`);
    return 1;
  }
  let handle;
  try {
    handle = openDatabase(database, { readonly: true });
  } catch (e) {
    err.write(`cannot open the hub database at ${where}: ${messageOf(e)}\n`);
    return 1;
  }
  try {
    return await run(handle.db);
  } catch (e) {
    const hint = /no such (table|column)/i.test(messageOf(e)) ? ' (is it migrated? `npm run hub -- migrate`)' : '';
    err.write(`cannot read the hub database at ${where}: ${messageOf(e)}${hint}\n`);
    return 1;
  } finally {
    await handle.close();
  }
}

/**
 * Titles and bodies are written by strangers and end up in a terminal: control
 * characters (escape sequences), bidirectional overrides and line breaks are
 * replaced so they can neither restyle the terminal nor forge output lines.
 */
const isHidden = (c: number) =>
  c < 32 || (c >= 0x7f && c <= 0x9f) || c === 0x200e || c === 0x200f || c === 0x2028 || c === 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

export function printable(s: string, max: number): string {
  let clean = '';
  for (const ch of s.length > max * 2 ? s.slice(0, max * 2) : s) {
    const c = ch.charCodeAt(0);
    if (c === 9) clean += ' ';
    else clean += isHidden(c) ? '\uFFFD' : ch;
  }
  if (clean.length <= max) return clean;
  let end = max - 1;
  const last = clean.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${clean.slice(0, end)}…`;
}

export function messageOf(e: unknown): string {
  return printable(e instanceof Error ? e.message : String(e), 300);
}

/**
 * `owner/name#N`, or a pull request's web address on github.com or the
 * configured `GITHUB_WEB_URL` host (`https://github.com/owner/name/pull/N`).
 */
export function parseTarget(target: string, webUrl = 'https://github.com'): { repo: string; number: number } | null {
  const text = target.trim();
  const m = /^([^#\s]+)#(\d+)$/.exec(text) ?? fromUrl(text, webUrl);
  if (!m || !isValidRepoName(m[1]!) || !/^[1-9]\d{0,8}$/.test(m[2]!)) return null;
  return { repo: m[1]!, number: Number(m[2]) };
}

function fromUrl(text: string, webUrl: string): [string, string, string] | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const hosts = new Set(['github.com', 'www.github.com']);
  try {
    hosts.add(new URL(webUrl).host.toLowerCase());
  } catch {
    // An unparseable setting adds no host.
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !hosts.has(url.host.toLowerCase())) return null;
  const m = /^\/([^/]+\/[^/]+)\/pulls?\/(\d+)\/?(?:files|commits|checks)?\/?$/.exec(decodeURIComponent(url.pathname));
  return m ? [m[0], m[1]!, m[2]!] : null;
}

/**
 * A command about one pull request (`links explain`, `score explain`): the target
 * parsed (exit 2 with the expected forms when it cannot be), then `run` on the
 * read-only store.
 */
export async function runPullCommand(
  command: { name: string; config: Config; target: string; err: Out; /** Why an issue number is the wrong question. */ notAnIssue: string },
  run: (db: Kysely<DB>, repo: RepoRow, item: ExplainItem) => Promise<number>,
): Promise<number> {
  const { name, config, target, err } = command;
  const parsed = parseTarget(target, config.githubWebUrl);
  if (!parsed) {
    err.write(`${name}: expected owner/name#N or a pull request URL (for example acme/widgets#12), got "${printable(target, 120)}"\n`);
    return 2;
  }
  return withHubStore(config, err, async (db) => {
    const repo = await getRepo(db, parsed.repo);
    if (!repo) {
      err.write(`${parsed.repo} is not a tracked repository\n`);
      return 2;
    }
    const full = `${repo.full_name}#${parsed.number}`;
    const item = await getItemByNumber(db, repo.name_key, parsed.number);
    if (!item) {
      err.write(`${full} is not in the hub's store: no such pull request, or not synced yet (\`npm run hub -- sync --once --repo ${repo.full_name}\`)\n`);
      return 1;
    }
    if (item.is_pull !== 1) {
      err.write(`${full} is an issue, not a pull request: ${command.notAnIssue}\n`);
      return 1;
    }
    return run(db, repo, item);
  });
}

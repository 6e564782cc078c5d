import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../config/config.ts';
import { GRAMMAR_VERSION } from '../core/closing-refs.ts';
import { ingestIssues, ingestPulls, type RepoContext } from '../sync/ingest.ts';
import { replaceLinks } from '../db/links.write.ts';
import { addOperatorRepo } from '../db/repos.queries.ts';
import type { GithubIssue, GithubPull } from '../github/schemas.ts';
import { commandConfig, runCommand } from '../test/command-io.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { hubDatabase } from '../runtime.ts';
import { parseTarget, runLinksExplain } from './links-explain.command.ts';

let t: TestDatabase;
let widgets: RepoContext;
let clock = Date.parse('2024-03-01T00:00:00Z');
const stamp = () => new Date((clock += 1000)).toISOString();

async function trackRepo(fullName: string, defaultBranch: string | null): Promise<RepoContext> {
  const row = await addOperatorRepo(t.db, fullName);
  await t.db.updateTable('repos').set({ default_branch: defaultBranch }).where('id', '=', row.id).execute();
  const names = await t.db.selectFrom('repos').select(['name_key', 'full_name']).execute();
  return { id: row.id, fullName: row.full_name, key: row.name_key, defaultBranch, trackedNames: new Map(names.map((r) => [r.name_key, r.full_name])) };
}

function buildIssue(number: number, title: string, overrides: Partial<GithubIssue> = {}): GithubIssue {
  const at = stamp();
  return {
    id: 1000 + number, number, title, body: null, state: 'open', labels: [], comments: 0, locked: false,
    user: { login: 'reporter' }, created_at: at, updated_at: at, ...overrides,
  };
}

/** A pull request as GET /pulls answers it, which carries the base branch the /issues answer lacks. */
function buildPull(number: number, fields: { title?: string; body?: string | null; base?: string; state?: 'open' | 'closed' } = {}): GithubPull {
  const at = stamp();
  return {
    id: 5000 + number, number, title: fields.title ?? `Pull request ${number}`, body: fields.body ?? null, state: fields.state ?? 'open',
    user: { login: 'miner' }, labels: [], locked: false, draft: false, merged_at: null, created_at: at, updated_at: at,
    base: { ref: fields.base ?? 'main' }, head: { ref: `topic-${number}`, repo: { full_name: 'miner/widgets' } },
  } as GithubPull;
}

async function addIssue(repo: RepoContext, number: number, title: string): Promise<void> {
  await ingestIssues(t.db, repo, [buildIssue(number, title)], stamp());
}

async function addPull(repo: RepoContext, number: number, fields: Parameters<typeof buildPull>[1] = {}): Promise<number> {
  await ingestPulls(t.db, repo, [buildPull(number, fields)], stamp());
  const row = await t.db.selectFrom('items').select('id').where('repo_id', '=', repo.id).where('number', '=', number).executeTakeFirstOrThrow();
  return row.id;
}

const configFor = commandConfig;

async function explain(target: string, config: Config = configFor(t.url)) {
  return runCommand(runLinksExplain, target, config);
}

/** The output line about one candidate target, e.g. "acme/widgets#12". */
function lineFor(text: string, target: string, startsWith = ''): string {
  const line = text.split('\n').find((l) => l.includes(`${target} `) && l.trimStart().startsWith(startsWith));
  if (!line) throw new Error(`no line for ${target} in:\n${text}`);
  return line;
}

beforeEach(async () => {
  t = await createTestDatabase();
  widgets = await trackRepo('acme/widgets', 'main');
});

afterEach(async () => {
  await t.dispose();
});

describe('links explain', () => {
  it('shows a taken link with its keyword, target, source and grammar version', async () => {
    await addIssue(widgets, 12, 'Parser crashes on empty input');
    await addPull(widgets, 7, { title: 'Handle empty input', body: 'This change\nFixes #12 for good.' });

    const r = await explain('acme/widgets#7');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('Pull request acme/widgets#7: Handle empty input');
    expect(r.out).toContain('status:      open');
    expect(r.out).toContain('base:        main (the default branch)');
    expect(r.out).toContain(`links from:  the description's text, grammar version ${GRAMMAR_VERSION}`);
    expect(r.out).toContain('References in the title and description: 1 (1 taken)');
    const line = lineFor(r.out, 'acme/widgets#12', 'taken');
    expect(line).toMatch(/^ {2}taken {6}acme\/widgets#12 {2}description {2}"Fixes #12" {2}linked: /);
    expect(r.out).toContain('Stored links: 1, from the text');
    expect(r.out).toMatch(/\n {2}acme\/widgets#12 {2}issue, open: "Parser crashes on empty input"\n/);
  });

  it('takes full issue URLs on the configured GitHub Enterprise host', async () => {
    const ghe = { ...widgets, webUrl: 'https://ghe.example.test' };
    await addIssue(ghe, 3, 'Parser crashes');
    await addPull(ghe, 4, { body: 'Fixes https://ghe.example.test/acme/widgets/issues/3' });
    const r = await explain('acme/widgets#4', configFor(t.url, { GITHUB_API_URL: 'https://ghe.example.test/api/v3', GITHUB_TOKENS: 'x' }));
    expect(r.code).toBe(0);
    expect(lineFor(r.out, 'acme/widgets#3', 'taken')).toMatch(/^ {2}taken {6}acme\/widgets#3 {2}description/);
    expect(r.out).toContain('Stored links: 1, from the text');
    // On github.com the same URL names another host: not a reference.
    expect((await explain('acme/widgets#4')).out).toContain('References in the title and description: 1 (0 taken)');
  });

  it('explains a reference in the title only', async () => {
    await addPull(widgets, 8, { title: 'Fix #3: parser', body: 'Makes the parser faster.' });
    const r = await explain('acme/widgets#8');
    expect(r.code).toBe(0);
    expect(lineFor(r.out, 'acme/widgets#3', 'not taken')).toContain('title        "Fix #3"  in the title: GitHub only reads the description');
    expect(r.out).toContain('Stored links: none');
  });

  it('names the word that glued to the keyword (bugfix #42)', async () => {
    await addPull(widgets, 9, { body: 'This is a bugfix #42' });
    const r = await explain('acme/widgets#9');
    const line = lineFor(r.out, 'acme/widgets#42', 'not taken');
    expect(line).toContain('"This is a bugfix #42"');
    expect(line).toContain('the keyword is part of another word (bugfix)');
  });

  it('shows a bounded excerpt that starts at a word on long lines', async () => {
    await addPull(widgets, 18, { body: `${'word '.repeat(5000)}then a bugfix #42 and more` });
    const r = await explain('acme/widgets#18');
    const line = lineFor(r.out, 'acme/widgets#42', 'not taken');
    expect(line).toMatch(/"…word word .* then a bugfix #42" {2}the keyword is part of another word/);
    expect(line.length).toBeLessThan(250);
  });

  it('explains references in fenced code, inline code and comments', async () => {
    await addPull(widgets, 10, { body: '```\nFixes #1\n```\nSee `fixes #2`\n<!-- fixes #3 -->' });
    const r = await explain('acme/widgets#10');
    expect(lineFor(r.out, 'acme/widgets#1', 'not taken')).toContain('inside a fenced code block: code is not read');
    expect(lineFor(r.out, 'acme/widgets#2', 'not taken')).toContain('inside inline code');
    expect(lineFor(r.out, 'acme/widgets#3', 'not taken')).toContain('inside an HTML comment');
    expect(r.out).toContain('(0 taken)');
  });

  it('explains a second reference after one keyword', async () => {
    await addPull(widgets, 11, { body: 'Fixes #1, #2' });
    const r = await explain('acme/widgets#11');
    expect(lineFor(r.out, 'acme/widgets#1', 'taken')).toContain('"Fixes #1"');
    expect(lineFor(r.out, 'acme/widgets#2', 'not taken')).toContain(
      '"Fixes #1, #2"  a second reference after one keyword: GitHub links only the first; repeat the keyword',
    );
  });

  it('explains a pull request that targets another branch than the default', async () => {
    await addPull(widgets, 12, { body: 'Closes #4', base: 'dev' });
    const r = await explain('acme/widgets#12');
    expect(r.code).toBe(0);
    expect(r.out).toContain('base:        dev, not the default branch main: closing keywords are ignored');
    expect(lineFor(r.out, 'acme/widgets#4', 'not taken')).toContain('the PR targets dev, not the default branch main: keywords are ignored');
    expect(r.out).toContain('Stored links: none');
  });

  it("says which text links GitHub's own answer overrode and which exist only on GitHub", async () => {
    await addIssue(widgets, 20, 'Linked in the sidebar');
    const id = await addPull(widgets, 13, { body: 'Fixes #12\nCloses #13' });
    const refs = [13, 20].map((number) => ({ repo: 'acme/widgets', repoKey: 'acme/widgets', number }));
    await replaceLinks(t.db, id, refs, 'graphql', widgets.trackedNames, stamp());
    await t.db.updateTable('items').set({ links_source: 'graphql', graphql_due: 0 }).where('id', '=', id).execute();

    const r = await explain('acme/widgets#13');
    expect(r.code).toBe(0);
    expect(r.out).toContain("links from:  GitHub's own answer");
    expect(lineFor(r.out, 'acme/widgets#12', 'taken')).toContain("GitHub's own answer overrode it");
    expect(lineFor(r.out, 'acme/widgets#13', 'taken')).not.toContain('overrode');
    expect(r.out).toContain("Stored links: 2, from GitHub's own answer");
    const diff = r.out.slice(r.out.indexOf("GitHub's own answer differs from the text:"));
    expect(diff).toContain("acme/widgets#12  taken from the text, not linked on GitHub: GitHub's own answer overrode it");
    expect(diff).toContain('acme/widgets#20  linked on GitHub only, not from the text: linked manually in the sidebar');
    expect(diff).not.toContain('acme/widgets#13');
  });

  it('flags a reference to a pull request: GitHub links issues only', async () => {
    await addPull(widgets, 5, { title: 'An earlier pull request' });
    await addPull(widgets, 14, { body: 'Fixes #5' });
    const r = await explain('acme/widgets#14');
    expect(lineFor(r.out, 'acme/widgets#5', 'taken')).toContain('#5 is a pull request: GitHub links issues only');
    expect(r.out).toMatch(/\n {2}acme\/widgets#5 {2}#5 is a pull request: GitHub links issues only\n/);
  });

  it('tells targets in untracked repositories and unknown items apart', async () => {
    await trackRepo('acme/gadgets', 'main');
    await addPull(widgets, 15, { body: 'Fixes other/lib#3\nFixes acme/gadgets#9' });
    const r = await explain('acme/widgets#15');
    expect(lineFor(r.out, 'other/lib#3', 'taken')).toContain('other/lib is not tracked by the hub');
    expect(r.out).toMatch(/\n {2}other\/lib#3 +in a repository the hub does not track\n/);
    expect(r.out).toMatch(/\n {2}acme\/gadgets#9 {2}not in the store/);
  });

  it('answers owner and name in any case', async () => {
    await addPull(widgets, 16);
    const r = await explain('ACME/Widgets#16');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Pull request acme/widgets#16');
  });

  it('exits 1 for a pull request the store does not have, or an issue', async () => {
    await addIssue(widgets, 30, 'An issue');
    const missing = await explain('acme/widgets#999');
    expect(missing.code).toBe(1);
    expect(missing.out).toBe('');
    expect(missing.err).toContain("acme/widgets#999 is not in the hub's store");
    const issue = await explain('acme/widgets#30');
    expect(issue.code).toBe(1);
    expect(issue.err).toContain('acme/widgets#30 is an issue, not a pull request');
  });

  it('exits 2 for a repository that is not tracked', async () => {
    const r = await explain('someone/else#1');
    expect(r.code).toBe(2);
    expect(r.err).toBe('someone/else is not a tracked repository\n');
  });

  it('exits 2 with the expected form for a malformed target', async () => {
    for (const target of ['', 'acme/widgets', 'acme#1', 'acme/widgets#', 'acme/widgets#0', 'acme/widgets#x1', 'acme/widgets#12345678901', 'a/b/c#1', 'acme/widgets #1']) {
      const r = await explain(target);
      expect(r.code, target).toBe(2);
      expect(r.err, target).toContain('expected owner/name#N');
    }
    expect(parseTarget(' acme/widgets#7 ')).toEqual({ repo: 'acme/widgets', number: 7 });
  });

  it('takes a pull request URL on github.com or the configured web host', () => {
    expect(parseTarget('https://github.com/acme/widgets/pull/12')).toEqual({ repo: 'acme/widgets', number: 12 });
    expect(parseTarget('https://github.com/acme/widgets/pull/12/files')).toEqual({ repo: 'acme/widgets', number: 12 });
    expect(parseTarget('https://ghe.example.com/acme/widgets/pull/3', 'https://ghe.example.com')).toEqual({ repo: 'acme/widgets', number: 3 });
    for (const target of ['https://evil.example.com/acme/widgets/pull/3', 'https://github.com/acme/widgets/issues/3', 'https://github.com/acme/widgets/pull/0', 'ftp://github.com/acme/widgets/pull/3']) {
      expect(parseTarget(target), target).toBeNull();
    }
  });

  it('exits 1 without creating a database file when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-explain-'));
    try {
      const path = join(dir, 'nested', 'hub.sqlite');
      const r = await explain('acme/widgets#1', configFor(path));
      expect(r.code).toBe(1);
      expect(r.err).toContain('no hub database at');
      expect(existsSync(join(dir, 'nested'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps terminal control characters from titles and bodies out of the output', async () => {
    await addPull(widgets, 17, { title: 'Evil \u001b[2J\u001b[31mtitle\u202e', body: 'Fixes\t#1 \u001b]8;;x\u0007' });
    const r = await explain('acme/widgets#17');
    expect(r.code).toBe(0);
    const hidden = [...r.out].filter((ch) => (ch < ' ' && ch !== '\n') || ch === '\u007f' || ch === '\u202e');
    expect(hidden).toEqual([]);
    expect(r.out).toContain('Evil \uFFFD[2J\uFFFD[31mtitle\uFFFD');
  });

  it('reads the demo database when demo mode runs on the default file', () => {
    expect(hubDatabase(configFor('./data/hub.sqlite'))).toEqual({ kind: 'sqlite', path: './data/demo.sqlite' });
    expect(hubDatabase(configFor('./data/hub.sqlite', { GITHUB_TOKENS: 'ghp_x' }))).toEqual({ kind: 'sqlite', path: './data/hub.sqlite' });
    expect(hubDatabase(configFor('/srv/hub.sqlite'))).toEqual({ kind: 'sqlite', path: '/srv/hub.sqlite' });
  });
});

describe('hub links explain (the real CLI)', () => {
  const hub = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: t.url, LOG_LEVEL: 'silent' },
    });

  it('prints the explanation and exits 0', async () => {
    await addIssue(widgets, 12, 'Parser crashes');
    await addPull(widgets, 7, { title: 'Fix #12 in the title', body: 'bugfix #42\nFixes #12' });
    const r = hub(['links', 'explain', 'acme/widgets#7']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Pull request acme/widgets#7: Fix #12 in the title');
    expect(r.stdout).toContain('References in the title and description: 3 (1 taken)');
    expect(r.stdout).toContain('in the title: GitHub only reads the description');
    expect(r.stdout).toContain('the keyword is part of another word (bugfix)');
    expect(r.stdout).toContain('Stored links: 1, from the text');
  });

  it('answers anything but `links explain <target>` with usage and exit 2', () => {
    for (const args of [['links'], ['links', 'show', 'acme/widgets#7'], ['links', 'explain', 'acme/widgets#7', 'extra']]) {
      const r = hub(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('Usage: npm run hub -- links explain owner/name#N');
    }
  });
});

import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { refreshScoreDrift } from '../sync/score-drift.job.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { addMinerAccounts, hubScore, MERGED, officialScore } from '../test/drift-fixtures.ts';
import { buildRepo } from '../test/factories.ts';
import { captureLogger } from '../test/logs.ts';
import { runScoreDrift, type DriftFlags } from './score-drift.command.ts';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
  await addMinerAccounts(t.db);
});
afterEach(async () => t.dispose());

function sink() {
  let text = '';
  return {
    stream: new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        text += String(chunk);
        done();
      },
    }),
    text: () => text,
  };
}

async function drift(flags: DriftFlags = {}) {
  const out = sink();
  const err = sink();
  const config = loadConfig({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', GITHUB_TOKENS: 'cli-test-token' }, { dotenvPath: null });
  const code = await runScoreDrift(config, flags, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

const refresh = () => refreshScoreDrift({ db: t.db, logger: captureLogger('error').logger, now: () => Date.parse('2026-06-01T12:05:00Z') });

describe('hub score drift', () => {
  it('says there is no report before the worker made one', async () => {
    expect(await drift()).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/^no drift report yet/) });
  });

  it('says so when both sides agree', async () => {
    const repo = await buildRepo(t.db, { full_name: 'Acme/Widgets' });
    await officialScore(t.db, 1, MERGED);
    await hubScore(t.db, repo, 1, MERGED);
    await refresh();
    const r = await drift();
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'Official versus ours: compared 2026-06-01T12:05:00Z, differences beyond 0.01\n' +
        '  compared 1, differing 0, official only 0, hub only 0\n' +
        '\nNo differences: every pull request both sides scored agrees.\n',
    );
  });

  it('prints each differing pull request with both breakdowns as a table, the differing fields starred', async () => {
    const repo = await buildRepo(t.db, { full_name: 'Acme/Widgets' });
    await officialScore(t.db, 1, MERGED);
    await hubScore(t.db, repo, 1, { ...MERGED, label: 1.5, score: 18.75 });
    await officialScore(t.db, 2, MERGED);
    await hubScore(t.db, repo, 2, { ...MERGED, score: 0, base: 0, issue: 1 }, { excluded: 'maintainer_author' });
    await officialScore(t.db, 3, MERGED);
    await hubScore(t.db, repo, 3, MERGED);
    await refresh();
    const r = await drift();
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      'Official versus ours: compared 2026-06-01T12:05:00Z, differences beyond 0.01',
      '  compared 3, differing 2, official only 0, hub only 0',
      '',
      'Acme/Widgets#1  Miner-One  differs: score, label',
      '            state   score*  collateral  base   issue  label*  spam  decay  review',
      '  official  merged  12.50   0.00        10.00  1.25   1.00    1.00  1.00   1.00',
      '  hub       merged  18.75   0.00        10.00  1.25   1.50    1.00  1.00   1.00',
      '',
      'Acme/Widgets#2  Miner-One  differs: score',
      '  the hub drops it: maintainer_author',
      '            state   score*  collateral  base   issue  label  spam  decay  review',
      '  official  merged  12.50   0.00        10.00  1.25   1.00   1.00  1.00   1.00',
      '  hub       merged  0.00    0.00        0.00   1.00   1.00   1.00  1.00   1.00',
      '',
    ]);
    const limited = await drift({ limit: 1, miner: 'miner-one', repo: 'acme/widgets' });
    expect(limited.out).toMatch(/^Official versus ours \(acme\/widgets, miner miner-one\)/);
    expect(limited.out).toMatch(/\n1 more not shown \(--limit, or GET \/api\/subnet\/drift\)\n$/);
  });

  it('refuses a malformed repository or a miner it has never seen', async () => {
    await refresh();
    expect(await drift({ repo: 'nope' })).toMatchObject({ code: 2, err: 'score drift: --repo must be owner/name, got "nope"\n' });
    expect(await drift({ miner: 'nobody' })).toMatchObject({ code: 2, err: 'nobody is not a miner the hub has seen\n' });
  });

  it('runs as `npm run hub -- score drift`', async () => {
    await refresh();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'score', ...args], {
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: t.url, LOG_LEVEL: 'silent', GITHUB_TOKENS: 'cli-test-token' },
      });
    const ok = run('drift');
    expect([ok.status, ok.stdout.split('\n')[1]]).toEqual([0, '  compared 0, differing 0, official only 0, hub only 0']);
    const bad = run('drift', '--limit', 'zero');
    expect([bad.status, bad.stderr]).toEqual([1, 'error: --limit must be a whole number from 1\n']);
    expect(run('explode').status).toBe(2);
  }, 60_000);
});

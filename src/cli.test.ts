import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function hub(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `sqlite:${join(dir, 'hub.sqlite')}`, LOG_LEVEL: 'silent', ...env },
  });
}

describe('hub CLI', () => {
  it('refuses to start with PORT=notaport, naming PORT, and exits non-zero', () => {
    const r = hub(['start'], { PORT: 'notaport' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/PORT: must be a whole number/);
  });

  it('lists every configuration problem at once', () => {
    const r = hub(['start'], { PORT: 'x', HUB_REPOS_URL: 'nope', ADMIN_TOKEN: 'short' });
    expect(r.status).toBe(2);
    for (const name of ['PORT', 'HUB_REPOS_URL', 'ADMIN_TOKEN']) expect(r.stderr).toContain(`${name}:`);
  });

  it('migrates and reports a second run as a no-op', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
    const env = { DATABASE_URL: `sqlite:${join(dir, 'hub.sqlite')}` };
    const first = hub(['migrate'], env);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Applied 0001_initial/);
    const second = hub(['migrate'], env);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/Nothing to migrate/);
  });

  it('rejects unknown commands with the usage text', () => {
    const r = hub(['frobnicate']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Unknown command: frobnicate/);
    expect(r.stderr).toMatch(/links explain/);
  });
});

describe('hub CLI help and version', () => {
  it('answers --help on every command without running it', () => {
    // PORT=0 would let `start` listen; with --help it must print and exit at once.
    for (const command of ['start', 'sync', 'migrate', 'sim', 'links', 'score']) {
      const r = hub([command, '--help'], { PORT: 'not-a-port' });
      expect(r.status, command).toBe(0);
      expect(r.stdout, command).toMatch(new RegExp(`^Usage: npm run hub -- ${command}`));
      expect(r.stdout, command).not.toMatch(/listening/);
    }
    // Six processes, each loading TypeScript: slow on a busy machine.
  }, 120_000);

  it('prints the version from package.json', () => {
    const r = hub(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });

  it('migrates even when a setting migrate does not use is invalid', () => {
    const r = hub(['migrate'], { PORT: 'abc' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Applied 0001_initial/);
  });

  it('still refuses to migrate with a bad DATABASE_URL', () => {
    const r = hub(['migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/DATABASE_URL/);
  });
});

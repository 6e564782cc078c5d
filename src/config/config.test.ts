import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_REPOS_URL, loadConfig } from './config.ts';

const load = (env: Record<string, string>) => loadConfig(env, { dotenvPath: null });

function problemsOf(env: Record<string, string>) {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults and runs in demo mode without tokens or API URL', () => {
    const c = load({});
    expect(c.demo).toBe(true);
    expect(c.githubApiUrl).toBe('https://api.github.com');
    expect(c.database).toEqual({ kind: 'sqlite', path: './data/hub.sqlite' });
    expect(c.reposUrl).toBe(DEFAULT_REPOS_URL);
    expect(c.reposFile).toBeNull();
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(7474);
    expect(c.adminToken).toBeNull();
  });

  it('leaves demo mode when tokens or an API URL are given', () => {
    expect(load({ GITHUB_TOKENS: 'a1, b2 ,,' }).githubTokens).toEqual(['a1', 'b2']);
    expect(load({ GITHUB_TOKENS: 'a1' }).demo).toBe(false);
    const c = load({ GITHUB_API_URL: 'http://127.0.0.1:9999/' });
    expect(c.demo).toBe(false);
    expect(c.githubApiUrl).toBe('http://127.0.0.1:9999');
  });

  it('derives the web host from the API URL (GitHub Enterprise) unless GITHUB_WEB_URL names it', () => {
    expect(load({}).githubWebUrl).toBe('https://github.com');
    expect(load({ GITHUB_API_URL: 'https://API.github.com/' }).githubWebUrl).toBe('https://github.com');
    expect(load({ GITHUB_API_URL: 'https://ghe.example.com/api/v3' }).githubWebUrl).toBe('https://ghe.example.com');
    expect(load({ GITHUB_API_URL: 'http://127.0.0.1:9999' }).githubWebUrl).toBe('http://127.0.0.1:9999');
    expect(load({ GITHUB_API_URL: 'https://ghe.example.com/api/v3', GITHUB_WEB_URL: 'https://code.example.com/' }).githubWebUrl).toBe('https://code.example.com');
    expect(problemsOf({ GITHUB_WEB_URL: 'ftp://x' })).toEqual([{ name: 'GITHUB_WEB_URL', message: 'must be an http(s) URL' }]);
  });

  it('accepts sqlite: URLs and plain paths', () => {
    expect(load({ DATABASE_URL: 'sqlite:/var/lib/hub.db' }).database).toEqual({ kind: 'sqlite', path: '/var/lib/hub.db' });
    expect(load({ DATABASE_URL: 'hub.db' }).database).toEqual({ kind: 'sqlite', path: 'hub.db' });
  });

  it('returns a frozen object', () => {
    const c = load({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.sync)).toBe(true);
    expect(() => {
      (c as { port: number }).port = 1;
    }).toThrow();
  });

  it('lists every problem at once, each naming its variable', () => {
    const problems = problemsOf({
      PORT: 'notaport',
      GITHUB_API_URL: 'ftp://x',
      HUB_REPOS_URL: 'not a url',
      ADMIN_TOKEN: 'short',
      DATABASE_URL: 'mysql://localhost/hub',
      LOG_LEVEL: 'loud',
      HUB_SYNC_CONCURRENCY: '99',
    });
    const names = problems.map((p) => p.name).sort();
    expect(names).toEqual(['ADMIN_TOKEN', 'DATABASE_URL', 'GITHUB_API_URL', 'HUB_REPOS_URL', 'HUB_SYNC_CONCURRENCY', 'LOG_LEVEL', 'PORT']);
    expect(problems.find((p) => p.name === 'PORT')!.message).toMatch(/whole number/);
    expect(problems.find((p) => p.name === 'HUB_SYNC_CONCURRENCY')!.message).toMatch(/at most 16/);
  });

  it('rejects out-of-range ports and names PORT in the message', () => {
    expect(() => load({ PORT: '70000' })).toThrow(/PORT: must be at most 65535/);
  });

  it('reads a postgres URL with its pool size, statement timeout and connect attempts', () => {
    const c = load({ DATABASE_URL: 'postgres://u:s3cret@localhost/hub', HUB_DB_POOL_SIZE: '4', HUB_DB_STATEMENT_TIMEOUT_MS: '5000' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u:s3cret@localhost/hub', poolSize: 4, statementTimeoutMs: 5000, connectAttempts: 30 });
  });

  it('names HUB_DB_POOL_SIZE when it is out of range', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://u@localhost/hub', HUB_DB_POOL_SIZE: '0' })).toEqual([{ name: 'HUB_DB_POOL_SIZE', message: 'must be at least 1' }]);
  });

  it('reads a .env file, with the real environment taking precedence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'PORT=8080\nHOST=0.0.0.0\nGITHUB_TOKENS=tok1\n');
    const c = loadConfig({ HOST: '127.0.0.2' }, { dotenvPath: file });
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.2');
    expect(c.githubTokens).toEqual(['tok1']);
  });

  it('treats empty variables as unset', () => {
    expect(load({ PORT: '', GITHUB_TOKENS: '' }).port).toBe(7474);
  });

  it('never echoes a token in its error message', () => {
    try {
      load({ GITHUB_TOKENS: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789 with space', PORT: 'x' });
    } catch (err) {
      expect((err as Error).message).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
      expect((err as ConfigError).problems.map((p) => p.name)).toContain('GITHUB_TOKENS');
      return;
    }
    throw new Error('expected a ConfigError');
  });
});

describe('the subnet services settings', () => {
  it('default to the subnet’s public services and CoinGecko, with no alpha price source', () => {
    expect(load({}).services).toEqual({
      apiUrl: 'https://api.gittensor.io',
      mirrorUrl: 'https://mirror.gittensor.io',
      alphaPriceUrl: null,
      taoPriceUrl: 'https://api.coingecko.com/api/v3/simple/price?ids=bittensor&vs_currencies=usd',
      timeoutMs: 15_000,
      minersIntervalSeconds: 300,
      pricesIntervalSeconds: 60,
      maintainersIntervalSeconds: 3600,
    });
  });

  it('take URLs without a trailing slash and report every bad value at once', () => {
    expect(load({ GITTENSOR_API_URL: 'http://127.0.0.1:1/api/' }).services.apiUrl).toBe('http://127.0.0.1:1/api');
    expect(problemsOf({ GITTENSOR_MIRROR_URL: 'mirror', HUB_ALPHA_PRICE_URL: 'ftp://x', HUB_PRICES_INTERVAL_SECONDS: '5' }).map((p) => p.name).sort()).toEqual([
      'GITTENSOR_MIRROR_URL', 'HUB_ALPHA_PRICE_URL', 'HUB_PRICES_INTERVAL_SECONDS',
    ]);
  });

  it('turn a service off with `off`, while unset still means the public service', () => {
    const s = load({ GITTENSOR_API_URL: 'off', GITTENSOR_MIRROR_URL: ' off ', HUB_TAO_PRICE_URL: 'off', HUB_ALPHA_PRICE_URL: 'off' }).services;
    expect([s.apiUrl, s.mirrorUrl, s.alphaPriceUrl, s.taoPriceUrl]).toEqual([null, null, null, null]);
    expect(load({ GITTENSOR_API_URL: '' }).services.apiUrl).toBe('https://api.gittensor.io');
    expect(problemsOf({ GITTENSOR_API_URL: 'of' })).toEqual([{ name: 'GITTENSOR_API_URL', message: 'must be an http(s) URL or off' }]);
  });
});

describe('loadConfig: the subnet section', () => {
  const load = (env: Record<string, string>) => loadConfig(env, { dotenvPath: null });

  it('defaults to the subnet values in force since the treasury was removed', () => {
    expect(load({}).subnet).toEqual({ minersShare: 0.9, burnShare: 0.05, servingShare: 0.05, roundMinutes: 120, weightSmoothing: 0.7 });
  });

  it('reads every subnet setting from the environment', () => {
    const c = load({ HUB_SUBNET_MINERS_SHARE: '0.85', HUB_SUBNET_BURN_SHARE: '0.1', HUB_SUBNET_SERVING_SHARE: '0', HUB_SUBNET_ROUND_MINUTES: '60', HUB_SUBNET_WEIGHT_SMOOTHING: '0.5' });
    expect(c.subnet).toEqual({ minersShare: 0.85, burnShare: 0.1, servingShare: 0, roundMinutes: 60, weightSmoothing: 0.5 });
  });

  it.each([
    [{ HUB_SUBNET_MINERS_SHARE: '1.2' }, 'HUB_SUBNET_MINERS_SHARE', /at most 1/],
    [{ HUB_SUBNET_BURN_SHARE: 'half' }, 'HUB_SUBNET_BURN_SHARE', /number from 0 to 1/],
    [{ HUB_SUBNET_ROUND_MINUTES: '0' }, 'HUB_SUBNET_ROUND_MINUTES', /at least 1/],
    [{ HUB_SUBNET_MINERS_SHARE: '0.95', HUB_SUBNET_BURN_SHARE: '0.05', HUB_SUBNET_SERVING_SHARE: '0.05' }, 'HUB_SUBNET_MINERS_SHARE', /sums to 1.05/],
  ])('refuses %o, naming %s', (env, name, message) => {
    try {
      load(env);
      expect.unreachable();
    } catch (err) {
      const problem = (err as ConfigError).problems.find((p) => p.name === name);
      expect(problem?.message).toMatch(message);
    }
  });
});

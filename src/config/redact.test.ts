import { describe, expect, it } from 'vitest';
import { captureLogger } from '../test/logs.ts';
import { loadConfig } from './config.ts';
import { redact, redactString, registerSecrets } from './redact.ts';

describe('token redaction', () => {
  it('masks configured secrets of any shape', () => {
    registerSecrets(['plainsecretvalue42']);
    expect(redactString('token=plainsecretvalue42; next')).toBe('token=[redacted]; next');
  });

  it('masks GitHub token shapes and bearer credentials even when not configured', () => {
    const classic = 'ghp_' + 'A'.repeat(36);
    const fine = 'github_pat_' + 'B'.repeat(60);
    const out = redactString(`a ${classic} b ${fine} c Authorization: Bearer xyz.abc.def-123 d token abcdefgh1234`);
    expect(out).not.toContain(classic);
    expect(out).not.toContain(fine);
    expect(out).not.toContain('xyz.abc.def-123');
    expect(out).not.toContain('abcdefgh1234');
  });

  it('redacts nested objects, authorization fields and errors', () => {
    const err = Object.assign(new Error('failed with ghp_' + 'C'.repeat(36)), { request: { headers: { authorization: 'token x' } } });
    const out = JSON.stringify(redact({ headers: { Authorization: 'token abc' }, nested: [{ err }] }));
    expect(out).not.toContain('CCCCCCCC');
    expect(out).not.toContain('token abc');
    expect(out).not.toContain('token x');
  });

  it('keeps every token out of every log line', () => {
    const tokens = ['ghp_' + 'D'.repeat(36), 'weird-token-without-shape-1234'];
    const config = loadConfig({ GITHUB_TOKENS: tokens.join(','), ADMIN_TOKEN: 'admin-secret-0123456789' }, { dotenvPath: null });
    const { logger, text } = captureLogger();
    logger.info({ config }, `starting with ${config.githubTokens.join(' ')}`);
    logger.error({ err: new Error(`upstream said bad credentials for ${tokens[1]}`) }, 'sync failed');
    logger.warn(`admin ${config.adminToken}`);
    const all = text();
    expect(all.length).toBeGreaterThan(100);
    for (const t of [...tokens, 'admin-secret-0123456789']) expect(all).not.toContain(t);
    expect(all).toContain('[redacted]');
  });
});

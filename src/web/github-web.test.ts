import { describe, expect, it } from 'vitest';
import { githubHref, githubWeb } from './github-web.ts';

describe('links to GitHub', () => {
  it('go to the configured web host, GitHub Enterprise included', () => {
    const ghe = githubWeb('live', 'https://ghe.example.com/');
    expect(githubHref(ghe, 'acme/tool')).toBe('https://ghe.example.com/acme/tool');
    expect(githubHref(ghe, 'acme/tool', { kind: 'pull', number: 57 })).toBe('https://ghe.example.com/acme/tool/pull/57');
    expect(githubHref(ghe, 'acme/tool', { kind: 'issue', number: 12 })).toBe('https://ghe.example.com/acme/tool/issues/12');
    expect(githubHref(githubWeb('live', 'https://github.com'), 'a/b', { kind: 'issue', number: 1 })).toBe('https://github.com/a/b/issues/1');
  });

  it('do not exist in demo mode, or before the host is known', () => {
    expect(githubHref(githubWeb('demo', 'https://github.com'), 'entrius/gittensor', { kind: 'issue', number: 3 })).toBeNull();
    expect(githubWeb('demo', 'https://github.com')).toEqual({ kind: 'demo' });
    expect(githubHref(githubWeb(undefined, 'https://github.com'), 'a/b')).toBeNull();
    expect(githubHref(githubWeb('live', undefined), 'a/b')).toBeNull();
  });
});

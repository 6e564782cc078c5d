import { describe, expect, it } from 'vitest';
import { captureLogger } from '../test/logs.ts';
import { GithubGateway } from './client.ts';

/** A gateway whose fetch answers from a function (no network). */
function gatewayAnswering(answer: (url: string, init: RequestInit) => Response) {
  const { logger } = captureLogger('warn');
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => answer(String(input), init)) as typeof globalThis.fetch;
  return new GithubGateway({ baseUrl: 'http://127.0.0.1:9', tokens: ['t-1'], logger, fetch, retryBaseMs: 1, timeoutMs: 1000 });
}

const json = (body: string, headers: Record<string, string> = {}) => new Response(body, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

describe('GithubGateway answers', () => {
  it('hands Octokit each JSON answer parsed once with JSON.parse (numbers stay numbers, however long)', async () => {
    const { octokit } = gatewayAnswering(() => json('[{"number": 7, "id": 12345678901234567890, "title": "é"}]')).session();
    const res = await octokit.request('GET /repos/{owner}/{repo}/issues', { owner: 'o', repo: 'r' });
    expect(res.data).toEqual([{ number: 7, id: JSON.parse('12345678901234567890') as number, title: 'é' }]);
    expect(typeof (res.data as { id: unknown }[])[0]!.id).toBe('number');
  });

  it('parses JSON answers to other methods (GraphQL) and leaves text answers text', async () => {
    const { octokit } = gatewayAnswering((url) =>
      url.endsWith('/graphql') ? json('{"data": {"viewer": {"login": "hub"}}}') : new Response('plain words', { status: 200, headers: { 'content-type': 'text/plain' } }),
    ).session();
    expect(await octokit.graphql('query { viewer { login } }')).toEqual({ viewer: { login: 'hub' } });
    expect((await octokit.request('GET /zen')).data).toBe('plain words');
  });

  it('still reports a JSON answer that does not parse, after its retries', async () => {
    let calls = 0;
    const { octokit } = gatewayAnswering(() => {
      calls++;
      return json('[{"number": 7,');
    }).session();
    await expect(octokit.request('GET /repos/{owner}/{repo}/issues', { owner: 'o', repo: 'r' })).rejects.toThrow(/not valid JSON/);
    expect(calls).toBeGreaterThan(1);
  });
});

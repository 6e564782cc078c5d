import { describe, expect, it, vi } from 'vitest';
import { captureLogger } from '../test/logs.ts';
import { GithubGateway } from './client.ts';

/** A gateway whose fetch answers from a function (no network). */
function gatewayAnswering(answer: (url: string, init: RequestInit) => Response, tokens = ['t-1']) {
  const { logger } = captureLogger('warn');
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => answer(String(input), init)) as typeof globalThis.fetch;
  return new GithubGateway({ baseUrl: 'http://127.0.0.1:9', tokens, logger, fetch, retryBaseMs: 1, timeoutMs: 1000 });
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

  it('reads and parses a GraphQL answer once, for the rate-limit check and the caller alike', async () => {
    const answer = '{"data": {"repository": {"pullRequests": {"nodes": [{"number": 1}, {"number": 2}]}}}}';
    const { octokit } = gatewayAnswering(() => json(answer)).session();
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(await octokit.graphql('query { repository { pullRequests { nodes { number } } } }')).toEqual({ repository: { pullRequests: { nodes: [{ number: 1 }, { number: 2 }] } } });
      expect(parse.mock.calls.filter(([text]) => text === answer)).toHaveLength(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('moves a GraphQL request off a token whose answer is RATE_LIMITED (HTTP 200) and answers from the next', async () => {
    const asked: string[] = [];
    const reset = Math.ceil(Date.now() / 1000) + 3600;
    const gateway = gatewayAnswering(
      (_url, init) => {
        const token = new Headers(init.headers).get('authorization')!;
        asked.push(token);
        return token === 'token t-1'
          ? json('{"data": null, "errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}', { 'x-ratelimit-reset': String(reset) })
          : json('{"data": {"viewer": {"login": "second"}}}');
      },
      ['t-1', 't-2'],
    );
    const { octokit, meter } = gateway.session();
    expect(await octokit.graphql('query { viewer { login } }')).toEqual({ viewer: { login: 'second' } });
    expect(asked).toEqual(['token t-1', 'token t-2']);
    expect(meter.retriedForLimits).toBe(1);
    // The spent token is left out until its reset: the next request goes to the other one at once.
    expect(await octokit.graphql('query { viewer { login } }')).toEqual({ viewer: { login: 'second' } });
    expect(asked).toEqual(['token t-1', 'token t-2', 'token t-2']);
  });

  it('reports a GraphQL answer that is not JSON, naming the request', async () => {
    const { octokit } = gatewayAnswering(() => json('{"data": {"viewer":')).session();
    await expect(octokit.graphql('query { viewer { login } }')).rejects.toThrow(/POST \/graphql with a body that is not valid JSON/);
  });
});

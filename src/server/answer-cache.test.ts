import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AnswerCache } from './answer-cache.ts';

const schema = z.object({ value: z.number(), doubled: z.number() });

/** A route whose answer is built from `rows.value`, as the miner routes build theirs from stored rows. */
async function app(rows: { value: number }) {
  const cache = new AnswerCache();
  let builds = 0;
  const server = Fastify();
  server.get('/thing', (request, reply) =>
    cache.send(request, reply, schema, JSON.stringify(rows), () => {
      builds++;
      return { value: rows.value, doubled: rows.value * 2 };
    }),
  );
  await server.ready();
  return { server, cache, builds: () => builds };
}

describe('AnswerCache', () => {
  it('builds once per set of inputs, answers the kept text after, and rebuilds the moment an input moves', async () => {
    const rows = { value: 3 };
    const { server, cache, builds } = await app(rows);
    const first = await server.inject({ url: '/thing' });
    expect(first.json()).toEqual({ value: 3, doubled: 6 });
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const second = await server.inject({ url: '/thing' });
    expect(second.body).toBe(first.body);
    expect(builds()).toBe(1);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);

    rows.value = 4;
    const third = await server.inject({ url: '/thing' });
    // Never the kept answer of the old rows: 4 doubled is 8.
    expect(third.json()).toEqual({ value: 4, doubled: 8 });
    expect(third.headers.etag).not.toBe(first.headers.etag);
    expect(builds()).toBe(2);
  });

  it('answers 304 to a current ETag before building anything, and 200 to an old one', async () => {
    const rows = { value: 1 };
    const { server, builds } = await app(rows);
    const etag = (await server.inject({ url: '/thing' })).headers.etag as string;
    expect((await server.inject({ url: '/thing', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    rows.value = 2;
    const changed = await server.inject({ url: '/thing', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(builds()).toBe(2);
  });

  it('checks a built answer against the schema and keeps nothing that fails it', async () => {
    const cache = new AnswerCache();
    const server = Fastify();
    server.get('/bad', (request, reply) => cache.send(request, reply, schema, 'rows', () => ({ value: 'not a number', doubled: 0 }) as unknown as z.input<typeof schema>));
    expect((await server.inject({ url: '/bad' })).statusCode).toBe(500);
    expect((await server.inject({ url: '/bad' })).statusCode).toBe(500);
    expect(cache.misses).toBe(2);
  });
});

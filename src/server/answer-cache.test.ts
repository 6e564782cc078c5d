import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
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

/** A route whose builds wait for `gate`, and `n` requests sent to it before the gate opens. */
async function gatedApp(build: (gate: Promise<void>, build: number) => Promise<z.input<typeof schema>>) {
  const cache = new AnswerCache();
  let builds = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const server = Fastify();
  server.get('/thing', (request, reply) => cache.send(request, reply, schema, 'rows', () => build(gate, ++builds)));
  await server.ready();
  const concurrently = async (n: number) => {
    const answers = Array.from({ length: n }, () => server.inject({ url: '/thing' }));
    await new Promise((r) => setTimeout(r, 20));
    release();
    return Promise.all(answers);
  };
  return { server, cache, builds: () => builds, concurrently };
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

  it('shares one kept answer between URLs only when told the inputs name everything the answer depends on', async () => {
    const byUrl = new AnswerCache();
    const byInputs = new AnswerCache();
    let builds = 0;
    const server = Fastify();
    const build = () => {
      builds++;
      return { value: 1, doubled: 2 };
    };
    server.get('/url', (request, reply) => byUrl.send(request, reply, schema, 'rows', build));
    server.get('/inputs', (request, reply) => byInputs.send(request, reply, schema, 'rows', build, { byInputsAlone: true }));
    await server.ready();
    const a = await server.inject({ url: '/inputs?a=1&b=2' });
    const b = await server.inject({ url: '/inputs?b=2&a=1' });
    expect([builds, byInputs.misses, byInputs.hits]).toEqual([1, 1, 1]);
    // Each URL keeps its own tag all the same.
    expect(a.headers.etag).not.toBe(b.headers.etag);
    await server.inject({ url: '/url?a=1&b=2' });
    await server.inject({ url: '/url?b=2&a=1' });
    expect([builds, byUrl.misses]).toEqual([3, 2]);
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

  it('builds once for concurrent misses of the same answer, every request getting it', async () => {
    const rows = { value: 5 };
    const t = await gatedApp(async (gate) => {
      // Every request arrives while the first build is still reading.
      await gate;
      return { value: rows.value, doubled: rows.value * 2 };
    });
    for (const a of await t.concurrently(8)) expect(a.json()).toEqual({ value: 5, doubled: 10 });
    expect(t.builds()).toBe(1);
    expect([t.cache.misses, t.cache.shared, t.cache.hits]).toEqual([1, 7, 0]);
  });

  it('fails every request that waited on a failed build, and builds again on the next', async () => {
    const t = await gatedApp(async (gate, build) => {
      if (build === 1) {
        await gate;
        throw new Error('store went away');
      }
      return { value: 1, doubled: 2 };
    });
    expect((await t.concurrently(3)).map((a) => a.statusCode)).toEqual([500, 500, 500]);
    expect((await t.server.inject({ url: '/thing' })).json()).toEqual({ value: 1, doubled: 2 });
    expect(t.builds()).toBe(2);
  });

  it('keeps the compressed bytes with the answer: compressed once per encoding, not per request', async () => {
    const text = 'validator crashes on restart '.repeat(100);
    const long = z.object({ text: z.string() });
    const cache = new AnswerCache();
    const server = Fastify();
    // Counts what the compression plugin itself compresses: a kept answer must reach it encoded.
    let pluginCompressed = 0;
    await server.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
    // (This hook runs before the plugin's: an unencoded text for a client that accepts an encoding is what it compresses.)
    server.addHook('onSend', async (request, reply, payload) => {
      if (typeof payload === 'string' && request.headers['accept-encoding'] && reply.getHeader('content-encoding') === undefined) pluginCompressed++;
      return payload;
    });
    server.get('/long', (request, reply) => cache.send(request, reply, long, 'rows', () => ({ text })));
    await server.ready();
    const get = (encoding?: string) => server.inject({ url: '/long', headers: encoding ? { 'accept-encoding': encoding } : {} });

    const br1 = await get('gzip, deflate, br');
    const br2 = await get('br;q=1, gzip;q=0.5');
    expect(br1.headers['content-encoding']).toBe('br');
    expect(br1.headers.vary).toContain('accept-encoding');
    expect(JSON.parse(brotliDecompressSync(br1.rawPayload).toString('utf8'))).toEqual({ text });
    // The same kept bytes, not a second compression.
    expect(br2.rawPayload.equals(br1.rawPayload)).toBe(true);
    const gz = await get('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'))).toEqual({ text });
    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual({ text });
    expect(pluginCompressed).toBe(0);
    // deflate is the plugin's to do.
    const deflated = await get('deflate');
    expect(deflated.headers['content-encoding']).toBe('deflate');
    expect(pluginCompressed).toBe(1);
    expect(cache.misses).toBe(1);
  });
});

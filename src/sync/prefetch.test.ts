import { describe, expect, it } from 'vitest';
import { prefetchEach } from './prefetch.ts';

describe('prefetchEach', () => {
  it('sends the next batch while the caller works on the current one, in order', async () => {
    const log: string[] = [];
    const fetch = async (batch: number[]) => {
      log.push(`send ${batch.join(',')}`);
      return batch.map((n) => n * 10);
    };
    for await (const [batch, answer] of prefetchEach([1, 2, 3, 4, 5], 2, fetch)) {
      log.push(`store ${batch.join(',')} -> ${answer.join(',')}`);
    }
    // Batches [1,2] [3,4] [5]; each next request is sent before the current batch is stored.
    expect(log).toEqual(['send 1,2', 'send 3,4', 'store 1,2 -> 10,20', 'send 5', 'store 3,4 -> 30,40', 'store 5 -> 50']);
  });

  it('sends nothing for no items', async () => {
    let sent = 0;
    for await (const _ of prefetchEach([], 3, async () => ++sent)) throw new Error('no batch expected');
    expect(sent).toBe(0);
  });

  it('a failed request surfaces after the batches before it were stored', async () => {
    const stored: number[][] = [];
    const fetch = async (batch: number[]) => {
      if (batch[0] === 3) throw new Error('upstream 502');
      return batch;
    };
    await expect(async () => {
      for await (const [batch] of prefetchEach([1, 2, 3, 4], 2, fetch)) stored.push(batch);
    }).rejects.toThrow('upstream 502');
    expect(stored).toEqual([[1, 2]]);
  });

  it('a caller that stops early leaves no unhandled rejection behind', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const fetch = async (batch: number[]) => {
        if (batch[0] === 2) throw new Error('never awaited');
        return batch;
      };
      for await (const [batch] of prefetchEach([1, 2], 1, fetch)) {
        expect(batch).toEqual([1]);
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

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

  it('with two ahead keeps two requests on their way, never more, and answers in order', async () => {
    const log: string[] = [];
    let inFlight = 0;
    let most = 0;
    // Answers come back in reverse order of asking: the generator still yields them in the batches' order.
    const fetch = (batch: number[]) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      log.push(`send ${batch.join(',')}`);
      return new Promise<number[]>((resolve) =>
        setTimeout(
          () => {
            inFlight -= 1;
            resolve(batch.map((n) => n * 10));
          },
          10 - batch[0]!,
        ),
      );
    };
    for await (const [batch, answer] of prefetchEach([1, 2, 3, 4, 5], 1, fetch, 2)) log.push(`store ${batch.join(',')} -> ${answer.join(',')}`);
    expect(log).toEqual(['send 1', 'send 2', 'send 3', 'store 1 -> 10', 'send 4', 'store 2 -> 20', 'send 5', 'store 3 -> 30', 'store 4 -> 40', 'store 5 -> 50']);
    expect(most).toBe(2);
  });

  it('with two ahead, a failed request surfaces after the batches before it were stored, and nothing is sent after the caller stopped', async () => {
    const sent: number[] = [];
    const stored: number[] = [];
    const fetch = async (batch: number[]) => {
      sent.push(batch[0]!);
      if (batch[0] === 3) throw new Error('upstream 502');
      return batch;
    };
    await expect(async () => {
      for await (const [batch] of prefetchEach([1, 2, 3, 4, 5, 6, 7], 1, fetch, 2)) stored.push(batch[0]!);
    }).rejects.toThrow('upstream 502');
    expect(stored).toEqual([1, 2]);
    // 3 and 4 were on their way while 2 was stored; 5 onwards were never asked for.
    expect(sent).toEqual([1, 2, 3, 4]);
  });

  it('a look-ahead below one is one', async () => {
    const log: string[] = [];
    const fetch = async (batch: number[]) => {
      log.push(`send ${batch[0]}`);
      return batch;
    };
    for await (const [batch] of prefetchEach([1, 2, 3], 1, fetch, 0)) log.push(`store ${batch[0]}`);
    expect(log).toEqual(['send 1', 'send 2', 'store 1', 'send 3', 'store 2', 'store 3']);
  });
});

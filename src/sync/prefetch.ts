/**
 * Batches with their answers, the next batch's request sent while the caller
 * stores the current one: a walk's fetch and write overlap instead of taking
 * turns. A request fails where the caller awaits it, after the batches before it
 * were stored, exactly as a plain loop would fail; the answer of a batch the
 * caller never reaches (it stopped, or threw) is dropped without an unhandled
 * rejection.
 */
export async function* prefetchEach<T, A>(items: readonly T[], size: number, fetch: (batch: T[]) => Promise<A>): AsyncGenerator<[T[], A]> {
  const batchAt = (i: number) => items.slice(i, i + size);
  const send = (batch: T[]) => {
    const answer = fetch(batch);
    answer.catch(() => {});
    return answer;
  };
  let pending = items.length > 0 ? send(batchAt(0)) : null;
  for (let i = 0; pending !== null; i += size) {
    const batch = batchAt(i);
    const answer = await pending;
    pending = i + size < items.length ? send(batchAt(i + size)) : null;
    yield [batch, answer];
  }
}

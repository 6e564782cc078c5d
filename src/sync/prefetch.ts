/**
 * Batches with their answers, up to `ahead` requests on their way while the
 * caller stores the current batch: a walk's fetches and writes overlap instead
 * of taking turns, and with more than one ahead the answering side never waits
 * for the caller to ask. Answers come in the batches' order. A request fails
 * where the caller awaits it, after the batches before it were stored, exactly
 * as a plain loop would fail; the answers of batches the caller never reaches
 * (it stopped, or threw) are dropped without an unhandled rejection, and no
 * request is sent after the caller stopped.
 */
export async function* prefetchEach<T, A>(items: readonly T[], size: number, fetch: (batch: T[]) => Promise<A>, ahead = 1): AsyncGenerator<[T[], A]> {
  const depth = Math.max(1, Math.floor(ahead));
  const queue: { batch: T[]; answer: Promise<A> }[] = [];
  let next = 0;
  const fill = () => {
    while (queue.length < depth && next < items.length) {
      const batch = items.slice(next, next + size);
      next += size;
      const answer = fetch(batch);
      answer.catch(() => {});
      queue.push({ batch, answer });
    }
  };
  fill();
  while (queue.length > 0) {
    const head = queue.shift()!;
    const answer = await head.answer;
    fill();
    yield [head.batch, answer];
  }
}

/**
 * The token-scoring thread: parses and diffs a pull request's files
 * (token-grammars.ts) off the worker's event loop, answering one request at a
 * time (see token-scorer.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { FileChangeInput } from '../core/tokens/index.ts';
import { scorePullRequestTokens } from './token-grammars.ts';

parentPort!.on('message', async (message: { id: number; files: FileChangeInput[] }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: await scorePullRequestTokens(message.files) });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});

import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../logger.ts';

/** A logger whose lines are kept in memory, for tests that assert on logs. */
export function captureLogger(level = 'trace'): { logger: Logger; lines: () => string[]; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger = createLogger({ level, destination });
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean), text: () => chunks.join('') };
}

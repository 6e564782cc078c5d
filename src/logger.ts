import { pino, type Logger } from 'pino';
import { redact, redactString } from './config/redact.ts';

export type { Logger };

/**
 * Structured JSON logs on stdout. Every argument passes through the redactor
 * before pino serialises it, so no code path can print a token by accident.
 */
export function createLogger(options: { level?: string; name?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      name: options.name ?? 'hub',
      base: { pid: process.pid },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? redactString(a) : redact(a))) as Parameters<typeof method>;
          return method.apply(this, cleaned);
        },
      },
      serializers: { err: (e: unknown) => redact(e) },
    },
    (options.destination ?? process.stdout) as pino.DestinationStream,
  );
}

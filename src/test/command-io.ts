import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../config/config.ts';

/** What a command-line test runs a command with: the store at `url` (a test store's URL, or a SQLite file path), quiet logs. */
export function commandConfig(url: string, env: Record<string, string> = {}): Config {
  return loadConfig({ DATABASE_URL: /^(sqlite|postgres(ql)?):/.test(url) ? url : `sqlite:${url}`, LOG_LEVEL: 'silent', ...env }, { dotenvPath: null });
}

/** A stream that keeps what a command writes. */
export function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** Runs `run(config, target, out, err)` and returns its exit code and output. */
export async function runCommand(run: (config: Config, target: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>, target: string, config: Config) {
  const out = sink();
  const err = sink();
  const code = await run(config, target, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

import { spawn, type ChildProcess } from 'node:child_process';

export interface HubProcess {
  c: ChildProcess;
  /** Everything it wrote so far, stdout and stderr interleaved. */
  output: () => string;
  exited: Promise<number | null>;
}

/** The hub's command line as a real child process, with only PATH and HOME from the test's environment. */
export function startHubProcess(env: Record<string, string>, command: [string, ...string[]] = [process.execPath, '--import', 'tsx', 'src/cli.ts', 'start']): HubProcess {
  const c = spawn(command[0], command.slice(1), { env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ...env } });
  let out = '';
  c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => c.on('exit', (code) => resolve(code)));
  return { c, output: () => out, exited };
}

/** Polls `fn` every 100 ms until it answers something truthy (errors count as not yet). */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

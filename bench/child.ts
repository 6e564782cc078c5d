import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * Benchmarks run each actor in a process of its own, as production does: the
 * simulator, the API server and the worker must not share an event loop with
 * the load generator, or the figures would measure the bench itself.
 */
export interface Child {
  proc: ChildProcess;
  request<T>(message: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/** Extra Node flags for every child, e.g. `BENCH_CHILD_NODE_ARGS='--cpu-prof --cpu-prof-dir=prof'` to profile each actor. */
const CHILD_NODE_ARGS = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);

export async function startChild<T>(script: string, args: string[], env: NodeJS.ProcessEnv = {}, niceness = 0): Promise<{ child: Child; ready: T }> {
  const proc = fork(fileURLToPath(new URL(script, import.meta.url)), args, { execArgv: ['--import', 'tsx', ...CHILD_NODE_ARGS], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // Background work runs at a lower priority, as `npm start` runs its worker.
  if (niceness && proc.pid) setPriority(proc.pid, niceness);
  let seq = 0;
  const pending = new Map<number, (v: unknown) => void>();
  const ready = await new Promise<T>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    proc.on('message', (m: { id?: number; ready?: T; reply?: unknown }) => {
      if (m.ready !== undefined) resolve(m.ready);
      if (m.id !== undefined) pending.get(m.id)?.(m.reply);
    });
  });
  return {
    ready,
    child: {
      proc,
      request: <R>(message: Record<string, unknown>) =>
        new Promise<R>((resolve) => {
          const id = ++seq;
          pending.set(id, resolve as (v: unknown) => void);
          proc.send({ ...message, id });
        }),
      stop: () =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null) return resolve();
          proc.once('exit', () => resolve());
          proc.kill('SIGTERM');
          setTimeout(() => proc.kill('SIGKILL'), 10_000).unref();
        }),
    },
  };
}

/** A child's resident memory: now, and the most it has held since it started. */
export interface ChildMemory {
  rss_bytes: number;
  peak_rss_bytes: number;
}

/**
 * The peak is sampled (`process.memoryUsage().rss` every 50 ms) rather than read from
 * `process.resourceUsage().maxRSS`: Linux carries ru_maxrss across the fork and exec that
 * start a child, so a child of a large bench process would report the parent's size.
 */
let peakRss = 0;
const sampleRss = () => {
  const rss = process.memoryUsage().rss;
  if (rss > peakRss) peakRss = rss;
  return rss;
};

/** Commands every child answers, besides its own. */
const BUILT_IN: Record<string, () => unknown> = {
  memory: (): ChildMemory => {
    const rss = sampleRss();
    return { rss_bytes: rss, peak_rss_bytes: peakRss };
  },
  /** CPU time the process has used so far, user and system, in microseconds. */
  cpu: (): number => {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
};

/** Inside a child: answer requests from the parent (its own commands, and `memory`). */
export function serveParent(handlers: Record<string, (m: Record<string, unknown>) => Promise<unknown> | unknown>): void {
  sampleRss();
  setInterval(sampleRss, 50).unref();
  process.on('message', async (m: { id: number; cmd: string }) => {
    const handler = handlers[m.cmd] ?? BUILT_IN[m.cmd];
    const reply = handler ? await handler(m as unknown as Record<string, unknown>) : { error: `unknown command ${m.cmd}` };
    process.send!({ id: m.id, reply });
  });
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

/**
 * Inside a child: the store the bench gave it, as DATABASE_URL in its environment
 * (`sqlite:<file>` or `postgres://…`). Required: a child never falls back to the
 * hub's default store.
 */
export function benchStoreUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('bench child started without DATABASE_URL');
  return url;
}

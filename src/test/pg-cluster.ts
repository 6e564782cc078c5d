import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder,
 * started with pg_ctl on a free loopback port and a private socket folder,
 * trust authentication (loopback only), durability off (a test cluster is
 * thrown away, so fsync buys nothing). PostgreSQL refuses to run as root, so
 * under root every command runs as the unprivileged `postgres` user Debian's
 * package creates. The benchmark asks for `durable: true` (see ClusterOptions).
 */
export interface Cluster {
  /** Superuser URL of the maintenance database. */
  url: string;
  stop(): void;
}

/** The newest installed PostgreSQL's bin folder (Debian keeps them under /usr/lib/postgresql/<major>/bin), or null. */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d) && existsSync(join(root, d, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(root, majors[0]!, 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const RUN_AS = 'postgres';

/** Runs a PostgreSQL binary, as the unprivileged user when this process is root. */
function run(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['setpriv', ['--reuid', RUN_AS, '--regid', RUN_AS, '--init-groups', '--', bin, ...args]] : [bin, args];
  const res = spawnSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (res.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed (${res.error?.message ?? `exit ${res.status}`}): ${res.stderr || res.stdout}`);
  }
}

export interface ClusterOptions {
  /**
   * Durability comparable to the SQLite store's (WAL, synchronous = NORMAL), for
   * the benchmark, instead of the tests' none. SQLite in that mode writes every
   * commit to its WAL without waiting for the disk, and flushes the WAL to disk at
   * checkpoints: a crash keeps the file consistent but may lose the last commits.
   * `fsync = on` and `full_page_writes = on` are what keep a PostgreSQL cluster
   * consistent through a crash (torn pages are restored from the WAL), and
   * `synchronous_commit = off` lets a commit return before its WAL is flushed (the
   * WAL writer flushes it within a few hundred milliseconds): the same trade, no
   * disk wait per commit, the last commits lost on a crash, never a broken store.
   * The tests' settings (all three off) would measure a store that no hub runs on.
   */
  durable?: boolean;
  /** `shared_buffers` (default 64MB, enough for the tests). */
  sharedBuffers?: string;
}

export async function startCluster(bin: string, opts: ClusterOptions = {}): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  const data = join(dir, 'data');
  const sockets = join(dir, 'sockets');
  // The cluster's user must own its folder; under root, hand the temporary folder over.
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', `${RUN_AS}:`, dir]);
  chmodSync(dir, 0o700);
  run(join(bin, 'initdb'), ['-D', data, '-U', 'hub', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '-N']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-c listen_addresses=127.0.0.1`,
    `-c unix_socket_directories=${sockets}`,
    `-c fsync=${opts.durable ? 'on' : 'off'}`,
    '-c synchronous_commit=off',
    `-c full_page_writes=${opts.durable ? 'on' : 'off'}`,
    '-c max_connections=400',
    `-c shared_buffers=${opts.sharedBuffers ?? '64MB'}`,
  ].join(' ');
  run('/bin/mkdir', ['-p', sockets]);
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  let stopped = false;
  return {
    url: `postgres://hub@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

// Redis and PostgreSQL for the queue-mode e2e, from Debian's packages (scripts/lib/tools.mjs installs them),
// started and stopped by the test itself: in temporary folders, on free loopback ports, PostgreSQL as an
// unprivileged user (the `postgres` account the package creates) when the test runs as root, since
// PostgreSQL refuses to run as root.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep, waitForPort } from '../../../scripts/lib/wait.mjs';

/** Debian's packages the queue-mode run needs. */
export const QUEUE_MODE_PACKAGES = ['redis-server', 'postgresql'];

/** redis-server on a free port, no persistence, its files in `dir`. */
export async function startRedis(dir) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', join(dir, 'redis.log')],
    { stdio: 'ignore' },
  );
  await waitForPort(port, 'redis-server');
  return {
    port,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

/** The newest PostgreSQL server binaries Debian installed (/usr/lib/postgresql/<version>/bin). */
function postgresBin() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error(`no PostgreSQL server under ${root}: install Debian's postgresql package`);
  return join(root, versions[0], 'bin');
}

/** Runs a PostgreSQL tool, as `postgres` when we are root; throws with its output on failure. */
function pgRun(bin, tool, args, asUser) {
  const cmd = asUser ? 'runuser' : join(bin, tool);
  const full = asUser ? ['-u', asUser, '--', join(bin, tool), ...args] : args;
  const r = spawnSync(cmd, full, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} exited with ${r.status}: ${(r.stderr || r.stdout).trim().slice(-600)}`);
  return r.stdout;
}

/**
 * A PostgreSQL cluster in a temporary folder of its own (the postgres account must reach it, so not inside
 * a root-only one) on a free port, trust authentication on loopback only, with database `database` owned
 * by user `user`. Returns its port and stop(), which also removes the folder.
 */
export async function startPostgres({ user = 'n8n', database = 'n8n' } = {}) {
  const bin = postgresBin();
  const asUser = process.getuid?.() === 0 ? 'postgres' : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'e2e-postgres-'));
  const data = join(dir, 'data');
  const sockets = join(dir, 'sockets');
  const logs = join(dir, 'logs');
  for (const p of [data, sockets, logs]) mkdirSync(p);
  if (asUser) {
    // The temporary folder above is root's: let the postgres account reach and own its own folders.
    chmodSync(dir, 0o755);
    const uid = Number(spawnSync('id', ['-u', asUser], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', asUser], { encoding: 'utf8' }).stdout.trim());
    for (const p of [data, sockets, logs]) chownSync(p, uid, gid);
  }
  const port = await freePort();
  pgRun(bin, 'initdb', ['-D', data, '-U', user, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], asUser);
  const log = join(logs, 'postgres.log');
  pgRun(
    bin,
    'pg_ctl',
    ['-D', data, '-l', log, '-w', '-t', '60', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${sockets} -c fsync=off`, 'start'],
    asUser,
  );
  try {
    pgRun(bin, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], asUser);
  } catch (err) {
    pgRun(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop'], asUser);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    user,
    database,
    log: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''),
    async stop() {
      try {
        pgRun(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], asUser);
      } catch {
        pgRun(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop'], asUser);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

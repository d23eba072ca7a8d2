// A private npm registry for the registry stage (test/e2e/registry/run.mjs): Verdaccio, pinned, installed
// into the tools cache like n8n (scripts/install-n8n.mjs), never into the workspace. It runs on the
// machine's Node (20), which Verdaccio 6 supports (its engines: node >= 20).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, step, toolsDir } from './tools.mjs';

export const VERDACCIO_VERSION = '6.8.0';

function verdaccioInstallDir() {
  return join(toolsDir(), `verdaccio-${VERDACCIO_VERSION}`);
}

/** The CLI script, run with `node`. */
function verdaccioBin() {
  return join(verdaccioInstallDir(), 'node_modules', 'verdaccio', 'bin', 'verdaccio');
}

/** Written after the last install step: its presence means a complete install. */
function readyMarker() {
  return join(verdaccioInstallDir(), '.installed');
}

function isVerdaccioInstalled() {
  return existsSync(readyMarker()) && existsSync(verdaccioBin());
}

/** Installs Verdaccio into the tools cache once (about 30 s from a warm npm cache); returns the CLI script. */
export async function ensureVerdaccio() {
  if (isVerdaccioInstalled()) return verdaccioBin();
  const dir = verdaccioInstallDir();
  await step(`npm install verdaccio@${VERDACCIO_VERSION} into ${dir}`, () => {
    rmSync(readyMarker(), { force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"onefichier-verdaccio-holder","private":true}\n');
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `verdaccio@${VERDACCIO_VERSION}`], {
      cwd: dir,
      log: join(dir, 'install.log'),
      isolated: true,
    });
    const version = run(process.execPath, [verdaccioBin(), '--version'], { isolated: true }).trim();
    if (!version.includes(VERDACCIO_VERSION))
      throw new Error(`expected Verdaccio ${VERDACCIO_VERSION}, it printed: ${version.slice(-200)}`);
    writeFileSync(readyMarker(), `${new Date().toISOString()}\n`);
  });
  return verdaccioBin();
}

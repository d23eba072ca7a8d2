#!/usr/bin/env node
// Installs the pinned real n8n (for the end-to-end tests) into the tool cache, outside the repository.
// Idempotent: finished steps are detected and skipped, so a second run takes a second.
// Usage: node scripts/install-n8n.mjs [--check]   (--check: exit 0 if installed, 1 if not; installs nothing)
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNode24, installerEnv, node24Dir, run, step } from './lib/tools.mjs';
import { N8N_VERSION, N8N_OVERRIDES, n8nBin, n8nInstallDir, n8nReadyMarker, isN8nInstalled } from './lib/n8n.mjs';

async function main() {
  if (process.argv.includes('--check')) {
    const ok = isN8nInstalled();
    process.stdout.write(
      ok
        ? `n8n ${N8N_VERSION} is installed in ${n8nInstallDir()}\n`
        : `n8n ${N8N_VERSION} is not installed; run: node scripts/install-n8n.mjs\n`,
    );
    process.exit(ok ? 0 : 1);
  }
  if (isN8nInstalled()) {
    process.stdout.write(`[setup] n8n ${N8N_VERSION}: already installed in ${n8nInstallDir()}\n`);
    return;
  }
  const nodeBin = await ensureNode24();
  const dir = n8nInstallDir();
  mkdirSync(dir, { recursive: true });
  // npm runs on Node 24 so engines checks and the sqlite3 rebuild target the right ABI.
  const env = {
    PATH: `${nodeBin}:${installerEnv().PATH}`,
    npm_config_nodedir: node24Dir(),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  if (!existsSync(n8nBin())) {
    await step(`npm install n8n@${N8N_VERSION} --ignore-scripts (about 5 minutes, 3 GB)`, () => {
      writeFileSync(
        join(dir, 'package.json'),
        `${JSON.stringify(
          {
            name: 'onefichier-n8n-holder',
            private: true,
            dependencies: { n8n: N8N_VERSION },
            overrides: N8N_OVERRIDES,
          },
          null,
          2,
        )}\n`,
      );
      // Native builds of optional connectors (kafka, oracledb, ...) try to download sources and fail here;
      // n8n runs without them. Only sqlite3 is needed, and is rebuilt in the next step.
      run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: dir,
        env,
        log: join(dir, 'install.log'),
        isolated: true,
      });
    });
  }
  const sqliteBinding = join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
  if (!existsSync(sqliteBinding)) {
    await step('rebuild sqlite3 from source against Node 24 (about 2 minutes)', () => {
      run('npm', ['rebuild', 'sqlite3', '--foreground-scripts'], { cwd: dir, env, log: join(dir, 'sqlite3-rebuild.log'), isolated: true });
      if (!existsSync(sqliteBinding)) throw new Error(`the rebuild finished but ${sqliteBinding} is missing`);
    });
  }
  await step('check that n8n starts (n8n --version)', () => {
    const out = run(join(nodeBin, 'node'), [n8nBin(), '--version'], { env, isolated: true }).trim();
    if (!out.includes(N8N_VERSION)) throw new Error(`expected version ${N8N_VERSION}, n8n printed: ${out.slice(-200)}`);
  });
  writeFileSync(n8nReadyMarker(), `${new Date().toISOString()}\n`);
  process.stdout.write(`[setup] n8n ${N8N_VERSION} ready: ${n8nBin()} (run it with ${join(nodeBin, 'node')})\n`);
}

main().catch((err) => {
  // step() prints the reason of a failed step; anything else is printed here. A partial marker never claims success.
  try {
    rmSync(n8nReadyMarker(), { force: true });
  } catch {
    /* nothing to clean */
  }
  if (!err?.reportedBySetupStep)
    process.stderr.write(
      `[setup] n8n install failed: ${err?.message ?? err}\n[setup] Run the same command again to retry; finished steps are kept.\n`,
    );
  process.exit(1);
});

#!/usr/bin/env node
// Installs real VS Code (code-server from npm) and Debian's chromium for the extension's e2e and
// integration tests, offline apart from the npm registry and Debian. Idempotent: a finished install is
// kept in the tool cache (see scripts/lib/tools.mjs) and the second run returns in milliseconds.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackages, run, step } from './lib/tools.mjs';
import { CODE_SERVER_VERSION, codeServerDir, codeServerEntry, CHROMIUM_PATH } from './lib/vscode.mjs';

// @vscode/ripgrep downloads its binary in a post-install step unless this archive is already cached.
// The names must match the @vscode/ripgrep version code-server pins (1.15.11 for VS Code 1.100).
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_BINARY_VERSION = 'v13.0.0-10';

function seedRipgrepCache() {
  const cacheDir = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const archive = join(cacheDir, `ripgrep-${RIPGREP_BINARY_VERSION}-x86_64-unknown-linux-musl.tar.gz`);
  if (existsSync(archive)) return;
  mkdirSync(cacheDir, { recursive: true });
  run('tar', ['czf', archive, '-C', '/usr/bin', 'rg']);
}

async function main() {
  const existing = codeServerEntry();
  if (existing) {
    process.stdout.write(`[setup] code-server ${CODE_SERVER_VERSION} already installed: ${existing}\n`);
    return;
  }
  // kerberos needs gssapi.h; Debian's rg stands in for the ripgrep download; chromium drives the UI.
  await ensureDebianPackages(['libkrb5-dev', 'ripgrep', 'chromium']);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing after installing chromium`);
  await step("seed the ripgrep cache with Debian's rg", seedRipgrepCache);

  const dir = codeServerDir();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"name":"code-server-holder","private":true}\n');
  await step(`npm install code-server@${CODE_SERVER_VERSION} (about 2 minutes)`, () => {
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--unsafe-perm', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: dir,
      log: join(dir, 'install.log'),
      isolated: true,
      // The machine's npm config says yes=false, which aborts node-pty's `npx node-gyp` post-install.
      env: { npm_config_yes: 'true' },
    });
  });
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', 'code-server', 'package.json'), 'utf8'));
  if (pkg.version !== CODE_SERVER_VERSION) throw new Error(`expected code-server ${CODE_SERVER_VERSION}, got ${pkg.version}`);
  writeFileSync(join(dir, '.installed'), `${new Date().toISOString()}\n`);
  process.stdout.write(`[setup] code-server ${CODE_SERVER_VERSION} ready: ${codeServerEntry()}\n`);
}

main().catch((err) => {
  process.stderr.write(`[setup] code-server install failed: ${err.message}\n`);
  process.exit(1);
});

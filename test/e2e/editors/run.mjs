#!/usr/bin/env node
// The editors stage: the language server's README setups for editors other than VS Code, run for real. The
// server is packed and installed the way the README says (`npm install -g`, here into a folder of the run),
// the editors come from Debian (apt-get, as the other tool installers do), and each editor's configuration
// is the README's own code block, copied as written (a block follows an `editors-stage:` marker comment).
// Each editor opens a Markdown file with two sandbox links, headless: the removed file's link must get a
// diagnostic, and a hover on the live one must name its file. Reports through scripts/lib/checks.mjs.
//
//   node test/e2e/editors/run.mjs [--only nvim,emacs-eglot,emacs-lsp-mode]
//
// Not run: nvim-lspconfig (a plugin, not in Debian: no plugin downloads here), Neovim 0.8 and newer and Helix
// (not in Debian 12). The README says which of its setups are untested.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDebianPackages, installerEnv } from '../../../scripts/lib/tools.mjs';
import { assert, createChecks } from '../../../scripts/lib/checks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const serverPackage = join(repoRoot, 'packages', 'language-server');
const README = join(serverPackage, 'README.md');
/** How long an editor may take to show both answers (the sandbox's pace makes a few calls wait). */
const EDITOR_TIMEOUT_MS = 90_000;

const EDITORS = {
  nvim: { packages: ['neovim'], block: 'nvim-0.7', run: runNeovim },
  'emacs-eglot': {
    packages: ['emacs-nox', 'elpa-eglot', 'elpa-markdown-mode'],
    block: 'emacs-eglot',
    run: (ctx) => runEmacs(ctx, 'emacs-eglot', 'emacs-check.el'),
  },
  'emacs-lsp-mode': {
    packages: ['emacs-nox', 'elpa-lsp-mode', 'elpa-markdown-mode'],
    block: 'emacs-lsp-mode',
    run: (ctx) => runEmacs(ctx, 'emacs-lsp-mode', 'emacs-lsp-mode-check.el'),
  },
};

/** The fenced code block that follows `<!-- editors-stage: <name> -->` in the README, as written. */
function readmeBlock(markdown, name) {
  const marker = `<!-- editors-stage: ${name} -->`;
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`${README} has no "${marker}" marker: put it on the line before the setup's code block`);
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(markdown.slice(at + marker.length));
  if (!match) throw new Error(`no code block after "${marker}" in ${README}`);
  return match[1];
}

/** A command run to completion without blocking the event loop (the sandbox lives in this process). */
function runAsync(cmd, args, { cwd, env, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const tail = (r) => `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-15).join('\n');

/** Builds the server and installs its packed tarball with `npm install -g` into `prefix`; returns its bin folder. */
async function installServer(work) {
  const build = await runAsync('pnpm', ['--filter', '@onefichier/language-server', 'run', 'build'], { cwd: repoRoot, env: process.env });
  assert(build.code === 0, `building the language server failed:\n${tail(build)}`);
  const packDir = join(work, 'pack');
  mkdirSync(packDir, { recursive: true });
  // Built just above: the package's prepack would only build again.
  const pack = await runAsync('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir], {
    cwd: serverPackage,
    env: installerEnv(),
  });
  assert(pack.code === 0, `npm pack failed:\n${tail(pack)}`);
  const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  assert(tarball, `npm pack wrote no tarball into ${packDir}`);
  const prefix = join(work, 'global');
  const install = await runAsync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', join(packDir, tarball)], {
    env: installerEnv(),
  });
  assert(install.code === 0, `npm install -g of the packed server failed:\n${tail(install)}`);
  const bin = join(prefix, 'bin');
  const version = spawnSync(join(bin, 'onefichier-language-server'), ['--version'], { encoding: 'utf8' });
  assert(version.status === 0, `onefichier-language-server --version exited ${version.status}: ${version.stderr}`);
  return { bin, version: version.stdout.trim() };
}

/** A removed file's link and a live one, in a Markdown file of a project folder. */
async function seedDocument(sandbox, work) {
  const key = sandbox.premiumKey;
  const liveName = 'editors-stage report.pdf';
  const liveUrl = await sandbox.uploadAsIs(key, liveName, Buffer.from('%PDF-1.7 seen from an editor'), 0);
  const deadUrl = await sandbox.uploadAsIs(key, 'editors-stage old.zip', Buffer.from('old'), 0);
  const res = await fetch(`${sandbox.apiBaseUrl}/file/rm.cgi`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ files: [{ url: deadUrl }] }),
  });
  const removed = await res.json();
  assert(removed.status === 'OK', `removing the dead link's file: ${JSON.stringify(removed)}`);
  const project = join(work, 'project');
  mkdirSync(join(project, '.git'), { recursive: true });
  const file = join(project, 'links.md');
  // Line 2 (0-based) holds the live link, line 4 the dead one.
  writeFileSync(file, `# Downloads\n\nThe report: [report](${liveUrl})\n\nAn old draft: ${deadUrl}\n`);
  return { project, file, liveName, liveId: liveUrl.split('?')[1], liveLine: 2, deadLine: 4 };
}

/** What every editor must have shown: a diagnostic on the dead link's line only, and a hover naming the live file. */
function checkAnswers(check, seen, doc) {
  return Promise.all([
    check('the dead link gets a diagnostic, the live one none', () => {
      assert(seen.errors.length === 0, `the editor's check reported: ${seen.errors.join('; ')}`);
      const diagnostics = seen.diagnostics ?? [];
      const dead = diagnostics.filter((d) => d.line === doc.deadLine);
      assert(dead.length > 0, `no diagnostic on line ${doc.deadLine + 1}; the editor had ${JSON.stringify(diagnostics)}`);
      assert(/no longer exists/.test(dead[0].message), `the diagnostic reads "${dead[0].message}"`);
      assert(!diagnostics.some((d) => d.line === doc.liveLine), `the live link got a diagnostic too: ${JSON.stringify(diagnostics)}`);
      return dead[0].message;
    }),
    check('a hover on the live link names its file', () => {
      // The hover is Markdown, with the name's punctuation escaped (`editors\-stage`).
      const shown = typeof seen.hover === 'string' ? seen.hover.replace(/\\(.)/g, '$1') : '';
      assert(shown.includes(doc.liveName), `the hover was ${JSON.stringify(seen.hover ?? null)}`);
      return shown.split('\n')[0];
    }),
  ]);
}

/** Reads the JSON an editor's check wrote; a missing file means the editor never got there. */
function readSeen(out, r) {
  try {
    return JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    throw new Error(`the editor wrote no result (exit ${r.code}${r.signal ? `, ${r.signal}` : ''}):\n${tail(r)}`);
  }
}

async function runNeovim({ env, home, doc, work }) {
  const configDir = join(home, '.config', 'nvim');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, 'init.lua'), readmeBlock(readFileSync(README, 'utf8'), 'nvim-0.7'));
  const out = join(work, 'nvim-result.json');
  const r = await runAsync('nvim', ['--headless', doc.file, '-c', `luafile ${join(here, 'nvim-check.lua')}`], {
    cwd: doc.project,
    env: { ...env, EDITOR_CHECK_OUT: out },
    timeoutMs: EDITOR_TIMEOUT_MS + 30_000,
  });
  const seen = readSeen(out, r);
  assert(
    seen.clients.includes('onefichier'),
    `no "onefichier" client attached to the buffer (clients: ${seen.clients.join(', ') || 'none'})`,
  );
  return seen;
}

/** Emacs with the README's `block` as its init file, then `checkFile` (eglot's or lsp-mode's check). */
async function runEmacs({ env, home, doc, work }, block, checkFile) {
  const configDir = join(home, '.emacs.d');
  rmSync(configDir, { recursive: true, force: true });
  mkdirSync(configDir, { recursive: true });
  const init = join(configDir, 'init.el');
  writeFileSync(init, readmeBlock(readFileSync(README, 'utf8'), block));
  const out = join(work, `${block}-result.json`);
  // --batch skips the init file: it is loaded as Emacs would, after the packages (Debian's elpa-*) are activated.
  const r = await runAsync('emacs', ['--batch', '--eval', '(package-activate-all)', '-l', init, '-l', join(here, checkFile)], {
    cwd: doc.project,
    env: { ...env, EDITOR_CHECK_OUT: out, EDITOR_CHECK_FILE: doc.file },
    timeoutMs: EDITOR_TIMEOUT_MS + 30_000,
  });
  const seen = readSeen(out, r);
  assert(seen.mode === 'markdown-mode', `the document opened in ${seen.mode}, not markdown-mode`);
  assert(seen.server, `${block}: no server connected to the document`);
  return seen;
}

const { check, group, finish } = createChecks({ stage: 'editors', timed: true });

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = values.only ? values.only.split(',') : Object.keys(EDITORS);
  const unknown = only.filter((e) => !(e in EDITORS));
  if (unknown.length) throw new Error(`unknown editor(s) ${unknown.join(', ')}; known: ${Object.keys(EDITORS).join(', ')}`);
  const work = mkdtempSync(join(tmpdir(), 'e2e-editors-'));
  let sandbox;
  try {
    await ensureDebianPackages(only.flatMap((e) => EDITORS[e].packages));
    let server;
    const ok = await check('the language server, packed and installed with npm install -g', async () => {
      const sandboxBuild = await runAsync('pnpm', ['--filter', '@onefichier/sandbox', 'run', 'build'], { cwd: repoRoot, env: process.env });
      assert(sandboxBuild.code === 0, `building the sandbox failed:\n${tail(sandboxBuild)}`);
      server = await installServer(work);
      return server.version;
    });
    if (!ok) return;
    const { startSandbox } = await import(join(repoRoot, 'test', 'sandbox', 'dist', 'index.js'));
    sandbox = await startSandbox({ dataDir: join(work, 'sandbox'), reset: true });
    const doc = await seedDocument(sandbox, work);
    // The key where the README's setups read it: a file only its owner can read.
    const home = join(work, 'home');
    mkdirSync(join(home, '.config', '1fichier'), { recursive: true });
    writeFileSync(join(home, '.config', '1fichier', 'api-key'), `${sandbox.premiumKey}\n`);
    chmodSync(join(home, '.config', '1fichier', 'api-key'), 0o600);
    const env = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_STATE_HOME: join(home, '.local', 'state'),
      XDG_CACHE_HOME: join(home, '.cache'),
      PATH: `${server.bin}${delimiter}${process.env.PATH}`,
      // The sandbox instead of api.1fichier.com, through the server's documented environment setting.
      ONEFICHIER_API_BASE_URL: sandbox.apiBaseUrl,
      ONEFICHIER_PACE_DIR: join(work, 'pace'),
      EDITOR_CHECK_LIVE_ID: doc.liveId,
      EDITOR_CHECK_TIMEOUT_MS: String(EDITOR_TIMEOUT_MS),
      TERM: 'dumb',
    };
    delete env.ONEFICHIER_API_KEY;
    for (const editor of only) {
      await group(editor, async () => {
        let seen;
        const started = await check(`the README's setup (${EDITORS[editor].block}) starts the server on the document`, async () => {
          seen = await EDITORS[editor].run({ env, home, doc, work });
        });
        if (started) await checkAnswers(check, seen, doc);
      });
    }
    // The key is read from the file by the editor's configuration: it must not have been written anywhere else.
    await check('no editor wrote the key into its logs or state', () => {
      const leaks = spawnSync('grep', ['-rl', '--exclude=api-key', '--', sandbox.premiumKey, home], { encoding: 'utf8' }).stdout.trim();
      assert(leaks === '', `the key is in ${leaks.split('\n').join(', ')}`);
    });
  } finally {
    await sandbox?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => finish(),
  (err) => finish(1, { crash: err }),
);

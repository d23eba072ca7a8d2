// Shared pieces of the real VS Code runs: build and pack the extension, start the sandbox, start
// code-server (VS Code from npm) with the packed .vsix installed, and drive it with Debian's chromium.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChecks } from '../../../scripts/lib/checks.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH, codeServerEntry } from '../../../scripts/lib/vscode.mjs';
import { freePort, sleep, waitForHttp } from '../../../scripts/lib/wait.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const extensionDir = join(root, 'packages', 'vscode-1fichier');
export const artifacts = join(root, 'test-artifacts', 'vscode');
const extensionRequire = createRequire(join(extensionDir, 'package.json'));

function run(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (res.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} exited with ${res.status ?? res.signal}\n${`${res.stdout ?? ''}\n${res.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n')}`,
    );
  }
  return res.stdout;
}

export function log(message) {
  process.stdout.write(`[e2e-vscode] ${message}\n`);
}

/** code-server installed (idempotent), the sandbox built, the extension packed: returns the .vsix path. */
export function prepare() {
  // Artefacts of an earlier run (failure screenshots...) would be mistaken for this run's.
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  if (!codeServerEntry()) {
    log('installing code-server (once; cached in the tool folder)');
    run(process.execPath, [join(root, 'scripts', 'install-code-server.mjs')], { stdio: 'inherit' });
  }
  log('building the sandbox and the language server, packing the extension');
  run('pnpm', ['--filter', '@onefichier/sandbox', 'run', 'build']);
  if (existsSync(join(root, 'packages', 'language-server', 'package.json'))) {
    spawnSync('pnpm', ['--filter', '@onefichier/language-server', 'run', 'build'], { cwd: root, encoding: 'utf8' });
  }
  run('pnpm', ['--filter', 'vscode-1fichier', 'run', 'package']);
  const vsix = join(extensionDir, 'dist', 'vscode-1fichier.vsix');
  if (!existsSync(vsix)) throw new Error(`packing did not produce ${vsix}`);
  return vsix;
}

export async function startSandbox() {
  const { startSandbox: start } = await import(join(root, 'test', 'sandbox', 'dist', 'index.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-vscode-sandbox-'));
  // Real limits except the per-second rate, which a UI run (many small listings) would trip by design.
  const sandbox = await start({ dataDir, limits: { ratePerSecond: 20, burst: 20 } });
  return { sandbox, dataDir };
}

/** One call to the sandbox's API, as the real service answers it. */
export async function api(sandbox, endpoint, body) {
  const res = await fetch(`${sandbox.apiBaseUrl}/${endpoint}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sandbox.premiumKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const json = await res.json();
  if (json.status === 'KO') throw new Error(`${endpoint}: ${json.message}`);
  return json;
}

/** Uploads one small file to the sandbox through its upload node (seeding, not under test). */
export async function seedUpload(sandbox, folderId, name, content) {
  const server = await (
    await fetch(`${sandbox.apiBaseUrl}/upload/get_upload_server.cgi`, {
      headers: { Authorization: `Bearer ${sandbox.premiumKey}`, 'Content-Type': 'application/json' },
    })
  ).json();
  const form = new FormData();
  form.set('did', String(folderId));
  form.set('file[]', new Blob([content]), name);
  const up = await fetch(`http://${server.url}/upload.cgi?id=${server.id}`, {
    method: 'POST',
    body: form,
    headers: { Authorization: `Bearer ${sandbox.premiumKey}` },
    redirect: 'manual',
  });
  if (up.status !== 302 && up.status !== 200) throw new Error(`seed upload answered ${up.status}`);
  const end = await (
    await fetch(`http://${server.url}/end.pl?xid=${server.id}`, { headers: { JSON: '1', Authorization: `Bearer ${sandbox.premiumKey}` } })
  ).json();
  return end.links[0].download;
}

/**
 * Starts code-server on 127.0.0.1 with the .vsix installed in a fresh profile. Returns its URL, the
 * folders, and stop() (the whole process group: an orphaned extension host was seen once).
 */
/** Settings every test window gets: no start-up editor, tips, trust prompt, telemetry or update checks. */
const QUIET_WORKBENCH = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'window.commandCenter': false,
};

/**
 * A display language without downloading its pack: code-server's `--locale` alone leaves extensions on
 * English (`vscode.env.language` stays 'en'), but a language pack registered in the profile's
 * languagepacks.json, here one with no translations, makes VS Code hand the locale to extensions, which then
 * load their own bundles. VS Code's own words stay English.
 */
function registerStandInLanguagePack(home, userData, locale) {
  const pack = join(home, `${locale}-pack`);
  mkdirSync(join(pack, 'translations'), { recursive: true });
  writeFileSync(join(pack, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(
    join(userData, 'languagepacks.json'),
    JSON.stringify({
      [locale]: {
        hash: `e2e-${locale}`,
        extensions: [{ extensionIdentifier: { id: `e2e.${locale}-stand-in` }, version: '0.0.1' }],
        translations: { vscode: join(pack, 'translations', 'main.i18n.json') },
        label: locale,
      },
    }),
  );
}

/**
 * `settings` are the test's own, added to QUIET_WORKBENCH. `workspaceTrust: true` keeps VS Code's workspace
 * trust on (with `security.workspace.trust.enabled` in `settings`), so a folder can open in Restricted Mode.
 * `locale` (e.g. 'fr') starts VS Code in that display language (registerStandInLanguagePack).
 */
export async function startCodeServer({ vsix, settings, env = {}, workspace, workspaceTrust = false, locale }) {
  const entry = codeServerEntry();
  if (!entry) throw new Error('code-server is not installed; run node scripts/install-code-server.mjs');
  const home = mkdtempSync(join(tmpdir(), 'e2e-vscode-'));
  const userData = join(home, 'user-data');
  const extensions = join(home, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_WORKBENCH, ...settings }, null, 2));
  const config = join(home, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  run(process.execPath, [entry, '--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', vsix]);
  if (locale) registerStandInLanguagePack(home, userData, locale);
  const port = await freePort();
  const logFile = join(artifacts, 'code-server.log');
  const child = spawn(
    process.execPath,
    [
      entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...(locale ? ['--locale', locale] : []),
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      '--config',
      config,
      workspace,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    },
  );
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, {
      timeoutMs: 60_000,
      accept: (res) => res.ok,
      isAlive: () => child.exitCode === null,
      what: 'code-server',
    });
  } catch (err) {
    throw new Error(`${err.message}:\n${output.slice(-3000)}`);
  }
  return {
    url,
    port,
    home,
    /** The last lines of the extension's "1fichier" output channel, as VS Code has written it so far. */
    extensionLogTail: (lines = 25) => extensionLogTail(join(userData, 'logs'), lines),
    stop: async () => {
      writeFileSync(logFile, output);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await sleep(500);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      // VS Code's own logs (the extension's "1fichier" output channel among them) are kept for CI.
      rmSync(join(artifacts, 'vscode-logs'), { recursive: true, force: true });
      if (existsSync(join(userData, 'logs'))) cpSync(join(userData, 'logs'), join(artifacts, 'vscode-logs'), { recursive: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The newest `1fichier.log` under VS Code's logs folder (one per session and extension host), its last lines. */
function extensionLogTail(logsDir, lines) {
  if (!existsSync(logsDir)) return '';
  const logs = readdirSync(logsDir, { recursive: true })
    .map(String)
    .filter((p) => p.endsWith(join('onefichier-toolkit.vscode-1fichier', '1fichier.log')))
    .map((p) => join(logsDir, p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return logs[0] ? readFileSync(logs[0], 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '';
}

export async function launchBrowser() {
  const { chromium } = extensionRequire('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * The checks of a UI run (scripts/lib/checks.mjs), one after the other: after the first failure the rest are
 * reported as not run, since each step starts where the one before left the window. A failure saves a
 * screenshot of the page (`getPage()`, when there is one) as `<prefix><n>.png` in the artefacts and prints
 * `getLogTail()` (when given), so a CI log says what the extension was doing.
 */
export function uiChecks(stage, getPage, screenshotPrefix, getLogTail = () => '') {
  return createChecks({
    stage,
    timed: true,
    write: log,
    stopAfterFailure: true,
    onFailure: async (_name, index) => {
      const file = join(artifacts, `${screenshotPrefix}${index}.png`);
      await getPage()
        ?.screenshot({ path: file })
        .catch(() => undefined);
      log(`     screenshot: ${file}`);
      const tail = getLogTail();
      if (tail) log(`     the extension's log, last lines:\n${tail.replace(/^/gm, '       ')}`);
    },
  });
}

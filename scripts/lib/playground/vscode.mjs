// Runs real VS Code (code-server, from the tool cache) with the 1fichier extension installed from its
// .vsix, the extension's base URL setting pointed at the sandbox (or the real service) and the key in its
// secret storage (the sandbox's, through the playground helper) or in the environment (a real key), on a
// workspace folder with a few files to try uploads with.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { step } from '../tools.mjs';
import { runAsync } from './run-async.mjs';
import { codeServerEntry } from '../vscode.mjs';
import { HOST, waitForHttp } from '../wait.mjs';
import { generatePassword, loadOrCreate } from './secrets.mjs';
import { WORKSPACE_FILES } from './workspace-files.mjs';
import { packHelperExtension } from './vsix.mjs';

const HELPER_DIR = join(dirname(fileURLToPath(import.meta.url)), 'helper-extension');

function fileSha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Installs the .vsix into the playground's extensions folder when it changed since the last install. */
async function installExtension({ entry, extensionsDir, userDataDir, vsix, logDir, extraVsix = [] }) {
  const stamp = join(extensionsDir, '.playground-installed.sha256');
  const files = [vsix, ...extraVsix];
  const digest = files.map(fileSha256).join(',');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) return;
  await step('VS Code: install the 1fichier extension', async () => {
    for (const file of files) {
      await runAsync(
        process.execPath,
        [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', file, '--force'],
        {
          log: join(logDir, `vscode-install-${basename(file, '.vsix')}.log`),
        },
      );
    }
  });
  writeFileSync(stamp, `${digest}\n`);
}

/**
 * Sets the playground's settings in the user settings.json, keeping whatever else the user set there.
 * A file that is not plain JSON (comments) is kept as settings.json.bak and replaced.
 */
function writeUserSettings(userDataDir, apiBaseUrl) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'settings.json');
  let settings = {};
  if (existsSync(file)) {
    try {
      settings = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      copyFileSync(file, `${file}.bak`);
    }
  }
  Object.assign(settings, {
    'onefichier.apiBaseUrl': apiBaseUrl,
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
  });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

/** The folder VS Code opens: a README saying what to try, and files to upload. Existing files are kept. */
function prepareWorkspace(dir, { realService }) {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(WORKSPACE_FILES({ realService }))) {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    if (!existsSync(file) || name === 'README.md') writeFileSync(file, content);
  }
}

/**
 * Starts code-server under the supervisor; resolves once the workbench page answers.
 * @returns {Promise<{url:string, password:string, folder:string}>}
 */
export async function startVscode({ supervisor, playgroundDir, port, vsix, apiKey, apiBaseUrl, realService }) {
  const entry = codeServerEntry();
  if (!entry)
    throw new Error('code-server is not installed; the installer step should have run first (node scripts/install-code-server.mjs).');
  const dir = join(playgroundDir, 'vscode');
  const extensionsDir = join(dir, 'extensions');
  const userDataDir = join(dir, 'user-data');
  const workspace = join(playgroundDir, 'workspace');
  const logDir = join(playgroundDir, 'logs');
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  // The helper opens the 1fichier view on start-up; it is installed after the extension it depends on.
  const helperVsix = packHelperExtension(HELPER_DIR, ['extension.js'], join(dir, 'playground-helper.vsix'));
  await installExtension({ entry, extensionsDir, userDataDir, vsix, logDir, extraVsix: [helperVsix] });
  writeUserSettings(userDataDir, apiBaseUrl);
  prepareWorkspace(workspace, { realService });
  // code-server on loopback without a password would hand a shell to every local user: keep one.
  const { password } = loadOrCreate(join(dir, 'password.json'), () => ({ password: generatePassword() }));
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, `bind-addr: ${HOST}:${port}\nauth: password\ncert: false\n`);

  const child = supervisor.start(
    'VS Code',
    process.execPath,
    [
      entry,
      '--config',
      configFile,
      '--bind-addr',
      `${HOST}:${port}`,
      '--auth',
      'password',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      workspace,
    ],
    {
      // The extension sends the key to a host other than the real service's only once confirmed; the
      // playground's own sandbox is confirmed here (packages/vscode-1fichier/src/apiHosts.ts).
      // The sandbox's key goes to the playground helper, which puts it in the extension's secret storage (so
      // "1fichier: Clear API Key" and the welcome view work as for a user); the real key stays in the
      // environment it came from.
      env: {
        PASSWORD: password,
        ...(realService
          ? { ONEFICHIER_API_KEY: apiKey }
          : { ONEFICHIER_PLAYGROUND_API_KEY: apiKey, ONEFICHIER_CONFIRMED_API_HOSTS: apiBaseUrl }),
      },
      log: join(logDir, 'vscode.log'),
      ports: [port],
    },
  );
  const url = `http://${HOST}:${port}`;
  await step('VS Code: start code-server', () =>
    waitForHttp(`${url}/healthz`, {
      timeoutMs: 90_000,
      accept: (res) => res.status === 200,
      isAlive: () => !child.exited,
      what: 'code-server',
    }),
  );
  return { url: `${url}/?folder=${encodeURI(workspace)}`, password, folder: workspace };
}

// Where the project's code-server (real VS Code, from npm) lives, shared by its installer and the e2e runs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { toolsDir } from './tools.mjs';

/** code-server 4.100.3 is VS Code 1.100.3 and runs on Node 20; engines.vscode of the extension is ^1.100.0. */
export const CODE_SERVER_VERSION = process.env.ONEFICHIER_CODE_SERVER_VERSION || '4.100.3';

/** The version's own folder in the tool cache. */
export function codeServerDir(version = CODE_SERVER_VERSION) {
  return join(toolsDir(), `code-server-${version}`);
}

/** The code-server launcher script (run it with node), or null when not installed. */
export function codeServerEntry(version = CODE_SERVER_VERSION) {
  const dir = codeServerDir(version);
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  return existsSync(join(dir, '.installed')) && existsSync(entry) ? entry : null;
}

/** Debian's chromium, driven by playwright-core (no browser download). */
export const CHROMIUM_PATH = process.env.ONEFICHIER_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

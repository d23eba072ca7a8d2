// Where the project's real n8n lives and how to call it. The install recipe (pinned version, the linkedom
// override, --ignore-scripts, a source rebuild of sqlite3 against Node 24's headers) is in
// shared/n8n-notes.md §6: n8n@latest cannot be installed from this registry, 2.41.1 can.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { node24Dir, toolsDir, NODE24_VERSION } from './tools.mjs';

export const N8N_VERSION = '2.41.1';
/** linkedom 0.18.15 needs cssomnom, which the registry does not have. */
export const N8N_OVERRIDES = { linkedom: '0.18.14' };

export function n8nInstallDir() {
  return join(toolsDir(), `n8n-${N8N_VERSION}`);
}

export function n8nBin() {
  return join(n8nInstallDir(), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Node 24's bin folder (n8n 2.x refuses older Node). */
export function node24Bin() {
  return join(node24Dir(), 'bin');
}

/** The marker written after the last install step: its presence means a complete install. */
export function n8nReadyMarker() {
  return join(n8nInstallDir(), '.installed');
}

export function isN8nInstalled() {
  return existsSync(n8nReadyMarker()) && existsSync(n8nBin()) && existsSync(join(node24Bin(), 'node'));
}

export { NODE24_VERSION };

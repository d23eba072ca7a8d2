// Where the project's real n8n lives and how to call it. The install recipe (pinned version, the linkedom
// override, --ignore-scripts, a source rebuild of sqlite3 against Node 24's headers) is run by
// scripts/install-n8n.mjs; the version is pinned because n8n@latest cannot be installed from this registry,
// 2.41.1 can.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { node24Dir, toolsDir } from './tools.mjs';

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

/**
 * The environment shared by every headless n8n this project starts (tests, benchmark, playground): its own
 * user folder and ports on loopback, our node loaded from `extensions`, no telemetry or calls home.
 * Callers add what is theirs (encryption key, binary-data mode, log level...).
 */
export function loopbackN8nEnv({ userFolder, extensions, port, brokerPort = port + 1 }) {
  return {
    PATH: `${node24Bin()}:${process.env.PATH}`,
    N8N_USER_FOLDER: userFolder,
    N8N_CUSTOM_EXTENSIONS: extensions,
    DB_TYPE: 'sqlite',
    N8N_HOST: '127.0.0.1',
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_PORT: String(port),
    N8N_RUNNERS_BROKER_PORT: String(brokerPort),
    N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
    N8N_SECURE_COOKIE: 'false',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
  };
}

/**
 * A headless n8n of the tests and the benchmark: loopbackN8nEnv on top of this process's environment, files
 * read only in `filesDir`, binary data kept on disk (n8n's memory stays flat with large files), the log at
 * info (where `execute --rawOutput` prints its result), and none of this process's NODE_OPTIONS.
 */
export function headlessN8nEnv({ userFolder, extensions, filesDir, port, brokerPort, encryptionKey }) {
  return {
    ...process.env,
    ...loopbackN8nEnv({ userFolder, extensions, port, brokerPort }),
    N8N_ENCRYPTION_KEY: encryptionKey,
    N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
    N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
    N8N_LOG_LEVEL: 'info',
    NODE_OPTIONS: '',
  };
}

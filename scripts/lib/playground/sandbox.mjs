// Runs the sandbox (test/sandbox's CLI) under the supervisor and reads its address and key from the first
// lines it prints ("API base URL: <url>", "API key: <key>").
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { step } from '../tools.mjs';
import { logTail } from './supervisor.mjs';

const STARTUP_TIMEOUT_MS = 30_000;

/**
 * The real service allows one listing per folder per 30 s and locks the IP for a minute past that. Each
 * client paces itself, but n8n and VS Code are separate clients on one IP that cannot see each other's
 * calls: opening the VS Code view and clicking "Execute workflow" within 30 s would lock both out. The
 * playground's sandbox therefore tolerates a listing per folder every 5 s; every other limit is real.
 */
const PLAYGROUND_FOLDER_LIST_WINDOW_MS = 5_000;

/** True when the data folder is missing or empty: the sandbox will start with an empty account. */
export function isFreshDataDir(dataDir) {
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/**
 * @returns {Promise<{apiBaseUrl:string, apiKey:string, port:number}>}
 */
export async function startSandbox({ supervisor, repoRoot, playgroundDir, port, dataDir, reset }) {
  const cli = join(repoRoot, 'test', 'sandbox', 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`the sandbox's build is missing at ${cli}`);
  const log = join(playgroundDir, 'logs', 'sandbox.log');
  let apiBaseUrl;
  let apiKey;
  let onReady;
  const ready = new Promise((r) => {
    onReady = r;
  });
  const args = [
    cli,
    '--port',
    String(port),
    '--upload-port',
    String(port + 1),
    '--download-port',
    String(port + 2),
    '--data-dir',
    dataDir,
    '--folder-list-window-ms',
    String(PLAYGROUND_FOLDER_LIST_WINDOW_MS),
  ];
  if (reset) args.push('--reset');
  const entry = supervisor.start('sandbox', process.execPath, args, {
    cwd: repoRoot,
    log,
    ports: [port, port + 1, port + 2],
    onLine: (line) => {
      const url = /^API base URL:\s*(\S+)/.exec(line);
      const key = /^API key:\s*(\S+)/.exec(line);
      if (url) apiBaseUrl = url[1];
      if (key) apiKey = key[1];
      if (apiBaseUrl && apiKey) onReady();
    },
  });
  return step('start the sandbox', async () => {
    let timer;
    const exited = new Promise((_, reject) =>
      entry.child.once('exit', (code, signal) =>
        reject(new Error(`the sandbox exited (${signal ?? code}) before it was ready. Its log (${log}) ends with:\n${logTail(log)}`)),
      ),
    );
    exited.catch(() => {
      /* a later exit is the supervisor's business */
    });
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the sandbox printed no address within ${STARTUP_TIMEOUT_MS / 1000} s; see ${log}`)),
        STARTUP_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([ready, exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return { apiBaseUrl, apiKey, port };
  });
}

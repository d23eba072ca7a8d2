// Runs the sandbox (test/sandbox's CLI) under the supervisor and reads its address and key from the first
// lines it prints ("API base URL: <url>", "API key: <key>").
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { step } from '../tools.mjs';
import { logTail } from './supervisor.mjs';

const STARTUP_TIMEOUT_MS = 30_000;

// The sandbox keeps the service's real limits (its default profile). VS Code and the language server share
// the machine's pace through the core's pace ledger; n8n, which cannot use it, takes its share through its
// credential's "Processes Sharing This Key" (n8n-example.mjs).

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
  const args = [cli, '--port', String(port), '--upload-port', String(port + 1), '--download-port', String(port + 2), '--data-dir', dataDir];
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

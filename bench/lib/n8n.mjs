// What the bench's real-n8n groups (groups/n8n.mjs, groups/n8n-grouping.mjs) share: n8n's environment on
// loopback with filesystem binary data, its CLI, and the peak memory of a process.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headlessN8nEnv, n8nBin, node24Bin } from '../../scripts/lib/n8n.mjs';
import { MiB } from './stats.mjs';

/** n8n on loopback, reading files only in `filesDir`, keeping binary data on disk (its memory stays flat). */
export function n8nEnv(userFolder, filesDir, extensions, port, brokerPort) {
  return headlessN8nEnv({ userFolder, extensions, filesDir, port, brokerPort, encryptionKey: 'bench-onefichier-encryption-key' });
}

/** One n8n CLI command (import:credentials, import:workflow…); its stdout, or an error with its last lines. */
export function n8nCommand(args, env) {
  const r = spawnSync(join(node24Bin(), 'node'), [n8nBin(), ...args], { env, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * MiB });
  if (r.status !== 0)
    throw new Error(
      `n8n ${args[0]} exited with ${r.status ?? r.signal}: ${`${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-3).join(' ')}`,
    );
  return r.stdout;
}

/** Reads VmHWM (peak resident set) of a live process in kB, or undefined once it is gone. */
export function peakKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

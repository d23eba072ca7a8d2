// The sandbox for a benchmark group, in a process of its own (its CPU and memory are not the client's),
// driven over IPC by bench/src/sandbox-host.ts.
import { mkdirSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { startHelper } from './child.mjs';

const shmRoot = () => join('/dev/shm', `onefichier-bench-${process.pid}`);

/** Removes this run's folder in /dev/shm (RAM): called when the run ends. */
export function removeShmFolder() {
  rmSync(shmRoot(), { recursive: true, force: true });
}

/**
 * Where the sandbox stores uploads: a RAM-backed folder when one has room, so the figures measure the
 * client and the wire rather than the disk's writeback, else bench/tmp.
 */
export function sandboxDataDir(ctx, name, needBytes) {
  try {
    const s = statfsSync('/dev/shm');
    if (s.bavail * s.bsize > needBytes + 512 * 1024 * 1024) {
      const dir = join(shmRoot(), name);
      mkdirSync(dir, { recursive: true });
      return dir;
    }
  } catch {
    // No /dev/shm (not Linux): use the disk.
  }
  return join(ctx.tmp, 'sandbox', name);
}

/**
 * Starts a sandbox. `paced: false` lifts the rate limits (transfers, listings); otherwise `profile` (default
 * documented) and `limits` are the sandbox's rate-limit configuration (the limiter and multiprocess figures).
 * `hashUploads: false` is the benchmark-only node that stores uploads without hashing them, so an upload
 * figure measures the sender.
 */
export async function startBenchSandbox(ctx, { paced, limits = {}, dataDir, profile, premiumKeys, hashUploads = true, label = 'sandbox' }) {
  const helper = await startHelper(ctx.workers['sandbox-host'], { paced, limits, dataDir, profile, premiumKeys, hashUploads }, { label });
  const stop = helper.stop;
  helper.stop = async () => {
    await stop();
    // Uploads of the big file are gigabytes: never leave them behind.
    rmSync(dataDir, { recursive: true, force: true });
  };
  return helper;
}

/**
 * The requests the client's IP-wide lanes carried between two readings of the sandbox's counters (its
 * `requests` op): get_token, file/info, and listings (file/ls and folder/ls share one lane).
 */
export function laneRequests(before, after) {
  const n = (endpoint) => (after[endpoint] ?? 0) - (before[endpoint] ?? 0);
  return { token: n('download/get_token.cgi'), info: n('file/info.cgi'), listing: n('file/ls.cgi') + n('folder/ls.cgi') };
}

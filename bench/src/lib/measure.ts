// What every benchmark worker measures about itself: CPU time, peak RSS, the main thread's scheduler
// account, and the time of the upload POST alone (the part curl's figure covers).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { HttpTransport } from '@onefichier/core';

export function peakRssKiB(): number {
  return process.resourceUsage().maxRSS;
}

/**
 * The main thread's scheduler account (Linux /proc/self/schedstat): ms on a CPU and ms runnable but
 * waiting for one. Wall time minus both is time asleep, waiting for I/O: a pipeline stall. Undefined
 * elsewhere than Linux.
 */
export function schedMs(): { runMs: number; waitMs: number } | undefined {
  try {
    const [run, wait] = readFileSync('/proc/self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
    return { runMs: run! / 1e6, waitMs: wait! / 1e6 };
  } catch {
    return undefined;
  }
}

export function schedSince(before: ReturnType<typeof schedMs>, wallMs: number) {
  const after = schedMs();
  if (!before || !after) return undefined;
  const runMs = after.runMs - before.runMs;
  const waitMs = after.waitMs - before.waitMs;
  return { runMs, waitMs, sleepMs: Math.max(0, wallMs - runMs - waitMs) };
}

/** CPU time (user + system, all threads) of this process since `since`, in ms. */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/**
 * A transport that times the upload POST (from handing the request over to the node's answer), so an
 * upload figure can compare what curl does (one POST) with what the client does for it, apart from
 * get_upload_server and end.pl.
 */
export function timingPost(base: HttpTransport): { transport: HttpTransport; postMs: () => number } {
  let postMs = 0;
  const transport: HttpTransport = async (req) => {
    if (!/\/upload\.cgi\?/.test(req.url)) return base(req);
    const t0 = performance.now();
    try {
      return await base(req);
    } finally {
      postMs += performance.now() - t0;
    }
  };
  return { transport, postMs: () => postMs };
}

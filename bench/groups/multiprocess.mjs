// multiprocess_flood_locks and multiprocess_efficiency: 4 processes x 2 keys on one IP, 300 calls in all,
// against the sandbox's default profile at its default limits (3 calls/s per IP, bucket of 10, 60 s lock),
// each process with the client's default limits and the machine's pace ledger (a folder of this run).
//
// The processes coordinate through nothing but the ledger file: without it each would pace itself alone
// (8 clients at 2 calls/s against a 3/s bucket: a lock within seconds). Theoretical minimum: the 300 calls
// through the one IP's pace at the client's default spacing, (300 - 1) x 500 ms, or the file/info and listing
// calls through their own IP-wide lanes, (n - 1) x their spacing, whichever is longest. The client
// deliberately stays under the service's 3/s (see the core README, "Pacing"), so its own pace is the bound;
// the sandbox's bound, (300 - 10) / 3 s, is recorded beside it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { round } from '../lib/stats.mjs';
import { laneRequests, sandboxDataDir, startBenchSandbox } from '../lib/sandbox.mjs';

const PROCESSES = 4;
const KEYS = ['BenchMultiKeyOne0123456789abcdefg', 'BenchMultiKeyTwo0123456789abcdefg'];
/** The client's default spacing between two calls from one IP (DEFAULT_LIMITS.minIntervalMs). */
const CLIENT_PACE_MS = 500;
const SANDBOX_RATE = 3;
const SANDBOX_BURST = 10;

export async function multiprocessGroup(ctx) {
  const calls = ctx.cfg.multiprocessCalls;
  const sandbox = await startBenchSandbox(ctx, {
    paced: true,
    profile: 'default',
    premiumKeys: KEYS,
    dataDir: sandboxDataDir(ctx, 'multiprocess', 64 * 1024 * 1024),
  });
  const paceDir = mkdtempSync(join(tmpdir(), 'onefichier-bench-pace-'));
  try {
    const { apiBase } = sandbox.info;
    // Every process sets up its files first (untimed), then all start at the same instant.
    const startAt = Date.now() + 15_000;
    const before = await sandbox.call('requests');
    const perProcess = Array.from({ length: PROCESSES }, (_, i) => Math.floor(calls / PROCESSES) + (i < calls % PROCESSES ? 1 : 0));
    const results = await Promise.all(
      perProcess.map((n, i) =>
        ctx.clientWorker(
          { op: 'multiprocess', apiBase, keys: KEYS, calls: n, paceDir, startAt, name: `p${i}` },
          `multiprocess ${i + 1}/${PROCESSES}`,
          15_000 + calls * CLIENT_PACE_MS * 4 + 180_000,
        ),
      ),
    );
    const made = results.reduce((a, r) => a + r.calls, 0);
    if (made !== calls) throw new Error(`the processes made ${made} calls, expected ${calls}`);
    const elapsedMs = Math.max(...results.map((r) => r.endedAt)) - startAt;
    // What the lanes really carried (a rename without its folder asks file/info first); the untimed set-up
    // uploads into the root, on none of these lanes.
    const lane = laneRequests(before, await sandbox.call('requests'));
    const { fileInfoIntervalMs, listingIntervalMs } = results[0];
    const minimumMs = Math.max(
      (calls - 1) * CLIENT_PACE_MS,
      Math.max(0, lane.info - 1) * fileInfoIntervalMs,
      Math.max(0, lane.listing - 1) * listingIntervalMs,
    );
    const sandboxMinimumMs = ((calls - SANDBOX_BURST) / SANDBOX_RATE) * 1000;
    const st = await sandbox.call('floodState');
    const clientWaits = results.reduce((a, r) => a + r.floodWaits, 0);
    ctx.record('multiprocess_elapsed_ms', round(elapsedMs, 0));
    ctx.record('multiprocess_minimum_ms', round(minimumMs, 0));
    ctx.record('multiprocess_sandbox_minimum_ms', round(sandboxMinimumMs, 0));
    ctx.record('multiprocess_peak_draw', round(st.peakDraw, 2));
    ctx.report(
      'multiprocess_flood_locks',
      st.floods,
      `${PROCESSES} processes x ${KEYS.length} keys, ${calls} calls, sandbox default profile (3/s, bucket 10); ${st.refusedWhileLocked} calls refused during a lock; the clients saw ${clientWaits} flood waits; deepest bucket draw ${st.peakDraw.toFixed(2)}`,
    );
    ctx.report(
      'multiprocess_efficiency',
      round(minimumMs / elapsedMs),
      `${calls} calls in ${(elapsedMs / 1000).toFixed(1)} s; minimum ${(minimumMs / 1000).toFixed(1)} s at the client's one pace per IP (${CLIENT_PACE_MS} ms; ${lane.info} file/info ${fileInfoIntervalMs} ms apart, ${lane.listing} listings ${listingIntervalMs} ms apart); the sandbox alone would allow ${(sandboxMinimumMs / 1000).toFixed(1)} s`,
    );
  } finally {
    await sandbox.stop();
    rmSync(paceDir, { recursive: true, force: true });
  }
}

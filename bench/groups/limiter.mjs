// limiter_efficiency and limiter_flood_locks: a burst of mixed API calls, made by several concurrent
// "lanes" (like parallel n8n items) sharing one client, against a sandbox whose token bucket refills at
// `limiterRatePerSecond` with `limiterBurst` tokens. The client is configured with that rate
// (minIntervalMs = 1000 / rate), as a user would configure it for the real service.
//
// Theoretical minimum: the bucket starts full, so `burst` calls can start at once and each further call
// needs one refill: (calls - burst) / rate seconds; and get_token, file/info and listings each have their own
// pace on the IP (the core's tokenIntervalMs, fileInfoIntervalMs and listingIntervalMs, policy/pacer.ts), so
// n of them take at least (n - 1) x that. The minimum is the largest of these. Efficiency = that minimum / the
// client's time.
import { round } from '../lib/stats.mjs';
import { laneRequests, startBenchSandbox, sandboxDataDir } from '../lib/sandbox.mjs';

export async function limiterGroup(ctx) {
  const { cfg } = ctx;
  const rate = cfg.limiterRatePerSecond;
  const burst = cfg.limiterBurst;
  const sandbox = await startBenchSandbox(ctx, {
    paced: true,
    limits: { ratePerSecond: rate, burst, lockMs: 60_000, endpointBudgets: true },
    dataDir: sandboxDataDir(ctx, 'limiter', 64 * 1024 * 1024),
  });
  try {
    const { apiBase, apiKey } = sandbox.info;
    const before = await sandbox.call('requests');
    const r = await ctx.clientWorker(
      {
        op: 'limiter',
        apiBase,
        apiKey,
        calls: cfg.limiterCalls,
        lanes: 4,
        ratePerSecond: rate,
        burst,
      },
      'limiter run',
      (cfg.limiterCalls / rate) * 3000 + 120_000,
    );
    const floods = await sandbox.call('floodCount');
    const bucketMs = ((cfg.limiterCalls - burst) / rate) * 1000;
    // The requests each lane really carried (a rename without its folder asks file/info first), less the
    // untimed set-up's, which are uploads into the root: none of them on these lanes.
    const lane = laneRequests(before, await sandbox.call('requests'));
    const laneMs = (n, spacing) => Math.max(0, n - 1) * spacing;
    const tokenMs = laneMs(lane.token, r.tokenIntervalMs);
    const infoMs = laneMs(lane.info, r.fileInfoIntervalMs);
    const listingMs = laneMs(lane.listing, r.listingIntervalMs);
    const minimumMs = Math.max(bucketMs, tokenMs, infoMs, listingMs);
    ctx.record('limiter_elapsed_ms', round(r.ms, 0));
    ctx.record('limiter_minimum_ms', round(minimumMs, 0));
    ctx.record('limiter_client_flood_waits', r.floodWaits);
    ctx.report(
      'limiter_efficiency',
      round(minimumMs / r.ms),
      `${r.calls} calls (${Object.entries(r.mix)
        .map(([k, v]) => `${v} ${k}`)
        .join(
          ', ',
        )}) in ${(r.ms / 1000).toFixed(1)} s; minimum ${(minimumMs / 1000).toFixed(1)} s (${rate}/s with burst ${burst}: ${(bucketMs / 1000).toFixed(1)} s; ${lane.token} get_token ${r.tokenIntervalMs / 1000} s apart: ${(tokenMs / 1000).toFixed(1)} s; ${lane.info} file/info ${r.fileInfoIntervalMs / 1000} s apart: ${(infoMs / 1000).toFixed(1)} s; ${lane.listing} listings ${r.listingIntervalMs / 1000} s apart: ${(listingMs / 1000).toFixed(1)} s)`,
    );
    ctx.report('limiter_flood_locks', floods, `sandbox-side #374 answers; the client saw ${r.floodWaits} flood waits`);
  } finally {
    await sandbox.stop();
  }
}

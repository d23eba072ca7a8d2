// sync_unchanged_calls and sync_one_change_uploads: a tree of `syncFiles` small files in `syncFolders`
// folders synced to the sandbox (pacing off) by the core's folder sync, counted request by request in the
// client worker: once to seed it, once unchanged, once after one file changed (same size, other bytes).
import { round } from '../lib/stats.mjs';
import { startBenchSandbox, sandboxDataDir } from '../lib/sandbox.mjs';

/** Calls an unchanged sync may make beyond one listing per folder: the listing of the target's parent. */
const SYNC_CONSTANT_CALLS = 2;

export async function syncGroup(ctx) {
  const { cfg } = ctx;
  const sandbox = await startBenchSandbox(ctx, { paced: false, dataDir: sandboxDataDir(ctx, 'sync', 64 * 1024 * 1024) });
  try {
    const { apiBase, apiKey } = sandbox.info;
    const r = await ctx.clientWorker(
      { op: 'sync', apiBase, apiKey, files: cfg.syncFiles, folders: cfg.syncFolders, fileBytes: cfg.syncFileBytes, workDir: ctx.tmp },
      'sync',
      5 * 60_000,
    );
    const describe = (counts) =>
      Object.entries(counts)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${v} ${k}`)
        .join(', ');
    ctx.record('sync_seed_ms', round(r.seedMs, 0));
    ctx.record('sync_seed_calls', r.seedCalls);
    ctx.record('sync_unchanged_ms', round(r.unchangedMs, 0));
    ctx.record('sync_unchanged_uploads', r.unchangedUploads);
    ctx.record('sync_one_change_calls', r.changedCalls);
    ctx.record('sync_one_change_removals', r.changedRemovals);
    if (r.unchangedUploads !== 0) throw new Error(`the unchanged sync uploaded ${r.unchangedUploads} files`);
    ctx.report(
      'sync_unchanged_calls',
      r.unchangedCalls,
      `${r.files} files in ${r.folders} folders: ${describe(r.unchangedCounts)}; 0 uploads; ${round(r.unchangedMs, 0)} ms ` +
        `(every file hashed: same sizes); allowed ${r.folders} + ${SYNC_CONSTANT_CALLS}`,
    );
    // The scenario must end right: one removal (the old copy), nothing failed, nothing left to do.
    const left = r.afterSummary;
    if (r.changedRemovals !== 1 || r.changedFailed !== 0 || left.upload + left.replace + left.remove !== 0) {
      throw new Error(
        `one changed file gave ${r.changedRemovals} removals and ${r.changedFailed} failures; the next sync still had ${JSON.stringify(left)}`,
      );
    }
    ctx.report(
      'sync_one_change_uploads',
      r.changedUploads,
      `${r.changedUploads} upload and ${r.changedRemovals} removal (the old copy, after the upload); ${r.changedCalls} calls: ${describe(r.changedCounts)}`,
    );
  } finally {
    await sandbox.stop();
  }
}

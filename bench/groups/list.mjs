// list_5000_ms and list_parse_ms: a folder of `listCount` files (sandbox pacing off), listed through the
// client with file/ls.cgi; then the same answer text parsed by the client with an in-memory transport.
import { round } from '../lib/stats.mjs';
import { startBenchSandbox, sandboxDataDir } from '../lib/sandbox.mjs';

export async function listGroup(ctx) {
  const { cfg } = ctx;
  const sandbox = await startBenchSandbox(ctx, { paced: false, dataDir: sandboxDataDir(ctx, 'list', 256 * 1024 * 1024) });
  try {
    const { apiBase, apiKey } = sandbox.info;
    const r = await ctx.clientWorker(
      {
        op: 'list',
        apiBase,
        apiKey,
        count: cfg.listCount,
        runs: cfg.listRuns,
        parseRuns: cfg.parseRuns,
      },
      'listing',
      5 * 60_000,
    );
    ctx.record('list_seed_ms', round(r.seedMs, 0));
    ctx.record('list_answer_kb', round(r.answerBytes / 1000, 1));
    ctx.report(
      'list_5000_ms',
      round(r.listMs, 1),
      `${r.count} files, median of ${cfg.listRuns}; answer ${(r.answerBytes / 1e6).toFixed(2)} MB`,
    );
    ctx.report('list_parse_ms', round(r.parseMs, 2), `median of ${cfg.parseRuns} parses of the same answer, no network`);
  } finally {
    await sandbox.stop();
  }
}

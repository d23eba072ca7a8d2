// fault_matrix_flood_locks and fault_matrix_flood_locks_strict: the fault matrix
// (test/integration/fault-matrix/: the main operations under every sandbox profile and switch, on a
// compressed clock) run as it is in the test command's `fault-matrix` stage, then the flood locks each
// profile's runs drew, from the summaries it writes (one JSON file per profile).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The matrix, through jest, writing its per-profile summaries to `outDir`. */
function runMatrix(ctx, outDir) {
  return new Promise((resolve, reject) => {
    const jest = join(ctx.root, 'node_modules', '.bin', 'jest');
    const child = spawn(jest, ['-c', 'test/integration/fault-matrix/jest.config.js', '--ci', '--silent'], {
      cwd: ctx.root,
      env: { ...process.env, FAULT_MATRIX_OUT_DIR: outDir, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const keep = (chunk) => (tail = (tail + chunk.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`the fault matrix failed (exit ${code}): ${tail.trim().split('\n').slice(-5).join(' / ')}`)),
    );
  });
}

/** The cells that drew a profile's most locks in one run, by name. */
function worstCells(summary) {
  const worst = Object.entries(summary.floodsByCell ?? {}).filter(([, n]) => n === summary.maxFloodsPerRun && n > 0);
  return worst.length === 0 ? 'none' : worst.length > 3 ? `${worst.length} cells` : worst.map(([cell]) => cell).join(', ');
}

export async function faultsGroup(ctx) {
  if (ctx.mode === 'smoke') {
    const reason = 'the fault matrix takes minutes; it runs in the fault-matrix stage of pnpm test and in the full run';
    ctx.skip('fault_matrix_flood_locks', reason);
    ctx.skip('fault_matrix_flood_locks_strict', reason);
    return;
  }
  const outDir = mkdtempSync(join(ctx.tmp, 'fault-matrix-'));
  try {
    await runMatrix(ctx, outDir);
    const summary = (profile) => JSON.parse(readFileSync(join(outDir, `${profile}.json`), 'utf8'));
    const def = summary('default');
    const documented = summary('documented');
    const strict = summary('strict');
    ctx.record('fault_matrix_documented_flood_locks', documented.floods);
    ctx.record('fault_matrix_strict_flood_locks_total', strict.floods);
    ctx.record('fault_matrix_seconds', Math.round(Math.max(def.seconds, documented.seconds, strict.seconds)));
    ctx.report(
      'fault_matrix_flood_locks',
      def.floods,
      `default profile: ${def.floods} flood lock(s) in ${def.runs} runs of the main operations`,
    );
    ctx.report(
      'fault_matrix_flood_locks_strict',
      strict.maxFloodsPerRun,
      `strict profile: at most ${strict.maxFloodsPerRun} in one run (${worstCells(strict)}), ${strict.floods} in ${strict.runs} runs; documented: ${documented.floods}`,
    );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

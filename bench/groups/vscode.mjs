// vscode_bundle_kb and vscode_activate_ms: the size of the extension's esbuild bundle and the time of its
// activate() in a fresh Node process with a fake `vscode` module (bench/fake-vscode.cjs).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runWorker } from '../lib/child.mjs';
import { median, round } from '../lib/stats.mjs';

export async function vscodeGroup(ctx) {
  const pkgDir = join(ctx.root, 'packages', 'vscode-1fichier');
  const bundle = join(pkgDir, 'dist', 'extension.js');
  if (!existsSync(join(pkgDir, 'package.json'))) {
    ctx.skip('vscode_bundle_kb', 'packages/vscode-1fichier does not exist yet');
    ctx.skip('vscode_activate_ms', 'packages/vscode-1fichier does not exist yet');
    return;
  }
  // Always measure a fresh bundle of the current sources (the package's own build script makes it).
  ctx.log('building packages/vscode-1fichier (its own build script)');
  const build = spawnSync('pnpm', ['--filter', 'vscode-1fichier', 'run', 'build'], { cwd: ctx.root, encoding: 'utf8' });
  if (build.status !== 0) {
    const lines = `${build.stdout}\n${build.stderr}`.trim().split('\n');
    const firstError = lines.find((l) => /error/i.test(l)) ?? lines.slice(-3).join(' ');
    throw new Error(`the extension's build failed (pnpm --filter vscode-1fichier run build): ${firstError.trim()}`);
  }
  if (!existsSync(bundle)) throw new Error(`the extension's build made no ${bundle}`);
  const kb = statSync(bundle).size / 1000;
  ctx.report('vscode_bundle_kb', round(kb, 1), `dist/extension.js, ${statSync(bundle).size} bytes`);

  const loads = [];
  const activations = [];
  for (let run = 0; run < ctx.cfg.activateRuns; run++) {
    const r = await runWorker(join(ctx.root, 'bench', 'activate-worker.cjs'), { bundle }, { label: 'activate()', timeoutMs: 30_000 });
    loads.push(r.loadMs);
    activations.push(r.activateMs);
  }
  ctx.record('vscode_load_ms', round(median(loads), 1));
  ctx.report('vscode_activate_ms', round(median(activations), 2),
    `median of ${activations.length} cold starts; require() of the bundle ${median(loads).toFixed(1)} ms more`);
}

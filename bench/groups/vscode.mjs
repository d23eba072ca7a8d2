// vscode_bundle_kb and vscode_activate_ms: the size of the extension's activation bundle as it ships
// (the package's production build: minified, no source maps) and the time of its activate() in a fresh
// Node process with a fake `vscode` module (bench/fake-vscode.cjs). The lazily loaded chunks are recorded
// beside it, so the split cannot hide weight.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runWorker } from '../lib/child.mjs';
import { mirrorPackage } from '../lib/mirror.mjs';
import { median, round } from '../lib/stats.mjs';

function build(pkgDir, args) {
  const r = spawnSync(process.execPath, [join(pkgDir, 'build.mjs'), ...args], { cwd: pkgDir, encoding: 'utf8' });
  if (r.status !== 0) {
    const lines = `${r.stdout}\n${r.stderr}`.trim().split('\n');
    const firstError = lines.find((l) => /error/i.test(l)) ?? lines.slice(-3).join(' ');
    throw new Error(`the extension's build failed (packages/vscode-1fichier/build.mjs ${args.join(' ')}): ${firstError.trim()}`);
  }
}

export async function vscodeGroup(ctx) {
  if (!existsSync(join(ctx.root, 'packages', 'vscode-1fichier', 'build.mjs'))) {
    ctx.skip('vscode_bundle_kb', 'packages/vscode-1fichier has no build.mjs yet');
    ctx.skip('vscode_activate_ms', 'packages/vscode-1fichier has no build.mjs yet');
    return;
  }
  ctx.log('building packages/vscode-1fichier for production (its own build.mjs --production, in a mirror under bench/tmp)');
  const pkgDir = mirrorPackage(ctx.root, ctx.tmp, 'vscode-1fichier', 'build.mjs');
  const dist = join(pkgDir, 'dist');
  const bundle = join(dist, 'extension.js');
  build(pkgDir, ['--production']);
  if (!existsSync(bundle)) throw new Error(`the extension's build made no ${bundle}`);
  const sizes = Object.fromEntries(
    readdirSync(dist)
      .filter((f) => f.endsWith('.js'))
      .map((f) => [f, statSync(join(dist, f)).size]),
  );
  const totalKb = Object.values(sizes).reduce((a, b) => a + b, 0) / 1000;
  for (const [f, bytes] of Object.entries(sizes))
    ctx.record(`vscode_${f.replace(/\.js$/, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_js_kb`, round(bytes / 1000, 1));
  ctx.record('vscode_shipped_js_kb', round(totalKb, 1));
  ctx.report(
    'vscode_bundle_kb',
    round(sizes['extension.js'] / 1000, 1),
    `dist/extension.js, production build; all shipped JS ${totalKb.toFixed(0)} KB (${Object.entries(sizes)
      .filter(([f]) => f !== 'extension.js')
      .map(([f, b]) => `${f} ${(b / 1000).toFixed(0)}`)
      .join(', ')}) loads later or in other processes`,
  );

  // VS Code's own "activation time" is loading the code plus the activate() call; so is this figure.
  const loads = [];
  const calls = [];
  const totals = [];
  let registered = 0;
  for (let run = 0; run < ctx.cfg.activateRuns; run++) {
    const r = await runWorker(join(ctx.root, 'bench', 'activate-worker.cjs'), { bundle }, { label: 'activate()', timeoutMs: 30_000 });
    if (r.subscriptions === 0) throw new Error('activate() registered nothing: the fake vscode module no longer fits the extension');
    registered = r.subscriptions;
    loads.push(r.loadMs);
    calls.push(r.activateMs);
    totals.push(r.loadMs + r.activateMs);
  }
  ctx.record('vscode_load_ms', round(median(loads), 2));
  ctx.record('vscode_activate_call_ms', round(median(calls), 2));
  ctx.report(
    'vscode_activate_ms',
    round(median(totals), 2),
    `require() ${median(loads).toFixed(1)} ms + activate() ${median(calls).toFixed(1)} ms, median of ${totals.length} cold starts; ${registered} disposables registered`,
  );
}

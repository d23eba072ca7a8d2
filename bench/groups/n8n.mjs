// n8n_upload_rss_growth_mb: real n8n (the pinned install from scripts/install-n8n.mjs) runs a workflow
// "Read File → 1fichier Upload" with binary data in filesystem mode, once for the small file and once for
// the big one, each with `n8n execute` in a process of its own; the process's peak RSS (VmHWM, sampled
// from /proc) is taken for both. Growth = peak(big) − peak(small): what the file's size adds, with n8n's
// own start-up footprint cancelled out.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isN8nInstalled, n8nBin, node24Bin } from '../../scripts/lib/n8n.mjs';
import { freePort } from '../../scripts/lib/wait.mjs';
import { round, MiB } from '../lib/stats.mjs';
import { ensureTestFile } from '../lib/testfile.mjs';
import { mirrorPackage } from '../lib/mirror.mjs';
import { n8nCommand, n8nEnv, peakKb } from '../lib/n8n.mjs';
import { startBenchSandbox, sandboxDataDir } from '../lib/sandbox.mjs';

const FIGURE = 'n8n_upload_rss_growth_mb';
const CREDENTIAL = { id: 'benchOneFichier1', name: '1fichier sandbox (bench)' };

/** `n8n execute` of one workflow, sampling the process's peak RSS until it exits. */
function executeWorkflow(id, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(node24Bin(), 'node'), [n8nBin(), 'execute', `--id=${id}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr = (stderr + c).slice(-4000);
    });
    // VmHWM only grows, so the last sample before exit is the peak (to within one 25 ms interval).
    const sampler = setInterval(() => {
      peak = Math.max(peak, peakKb(child.pid) ?? 0);
    }, 25);
    const timer = setTimeout(() => child.kill('SIGKILL'), 8 * 60_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      writeFileSync(
        join(env.N8N_USER_FOLDER, '..', `execute-${id}.log`),
        `exit ${code ?? signal}\n--- stdout\n${stdout}\n--- stderr\n${stderr}\n`,
      );
      clearInterval(sampler);
      clearTimeout(timer);
      const logHint = ` (log: ${join(env.N8N_USER_FOLDER, '..', `execute-${id}.log`)})`;
      if (code !== 0) return reject(new Error(`n8n execute exited with ${code ?? signal}${logHint}`));
      // The upload itself is checked in the sandbox (n8n's printed output varies with its log settings).
      return resolve({ peakKb: peak });
    });
  });
}

function workflow(id, file) {
  const rl = (mode, value) => ({ __rl: true, mode, value });
  const nodes = [
    { id: `${id}-1`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      id: `${id}-2`,
      name: 'Read File',
      type: 'n8n-nodes-base.readWriteFile',
      typeVersion: 1,
      position: [220, 0],
      parameters: { operation: 'read', fileSelector: file, options: {} },
    },
    {
      id: `${id}-3`,
      name: 'Upload',
      type: 'CUSTOM.oneFichier',
      typeVersion: 1,
      position: [440, 0],
      parameters: { resource: 'file', operation: 'upload', binaryPropertyName: 'data', folder: rl('id', '0'), fileName: '', options: {} },
      credentials: { oneFichierApi: CREDENTIAL },
    },
  ];
  return {
    id,
    name: `bench upload ${id}`,
    nodes,
    active: false,
    settings: { executionOrder: 'v1' },
    pinData: {},
    connections: {
      Start: { main: [[{ node: 'Read File', type: 'main', index: 0 }]] },
      'Read File': { main: [[{ node: 'Upload', type: 'main', index: 0 }]] },
    },
  };
}

export async function n8nGroup(ctx) {
  const pkgDir = join(ctx.root, 'packages', 'n8n-nodes-1fichier');
  if (!existsSync(join(pkgDir, 'scripts', 'build.mjs'))) return ctx.skip(FIGURE, 'packages/n8n-nodes-1fichier is not there yet');
  if (ctx.mode === 'smoke') return ctx.skip(FIGURE, 'real n8n takes a minute to start twice; measured by the full run');
  if (!isN8nInstalled()) throw new Error('real n8n is not installed; run: node scripts/install-n8n.mjs (once, about 7 minutes)');

  // The node's own build script, in a mirror under bench/tmp: the package's real dist/ is left alone.
  const mirror = mirrorPackage(ctx.root, ctx.tmp, 'n8n-nodes-1fichier', join('scripts', 'build.mjs'));
  const build = spawnSync(process.execPath, [join(mirror, 'scripts', 'build.mjs')], { cwd: mirror, encoding: 'utf8' });
  if (build.status !== 0)
    throw new Error(`building the n8n node failed: ${`${build.stderr}\n${build.stdout}`.trim().split('\n').slice(-2).join(' ')}`);

  const { cfg, tmp, log } = ctx;
  const bigFile = ensureTestFile(tmp, cfg.bigBytes);
  const smallFile = ensureTestFile(tmp, cfg.smallBytes);
  const work = join(tmp, 'n8n');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const sandbox = await startBenchSandbox(ctx, { paced: false, dataDir: sandboxDataDir(ctx, 'n8n', cfg.bigBytes * 2) });
  // On failure the work folder (n8n's home, the execute logs) is kept for inspection.
  let failedRun = true;
  try {
    const env = n8nEnv(join(work, 'home'), tmp, join(mirror, 'dist'), await freePort(), await freePort());
    writeFileSync(
      join(work, 'credentials.json'),
      JSON.stringify([{ ...CREDENTIAL, type: 'oneFichierApi', data: { apiKey: sandbox.info.apiKey, baseUrl: sandbox.info.apiBase } }]),
    );
    const flows = { small: workflow('benchSmallUpld1', smallFile), big: workflow('benchBigUpload1', bigFile) };
    writeFileSync(join(work, 'workflows.json'), JSON.stringify(Object.values(flows)));
    log('n8n: importing the credential and the two workflows');
    n8nCommand(['import:credentials', `--input=${join(work, 'credentials.json')}`], env);
    n8nCommand(['import:workflow', `--input=${join(work, 'workflows.json')}`], env);

    const peaks = {};
    for (const [which, bytes] of [
      ['small', cfg.smallBytes],
      ['big', cfg.bigBytes],
    ]) {
      const t0 = Date.now();
      const { peakKb: kb } = await executeWorkflow(flows[which].id, env);
      const stored = await sandbox.call('files');
      const name = (which === 'big' ? bigFile : smallFile).split('/').pop();
      if (!stored.some((f) => f.filename === name && f.size === bytes)) {
        throw new Error(
          `the ${which} workflow ran but the sandbox holds no ${bytes}-byte "${name}" (it has ${JSON.stringify(stored).slice(0, 200)}); see ${join(work, `execute-${flows[which].id}.log`)}`,
        );
      }
      peaks[which] = (kb * 1024) / 1e6;
      log(`n8n execute (${bytes / MiB} MiB upload): peak RSS ${peaks[which].toFixed(0)} MB, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await sandbox.call('removeAllFiles');
    }
    failedRun = false;
    ctx.record('n8n_upload_peak_rss_big_mb', round(peaks.big, 1));
    ctx.record('n8n_upload_peak_rss_small_mb', round(peaks.small, 1));
    ctx.report(
      FIGURE,
      round(peaks.big - peaks.small, 1),
      `n8n execute peak ${peaks.big.toFixed(0)} MB for ${cfg.bigBytes / MiB} MiB vs ${peaks.small.toFixed(0)} MB for ${cfg.smallBytes / MiB} MiB (filesystem binary mode)`,
    );
  } finally {
    await sandbox.stop();
    if (!failedRun) rmSync(work, { recursive: true, force: true });
  }
  return undefined;
}

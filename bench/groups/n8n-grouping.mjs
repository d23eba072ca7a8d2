// The n8n node's grouping ("Combine Items Into Fewer Requests", node version 1.2) in real n8n, the node
// built as it ships and loaded as a community node, against the sandbox (in this process, so its request
// counters can be read; n8n runs in child processes):
// - n8n_upload_calls_per_item, n8n_move_calls_per_item, n8n_delete_calls_per_item: one workflow reads 100
//   files of 10 KB (one item each), uploads them into one folder, moves them to the root and deletes them;
//   every request the sandbox answered (API, upload node) is counted per endpoint and divided by 100. The
//   upload's share is everything but file/mv.cgi and file/rm.cgi (the folder's creation included).
// - n8n_upload_100_strict_speedup: the same 100 uploads at the strict profile's pace (the sandbox enforces
//   0.4 calls/s; the credential's "Processes Sharing This Key" at 5 gives the node 2.5 s between calls), once
//   with one request per item (the option off) and once grouped, in the same run: the Upload node's own
//   execution time, one over the other.
// - n8n_grouped_upload_rss_growth_mb (recorded): a group holding the 1 GiB file among 10 KB files, peak RSS of
//   `n8n execute` minus that of the group without it (filesystem binary mode), as n8n.mjs measures one file.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isN8nInstalled, n8nBin, node24Bin } from '../../scripts/lib/n8n.mjs';
import { freePort } from '../../scripts/lib/wait.mjs';
import { MiB, round } from '../lib/stats.mjs';
import { ensureTestFile } from '../lib/testfile.mjs';
import { mirrorPackage } from '../lib/mirror.mjs';
import { n8nCommand, n8nEnv, peakKb } from '../lib/n8n.mjs';

const FIGURES = ['n8n_upload_calls_per_item', 'n8n_delete_calls_per_item', 'n8n_move_calls_per_item', 'n8n_upload_100_strict_speedup'];
const CREDENTIAL = { id: 'benchGrouping001', name: '1fichier sandbox (grouping bench)' };
const STRICT_CREDENTIAL = { id: 'benchGroupStrict', name: '1fichier strict sandbox (grouping bench)' };
const ITEMS = 100;
const ITEM_BYTES = 10 * 1024;

const rl = (mode, value) => ({ __rl: true, mode, value });

/** `n8n execute --rawOutput` (asynchronous: the sandbox in this process keeps answering); its result and peak RSS. */
function execute(id, env, logDir, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(node24Bin(), 'node'), [n8nBin(), 'execute', `--id=${id}`, '--rawOutput'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
    const sampler = setInterval(() => (peak = Math.max(peak, peakKb(child.pid) ?? 0)), 25);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timer);
      const logFile = join(logDir, `execute-${id}.log`);
      writeFileSync(logFile, `exit ${code ?? signal}\n--- stdout\n${stdout}\n--- stderr\n${stderr}\n`);
      if (code !== 0) return reject(new Error(`n8n execute ${id} exited with ${code ?? signal} (log: ${logFile})`));
      const start = stdout.indexOf('{');
      if (start < 0) return reject(new Error(`n8n execute ${id} printed no result (log: ${logFile})`));
      return resolve({ run: JSON.parse(stdout.slice(start)), peakKb: peak, logFile });
    });
  });
}

/** The items a node output, and its execution time (ms), from an `execute --rawOutput` result. */
function nodeRun(run, name) {
  const tasks = run?.data?.resultData?.runData?.[name];
  if (!tasks?.length)
    throw new Error(`node "${name}" did not run${run?.data?.resultData?.error ? `: ${run.data.resultData.error.message}` : ''}`);
  const task = tasks[tasks.length - 1];
  return { items: task.data?.main?.[0] ?? [], ms: task.executionTime };
}

/** Start → Read Files (a glob: one item per file) → the 1fichier nodes given, one after the other. */
function workflow(id, glob, steps, credential) {
  const nodes = [
    { id: `${id}-0`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      id: `${id}-1`,
      name: 'Read Files',
      type: 'n8n-nodes-base.readWriteFile',
      typeVersion: 1,
      position: [220, 0],
      parameters: { operation: 'read', fileSelector: glob, options: {} },
    },
    ...steps.map((s, i) => ({
      id: `${id}-${i + 2}`,
      name: s.name,
      type: 'CUSTOM.oneFichier',
      typeVersion: 1.2,
      position: [440 + 220 * i, 0],
      parameters: { resource: 'file', ...s.parameters },
      credentials: { oneFichierApi: credential },
    })),
  ];
  const connections = {};
  for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
  return { id, name: `bench grouping ${id}`, nodes, connections, active: false, settings: { executionOrder: 'v1' }, pinData: {} };
}

const upload = (folder, combineItems = true) => ({
  name: 'Upload',
  parameters: { operation: 'upload', binaryPropertyName: 'data', folder, fileName: '', combineItems, options: {} },
});

export async function n8nGroupingGroup(ctx) {
  const pkgDir = join(ctx.root, 'packages', 'n8n-nodes-1fichier');
  const skipAll = (reason) => {
    for (const f of FIGURES) ctx.skip(f, reason);
  };
  if (!existsSync(join(pkgDir, 'scripts', 'build.mjs'))) return skipAll('packages/n8n-nodes-1fichier is not there yet');
  if (ctx.mode === 'smoke') return skipAll('real n8n and a 12-minute strict run; measured by the full run');
  if (!isN8nInstalled()) throw new Error('real n8n is not installed; run: node scripts/install-n8n.mjs (once, about 7 minutes)');
  const sandboxDist = join(ctx.root, 'test', 'sandbox', 'dist', 'index.js');
  if (!existsSync(sandboxDist)) throw new Error('the sandbox is not built; run: pnpm --filter @onefichier/sandbox run build');
  const { startSandbox } = createRequire(import.meta.url)(sandboxDist);

  const mirror = mirrorPackage(ctx.root, ctx.tmp, 'n8n-nodes-1fichier', join('scripts', 'build.mjs'));
  const build = spawnSync(process.execPath, [join(mirror, 'scripts', 'build.mjs')], { cwd: mirror, encoding: 'utf8' });
  if (build.status !== 0)
    throw new Error(`building the n8n node failed: ${`${build.stderr}\n${build.stdout}`.trim().split('\n').slice(-2).join(' ')}`);

  const { tmp, log, cfg } = ctx;
  const work = join(tmp, 'n8n-grouping');
  rmSync(work, { recursive: true, force: true });
  const small = join(work, 'small');
  mkdirSync(small, { recursive: true });
  for (let i = 0; i < ITEMS; i++) writeFileSync(join(small, `item-${String(i).padStart(3, '0')}.bin`), Buffer.alloc(ITEM_BYTES, i));
  // The big group: the 1 GiB test file (a hard link, no copy) among nine of the small files.
  const withBig = join(work, 'with-big');
  const withoutBig = join(work, 'without-big');
  mkdirSync(withBig, { recursive: true });
  mkdirSync(withoutBig, { recursive: true });
  const bigFile = ensureTestFile(tmp, cfg.bigBytes);
  linkSync(bigFile, join(withBig, 'big.bin'));
  for (let i = 0; i < 9; i++) {
    writeFileSync(join(withBig, `s${i}.bin`), Buffer.alloc(ITEM_BYTES, i));
    writeFileSync(join(withoutBig, `s${i}.bin`), Buffer.alloc(ITEM_BYTES, i));
  }

  const counted = await startSandbox({ dataDir: join(work, 'sandbox'), reset: true, port: 0 });
  const strict = await startSandbox({ dataDir: join(work, 'sandbox-strict'), reset: true, port: 0, profile: 'strict' });
  let failed = true;
  try {
    const env = n8nEnv(join(work, 'home'), work, join(mirror, 'dist'), await freePort(), await freePort());
    writeFileSync(
      join(work, 'credentials.json'),
      JSON.stringify([
        { ...CREDENTIAL, type: 'oneFichierApi', data: { apiKey: counted.premiumKey, baseUrl: counted.apiBaseUrl } },
        {
          ...STRICT_CREDENTIAL,
          type: 'oneFichierApi',
          data: { apiKey: strict.premiumKey, baseUrl: strict.apiBaseUrl, processesSharingKey: 5 },
        },
      ]),
    );
    const flows = {
      calls: workflow(
        'benchGroupCalls1',
        join(small, '*.bin'),
        [
          upload(rl('path', '/bench-grouping')),
          {
            name: 'Move',
            parameters: { operation: 'move', file: rl('url', '={{ $json.url }}'), destination: rl('id', '0'), newName: '', options: {} },
          },
          { name: 'Delete', parameters: { operation: 'delete', file: rl('url', '={{ $json.url }}') } },
        ],
        CREDENTIAL,
      ),
      strictEach: workflow('benchGroupStrEach', join(small, '*.bin'), [upload(rl('id', '0'), false)], STRICT_CREDENTIAL),
      strictGrouped: workflow('benchGroupStrGrp1', join(small, '*.bin'), [upload(rl('id', '0'))], STRICT_CREDENTIAL),
      withBig: workflow('benchGroupBigIn1', join(withBig, '*.bin'), [upload(rl('id', '0'))], CREDENTIAL),
      withoutBig: workflow('benchGroupBigOut1', join(withoutBig, '*.bin'), [upload(rl('id', '0'))], CREDENTIAL),
    };
    writeFileSync(join(work, 'workflows.json'), JSON.stringify(Object.values(flows)));
    log('n8n grouping: importing the credentials and the workflows');
    n8nCommand(['import:credentials', `--input=${join(work, 'credentials.json')}`], env);
    n8nCommand(['import:workflow', `--input=${join(work, 'workflows.json')}`], env);

    // Calls per item: upload, move, delete of 100 items, every request counted by the sandbox.
    const before = { ...counted.state().counters.requests };
    const callsRun = await execute(flows.calls.id, env, work, 10 * 60_000);
    const after = counted.state().counters.requests;
    const delta = Object.fromEntries(
      Object.keys(after)
        .map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)])
        .filter(([, n]) => n > 0),
    );
    for (const name of ['Upload', 'Move', 'Delete']) {
      const { items } = nodeRun(callsRun.run, name);
      const bad = items.filter((i) => i.json.error);
      if (items.length !== ITEMS || bad.length > 0)
        throw new Error(
          `${name} output ${items.length} items, ${bad.length} with an error (${bad[0]?.json.error ?? ''}); see ${callsRun.logFile}`,
        );
    }
    if (counted.state().files.length !== 0)
      throw new Error(`the delete left ${counted.state().files.length} files; see ${callsRun.logFile}`);
    const moveCalls = delta['file/mv.cgi'] ?? 0;
    const deleteCalls = delta['file/rm.cgi'] ?? 0;
    const uploadCalls = Object.values(delta).reduce((a, b) => a + b, 0) - moveCalls - deleteCalls;
    const spelled = Object.entries(delta)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    log(`n8n grouping: requests for 100 items: ${spelled}`);
    ctx.report(
      'n8n_upload_calls_per_item',
      round(uploadCalls / ITEMS, 3),
      `${uploadCalls} requests for ${ITEMS} uploads of 10 KB into one folder (the whole run's requests: ${spelled})`,
    );
    ctx.report('n8n_move_calls_per_item', round(moveCalls / ITEMS, 3), `${moveCalls} file/mv.cgi for ${ITEMS} moves`);
    ctx.report('n8n_delete_calls_per_item', round(deleteCalls / ITEMS, 3), `${deleteCalls} file/rm.cgi for ${ITEMS} deletes`);

    // Memory: the 1 GiB file inside a group.
    const peaks = {};
    for (const which of ['withoutBig', 'withBig']) {
      const r = await execute(flows[which].id, env, work, 10 * 60_000);
      const { items } = nodeRun(r.run, 'Upload');
      const expected = which === 'withBig' ? 10 : 9;
      if (items.length !== expected || items.some((i) => i.json.error))
        throw new Error(`${which}: ${items.length} items or an error; see ${r.logFile}`);
      peaks[which] = (r.peakKb * 1024) / 1e6;
    }
    ctx.record('n8n_grouped_upload_rss_growth_mb', round(peaks.withBig - peaks.withoutBig, 1));
    log(
      `n8n grouping: a group with the ${cfg.bigBytes / MiB} MiB file: peak ${peaks.withBig.toFixed(0)} MB vs ${peaks.withoutBig.toFixed(0)} MB without it`,
    );
    // The strict pace: one request per item, then grouped; the Upload node's own time each.
    const times = {};
    for (const which of ['strictGrouped', 'strictEach']) {
      const t0 = Date.now();
      const requestsBefore = Object.values(strict.state().counters.requests).reduce((x, y) => x + y, 0);
      const r = await execute(flows[which].id, env, work, 30 * 60_000);
      const { items, ms } = nodeRun(r.run, 'Upload');
      if (items.length !== ITEMS || items.some((i) => i.json.error))
        throw new Error(`${which}: ${items.length} items or an error; see ${r.logFile}`);
      times[which] = ms;
      const requests = Object.values(strict.state().counters.requests).reduce((x, y) => x + y, 0) - requestsBefore;
      ctx.record(`n8n_upload_100_${which === 'strictEach' ? 'one_per_item' : 'grouped'}_calls_per_item`, round(requests / ITEMS, 3));
      log(
        `n8n grouping: ${which}: Upload node ${(ms / 1000).toFixed(1)} s (n8n execute ${((Date.now() - t0) / 1000).toFixed(0)} s), ${strict.state().floods} flood locks so far`,
      );
    }
    ctx.record('n8n_upload_100_strict_each_s', round(times.strictEach / 1000, 1));
    ctx.record('n8n_upload_100_strict_grouped_s', round(times.strictGrouped / 1000, 1));
    ctx.report(
      'n8n_upload_100_strict_speedup',
      round(times.strictEach / times.strictGrouped, 1),
      `100 uploads at the strict pace: ${(times.strictEach / 1000).toFixed(0)} s one request per item, ${(times.strictGrouped / 1000).toFixed(1)} s grouped; ${strict.state().floods} flood locks`,
    );

    failed = false;
  } finally {
    await counted.stop();
    await strict.stop();
    if (!failed) rmSync(work, { recursive: true, force: true });
  }
  return undefined;
}
